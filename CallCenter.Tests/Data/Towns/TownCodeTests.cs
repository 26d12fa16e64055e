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

    [Theory]
    [InlineData("01003", 0, 1)]  // r = 0 → 11 → 1
    [InlineData("01009", 1, 0)]  // r = 1 → 10 → 0
    [InlineData("01004", 2, 9)]
    [InlineData("01013", 3, 8)]
    [InlineData("01005", 4, 7)]
    [InlineData("01000", 5, 6)]
    [InlineData("01006", 6, 5)]
    [InlineData("01001", 7, 4)]
    [InlineData("01007", 8, 3)]
    [InlineData("01002", 9, 2)]
    [InlineData("01008", 10, 1)] // r = 10 → 1
    public void CheckDigit_CoversEveryRemainder(string five, int remainder, int expected)
    {
        var sum = five.Select((c, i) => (c - '0') * (6 - i)).Sum();
        Assert.Equal(remainder, sum % 11);
        Assert.Equal(expected, TownCode.CheckDigit(five));
        Assert.True(TownCode.IsValid(five + expected));
    }

    [Theory]
    [InlineData("0754")]
    [InlineData("075451 ")]
    [InlineData("07545a")]
    [InlineData("０７５４５")]
    public void CheckDigit_Throws_When_NotFiveAsciiDigits(string text)
    {
        Assert.Throws<ArgumentException>(() => TownCode.CheckDigit(text));
    }

    [Theory]
    [InlineData(null, "団体コードを入力してください。")]
    [InlineData("", "団体コードを入力してください。")]
    [InlineData("07545", "団体コード「07545」は半角数字 6 桁ではありません（例: 075451）。")]
    [InlineData("0754510", "団体コード「0754510」は半角数字 6 桁ではありません（例: 075451）。")]
    [InlineData("０７５４５１", "団体コード「０７５４５１」は半角数字 6 桁ではありません（例: 075451）。")]
    [InlineData("07545-", "団体コード「07545-」は半角数字 6 桁ではありません（例: 075451）。")]
    [InlineData("001007", "団体コード「001007」の都道府県（先頭 2 桁）が 00 です。")]
    [InlineData("075450", "団体コード「075450」の検査数字（6 桁目）が合いません（07545 なら 075451）。")]
    public void Problem_SaysWhatIsWrong_InJapanese(string? code, string expected)
    {
        Assert.Equal(expected, TownCode.Problem(code));
        Assert.False(TownCode.IsValid(code));
    }

    [Fact]
    public void IsValid_RefusesPrefecture00_EvenWithTheRightCheckDigit()
    {
        Assert.Equal(7, TownCode.CheckDigit("00100"));
        Assert.False(TownCode.IsValid("001007"));
    }
}
