using CallCenter.Data.Residents;

namespace CallCenter.Tests.Data.Residents;

public class SearchQueryTests
{
    [Fact]
    public void Parse_SplitsNameAndEraDate()
    {
        var q = SearchQuery.Parse("鈴木 S45.3.12");

        var term = Assert.Single(q.Names);
        Assert.Equal((NameScript.Written, "鈴木"), (term.Script, term.Key));
        Assert.Equal(new DateOnly(1970, 3, 12), q.BirthDate);
    }

    [Theory]
    [InlineData("昭和45年3月12日")]
    [InlineData("1970/3/12")]
    [InlineData("S45.3.12")]
    [InlineData("19700312")]
    [InlineData("１９７０／３／１２")]
    public void Parse_ReadsBirthDate_InEveryForm(string text)
    {
        Assert.Equal(new DateOnly(1970, 3, 12), SearchQuery.Parse(text).BirthDate);
    }

    [Theory]
    [InlineData("0240-12-3456")]
    [InlineData("０２４０－１２－３４５６")]
    [InlineData("0240123456")]
    [InlineData("+81-240-12-3456")]
    public void Parse_ReadsPhone_InAnyWidthOrHyphenation(string text)
    {
        var q = SearchQuery.Parse(text);

        Assert.Equal("0240123456", q.PhoneKey);
        Assert.Empty(q.Names);
    }

    [Fact]
    public void Parse_ReadsResidentAndHouseholdNumbers()
    {
        Assert.Equal("0001234", SearchQuery.Parse("0001234").Number);
        Assert.Equal("H000321", SearchQuery.Parse("H000321").Number);
    }

    [Fact]
    public void Parse_SplitsWrittenFamilyAndKanaGiven_When_TypedWithoutSpace()
    {
        var q = SearchQuery.Parse("鈴木はなこ");

        Assert.Equal([NameScript.Written, NameScript.Reading], q.Names.Select(n => n.Script));
        Assert.Equal("鈴木", q.Names[0].Key);
        Assert.Equal("ハナコ", q.Names[1].Exact);
    }

    [Theory]
    [InlineData("さとう", "サトウ")]
    [InlineData("ｻﾄｳ", "サトウ")]
    [InlineData("サトウ", "サトウ")]
    public void Parse_ReadsKana_InEveryScript(string text, string exact)
    {
        var term = Assert.Single(SearchQuery.Parse(text).Names);

        Assert.Equal(NameScript.Reading, term.Script);
        Assert.Equal(exact, term.Exact);
        Assert.Equal(NameKey.Kana("サトウ"), term.Key);
    }

    [Theory]
    [InlineData("sato")]
    [InlineData("satou")]
    [InlineData("satoh")]
    [InlineData("Satō")]
    public void Parse_ReadsRomaji_AsReading(string text)
    {
        var term = Assert.Single(SearchQuery.Parse(text).Names);

        Assert.Equal(NameScript.Reading, term.Script);
        Assert.Equal(NameKey.Kana("サトウ"), term.Key);
    }

    [Fact]
    public void Parse_FoldsVariantKanji()
    {
        Assert.Equal("高橋", SearchQuery.Parse("髙橋").Names[0].Key);
        Assert.Equal("吉田", SearchQuery.Parse("𠮷田").Names[0].Key);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("　")]
    public void Parse_IsEmpty_When_NothingTyped(string text)
    {
        Assert.True(SearchQuery.Parse(text).IsEmpty);
    }

    private static readonly DateOnly Today = new(2026, 3, 12);

    [Theory]
    [InlineData("S45", 1970, null)]
    [InlineData("s45", 1970, null)]
    [InlineData("昭和45年", 1970, null)]
    [InlineData("昭和45年生まれ", 1970, null)]
    [InlineData("昭和４５年生まれ", 1970, null)]
    [InlineData("1970", 1970, null)]
    [InlineData("1970年", 1970, null)]
    [InlineData("1970年生", 1970, null)]
    [InlineData("1970年生まれ", 1970, null)]
    [InlineData("S45.3", 1970, 3)]
    [InlineData("1970/3", 1970, 3)]
    [InlineData("1970年3月", 1970, 3)]
    [InlineData("昭和45年3月", 1970, 3)]
    [InlineData("昭和45年3月生まれ", 1970, 3)]
    [InlineData("平成元年", 1989, null)]
    [InlineData("R8", 2026, null)]
    public void Parse_ReadsABirthYearOrMonth(string text, int year, int? month)
    {
        var q = SearchQuery.Parse(text, Today);

        Assert.Null(q.BirthDate);
        Assert.Empty(q.Names);
        var from = new DateOnly(year, month ?? 1, 1);
        Assert.Equal(new BirthPeriod(from, month is null ? from.AddYears(1) : from.AddMonths(1), text.Normalize(System.Text.NormalizationForm.FormKC)), q.BirthPeriod);
    }

