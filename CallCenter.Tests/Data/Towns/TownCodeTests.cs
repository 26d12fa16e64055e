using CallCenter.Data.Towns;

namespace CallCenter.Tests.Data.Towns;

public sealed class TownCodeTests
{
    [Theory]
    [InlineData("07545", 1)] // 大熊町: 77 mod 11 = 0 → 11 → 1 (the example)
    [InlineData("01100", 2)] // 札幌市: 9 → 2
    [InlineData("13101", 6)] // 千代田区: 27 mod 11 = 5 → 6
    [InlineData("07542", 6)] // 富岡町: 71 mod 11 = 5 → 6
    [InlineData("13103", 2)] // 港区: 31 mod 11 = 9 → 2
    [InlineData("13001", 0)] // 23 mod 11 = 1 → 10 → 0 (the last digit)
    public void CheckDigit_FollowsTheWeights65432_Modulo11(string five, int expected)
    {
        Assert.Equal(expected, TownCode.CheckDigit(five));
    }

    [Theory]
    [InlineData("075451", true)]
    [InlineData("075426", true)]
    [InlineData("079995", true)]
    [InlineData("075452", false)]
    [InlineData("07545", false)]
    [InlineData("0754510", false)]
    [InlineData("０７５４５１", false)]
    [InlineData("000001", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsValid_AcceptsOnlySixDigitsWithTheirCheckDigit(string? code, bool valid)
    {
        Assert.Equal(valid, TownCode.IsValid(code));
        Assert.Equal(valid, TownCode.Problem(code) is null);
    }

    [Fact]
    public void Problem_NamesTheRightCheckDigit_When_ItIsWrong()
    {
        Assert.Equal("団体コード「075452」の検査数字（6 桁目）が合いません（07545 なら 075451）。", TownCode.Problem("075452"));
    }
}
