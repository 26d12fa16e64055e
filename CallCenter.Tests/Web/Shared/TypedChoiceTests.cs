using CallCenter.Web.Components.Pages.Calls;
using CallCenter.Web.Components.Shared;

namespace CallCenter.Tests.Web.Shared;

public sealed class TypedChoiceTests
{
    private static TypedChoice<byte?> Prefecture(string? typed, byte? current = null) =>
        TypedChoice.Resolve(typed, current, PrefectureSearch.Text, t => [.. PrefectureSearch.Find(t)], "都道府県");

    private static readonly string[] Districts = ["汐見一区", "汐見二区", "熊川", "新町"];

    private static TypedChoice<string> District(string? typed, string? current = null) =>
        TypedChoice.Resolve(typed, current, d => d, t => [.. Districts.Where(d => d.Contains(t, StringComparison.Ordinal))], "行政区");

    [Theory]
    [InlineData("福島", 7)]
    [InlineData("ふくしま", 7)]
    [InlineData("fukushima", 7)]
    [InlineData("07", 7)]
    [InlineData(" 神奈川 ", 14)]
    [InlineData("海外", 99)]
    public void Resolve_TakesTheOneOptionTheTextMatches(string typed, int code)
    {
        var choice = Prefecture(typed);

        Assert.Equal((true, (byte?)code, (string?)null), (choice.Changed, choice.Value, choice.Error));
    }

    [Fact]
    public void Resolve_NamesTheText_And_ClearsTheValue_When_ItMatchesNone()
    {
        var choice = Prefecture("郡山", current: 7);

        Assert.Equal((true, (byte?)null, "「郡山」に該当する都道府県がありません。"), (choice.Changed, choice.Value, choice.Error));
    }

    [Fact]
    public void Resolve_ListsTheCandidates_When_SeveralMatch()
    {
        var choice = Prefecture("ふく");

        Assert.Null(choice.Value);
        Assert.Equal("「ふく」に当たる都道府県が 3 件あります（福島県・福井県・福岡県）。一覧から選んでください。", choice.Error);
    }

    [Fact]
    public void Resolve_PrefersTheOptionSpelledExactly_OverOthersContainingIt()
    {
        string[] districts = ["熊川", "熊川上"];
        var choice = TypedChoice.Resolve<string>("熊川", null, d => d, t => [.. districts.Where(d => d.Contains(t, StringComparison.Ordinal))], "行政区");

        Assert.Equal("熊川", choice.Value);
        Assert.Null(choice.Error);
    }

    [Fact]
    public void Resolve_ChangesNothing_When_TheTextIsTheCurrentValues()
    {
        Assert.Equal(new TypedChoice<byte?>(false, 7, null), Prefecture("福島県", current: 7));
        Assert.Equal(new TypedChoice<string>(false, "熊川", null), District("熊川", current: "熊川"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Resolve_ClearsTheValue_When_TheBoxIsEmptied(string? typed)
    {
        Assert.Equal(new TypedChoice<string>(true, null, null), District(typed, current: "新町"));
        Assert.Equal(new TypedChoice<string>(false, null, null), District(typed));
    }

    [Fact]
    public void Resolve_TakesADistrict_FromPartOfItsName()
    {
        Assert.Equal("熊川", District("熊").Value);
        Assert.Equal("「汐見」に当たる行政区が 2 件あります（汐見一区・汐見二区）。一覧から選んでください。", District("汐見").Error);
        Assert.Equal("「熊側」に該当する行政区がありません。", District("熊側").Error);
    }
}