    [Theory]
    [InlineData("S70")]      // 昭和 ended in its 64th year
    [InlineData("1850")]     // before 明治
    [InlineData("2031")]     // after today
    [InlineData("S45.13")]
    [InlineData("昭和0年")]
    public void Parse_IgnoresAYearThatCannotBe(string text)
    {
        Assert.Null(SearchQuery.Parse(text, Today).BirthPeriod);
    }

    [Theory]
    [InlineData("佐藤S45.3.12", "佐藤", 1970, 3, 12)]
    [InlineData("佐藤一郎昭和45年3月12日", "佐藤一郎", 1970, 3, 12)]
    [InlineData("さとう1970/3/12", "サトウ", 1970, 3, 12)]
    [InlineData("佐藤 昭和45年3月12日生まれ", "佐藤", 1970, 3, 12)]
    public void Parse_SplitsANameFromADateTypedWithoutASpace(string text, string name, int year, int month, int day)
    {
        var q = SearchQuery.Parse(text, Today);

        Assert.Equal(new DateOnly(year, month, day), q.BirthDate);
        Assert.Equal(name, Assert.Single(q.Names).Exact);
    }

    [Theory]
    [InlineData("佐藤S45", "佐藤")]
    [InlineData("satouS45", "サトウ")]
    [InlineData("satoh1970", "サトウ")]
    public void Parse_SplitsANameFromAYearTypedWithoutASpace(string text, string name)
    {
        var q = SearchQuery.Parse(text, Today);

        Assert.Equal(1970, q.BirthPeriod!.From.Year);
        Assert.Equal(NameKey.Kana(name) is var key && Assert.Single(q.Names).Script == NameScript.Reading ? key : name, q.Names[0].Key);
    }

    [Theory]
    [InlineData("75歳", "1950/03/13", "1951/03/13")]
    [InlineData("75才", "1950/03/13", "1951/03/13")]
    [InlineData("70代", "1946/03/13", "1956/03/13")]
    [InlineData("70歳代", "1946/03/13", "1956/03/13")]
    [InlineData("０歳", "2025/03/13", "2026/03/13")]
    public void Parse_ReadsAnAgeOrDecade_AsABirthPeriodFromToday(string text, string from, string to)
    {
        var period = SearchQuery.Parse(text, Today).BirthPeriod!;

        Assert.Equal((DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture)), (period.From, period.To));
        Assert.True(period.Contains(new DateOnly(int.Parse(from[..4], System.Globalization.CultureInfo.InvariantCulture) + 1, 1, 1)));
    }

    [Theory]
    [InlineData("熊川の鈴木", "熊川", "鈴木")]
    [InlineData("鈴木 熊川", "熊川", "鈴木")]
    [InlineData("熊川 鈴木", "熊川", "鈴木")]
    [InlineData("本町の佐藤", "本町", "佐藤")]
    [InlineData("熊川の鈴木S45", "熊川", "鈴木")]
    public void Parse_ReadsAPlace_BeforeOrAfterTheName(string text, string place, string name)
    {
        var q = SearchQuery.Parse(text, Today, new HashSet<string> { "熊川", "請戸" });

        Assert.Equal(place, q.Place);
        Assert.Equal(name, Assert.Single(q.Names).Exact);
    }

    [Fact]
    public void Parse_KeepsTheNoOfAReading()
    {
        var q = SearchQuery.Parse("みのる", Today, new HashSet<string> { "熊川" });

        Assert.Null(q.Place);
        Assert.Equal("ミノル", Assert.Single(q.Names).Exact);
    }

    [Fact]
    public void Parse_PrefersAWholeDate_ToAPeriod()
    {
        var q = SearchQuery.Parse("佐藤 S45 1970/3/12", Today);

        Assert.Equal(new DateOnly(1970, 3, 12), q.BirthDate);
        Assert.Null(q.BirthPeriod);
    }

    [Fact]
    public void Parse_StillReadsNumbersAndPhones()
    {
        Assert.Equal("0240123456", SearchQuery.Parse("0240123456", Today).PhoneKey);
        Assert.Null(SearchQuery.Parse("0240123456", Today).BirthPeriod);
        Assert.Equal("H000321", SearchQuery.Parse("H000321", Today).Number);
        Assert.Equal(new DateOnly(1970, 3, 12), SearchQuery.Parse("19700312", Today).BirthDate);
    }
}
