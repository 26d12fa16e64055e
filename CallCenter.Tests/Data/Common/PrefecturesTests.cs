using CallCenter.Data.Common;

namespace CallCenter.Tests.Data.Common;

public class PrefecturesTests
{
    [Fact]
    public void Codes_List47PrefecturesAndAbroad()
    {
        Assert.Equal(48, Prefectures.Codes.Count);
        Assert.Equal("北海道", Prefectures.Name(1));
        Assert.Equal("福島県", Prefectures.Name(7));
        Assert.Equal("東京都", Prefectures.Name(13));
        Assert.Equal("沖縄県", Prefectures.Name(47));
        Assert.Equal("海外", Prefectures.Name(Prefectures.Abroad));
        Assert.Null(Prefectures.Name(48));
    }

    [Theory]
    [InlineData("福島県", 7)]
    [InlineData("福島", 7)]
    [InlineData("東京", 13)]
    [InlineData("大阪府", 27)]
    [InlineData("北海道", 1)]
    [InlineData("海外", 99)]
    public void FromName_FindsCode_WithOrWithoutSuffix(string name, int code)
    {
        Assert.Equal((byte)code, Prefectures.FromName(name));
    }

    [Fact]
    public void FromName_IsNull_When_Unknown()
    {
        Assert.Null(Prefectures.FromName("ふくしま"));
    }
}
