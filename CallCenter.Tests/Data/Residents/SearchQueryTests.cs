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
}
