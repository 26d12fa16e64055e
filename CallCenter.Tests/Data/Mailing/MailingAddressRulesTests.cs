using CallCenter.Data.Mailing;
using CallCenter.Data.Reports;

namespace CallCenter.Tests.Data.Mailing;

/// <summary>The address checks that need no database, and which whereabouts kinds are home-like.</summary>
public sealed class MailingAddressRulesTests
{
    private static readonly DateOnly Today = new(2026, 3, 14);

    [Theory]
    [InlineData("979-1306")]
    [InlineData("9791306")]
    [InlineData("９７９－１３０６")]
    [InlineData("〒979-1306")]
    [InlineData(" 979ー1306 ")]
    public void PostalCodes_AreStoredAsSevenDigits(string typed) => Assert.Equal("9791306", PostalCodes.Normalize(typed));

    [Theory]
    [InlineData("979-130")]
    [InlineData("97913060")]
    [InlineData("979 1306")]
    [InlineData("abc-defg")]
    [InlineData("97-91306")]
    public void NotPostalCodes_AreRefused(string typed) => Assert.Null(PostalCodes.Normalize(typed));

    [Fact]
    public void Display_WritesTheMarkAndTheHyphen() => Assert.Equal("〒979-1306", PostalCodes.Display("9791306"));

    [Fact]
    public void Check_ReadsWesternAndEraDates_AndRefusesTheFuture()
    {
        var errors = new List<(string, string)>();
        Assert.Equal(new DateOnly(2026, 3, 1), MailingAddressRules.Check(new(1, "佐藤", "9791306", "福島県", null, "R8.3.1"), Today, errors)!.ConfirmedOn);
        Assert.Equal(new DateOnly(2026, 3, 14), MailingAddressRules.Check(new(1, "佐藤", "9791306", "福島県", null, "2026/03/14"), Today, errors)!.ConfirmedOn);
        Assert.Empty(errors);
        Assert.Null(MailingAddressRules.Check(new(1, "佐藤", "9791306", "福島県", null, "令和8年3月15日"), Today, errors));
        Assert.Null(MailingAddressRules.Check(new(1, "佐藤", "9791306", "福島県", null, "きのう"), Today, errors));
        Assert.Equal(["confirmedOn", "confirmedOn"], errors.Select(e => e.Item1));
        Assert.StartsWith("確認日：", errors[1].Item2);
    }

    [Fact]
    public void Check_KeepsTheLimits()
    {
        var errors = new List<(string, string)>();
        Assert.NotNull(MailingAddressRules.Check(new(1, new string('宛', 60), "9791306", new string('住', 120), new string('建', 120)), Today, errors));
        Assert.Null(MailingAddressRules.Check(new(1, new string('宛', 61), "9791306", new string('住', 121), "a\u202Eb"), Today, errors));
        Assert.Equal(["addressee", "address1", "address2"], errors.Select(e => e.Item1));
    }

    [Fact]
    public void HomeLike_AreTheDwellingsThatReceivePost()
    {
        Assert.Equal([WhereaboutsType.RelativeHome, WhereaboutsType.TemporaryHousing, WhereaboutsType.LeasedHousing, WhereaboutsType.Home],
            Enum.GetValues<WhereaboutsType>().Where(t => MailingAddressRules.IsHomeLike(t)));
        Assert.False(MailingAddressRules.IsHomeLike(null));
    }

    [Fact]
    public void PostalData_KnowsTheTownsCodes_AndWarnsOnAMismatch()
    {
        Assert.True(PostalCodes.Count > 100_000);
        Assert.Equal(new PostalPlace("福島県", "双葉郡大熊町", "大川原"), PostalCodes.Find("979-1306"));
        Assert.Equal("福島県いわき市四倉町", PostalCodes.Find("9790201")!.Address);
        Assert.Null(PostalCodes.Mismatch("979-1306", "福島県 双葉郡大熊町大川原南平1-1"));
        Assert.Null(PostalCodes.Mismatch("979-130", "東京都"));
        Assert.Equal("住所1が郵便番号の地域（福島県双葉郡大熊町）と違います。〒979-1306 と住所1を確かめてください。",
            PostalCodes.Mismatch("9791306", "福島県郡山市富田町1"));
        Assert.Equal("〒000-0000 は日本郵便の郵便番号一覧にありません。番号を確かめてください。", PostalCodes.Mismatch("0000000", "福島県"));
    }
}
