using CallCenter.Data.Residents;
using CallCenter.Web.Components.Pages.Residents;

namespace CallCenter.Tests.Web.Residents;

/// <summary>The call form warns when the person opened from a search was born on another day than the caller said.</summary>
public sealed class SearchContextTests
{
    private static readonly DateOnly Today = new(2026, 3, 12);

    private static ResidentSummary Person(string number, DateOnly? birthDate) => new()
    {
        ResidentNo = number, FamilyName = "佐藤", GivenName = "麻美", FamilyNameKana = "サトウ", GivenNameKana = "アサミ", BirthDate = birthDate,
    };

    // The hits as the ranking marks them: whether each was born on the date or in the period searched.
    private static SearchContext After(string text, params ResidentSummary[] listed)
    {
        var query = SearchQuery.Parse(text, Today);
        var context = new SearchContext();
        context.Remember(query, listed.Select(p => new SearchHit(p, 100, true)
        {
            BirthMatches = query.BirthDate is { } d ? p.BirthDate == d : query.BirthPeriod?.Contains(p.BirthDate),
        }));
        return context;
    }

    [Fact]
    public void Warns_When_ThePersonOpenedFromTheSearch_WasBornInAnotherYear()
    {
        var other = Person("0000002", new DateOnly(1973, 5, 1));
        var context = After("佐藤 S45", Person("0000001", new DateOnly(1970, 3, 12)), other);

        Assert.Equal("検索した生年月日「S45」と、この人の生年月日 昭和48年5月1日（1973/05/01） が違います。本人かどうか確かめてから保存してください。",
            context.MismatchWith(other));
        Assert.Null(context.MismatchWith(Person("0000001", new DateOnly(1970, 3, 12))));
    }

    [Fact]
    public void Warns_For_AWholeDate_And_AnUnknownBirthDate()
    {
        var unknown = Person("0000003", null);
        var context = After("佐藤S45.3.12", unknown);

        Assert.Contains("「昭和45年3月12日」", context.MismatchWith(unknown), StringComparison.Ordinal);
        Assert.Contains("生年月日 不明", context.MismatchWith(unknown), StringComparison.Ordinal);
    }

    [Fact]
    public void SaysNothing_When_NoBirthWasSearched_OrThePersonWasNotListed_OrThereWasNoSearch()
    {
        var person = Person("0000002", new DateOnly(1973, 5, 1));

        Assert.Null(After("佐藤 麻美", person).MismatchWith(person));
        Assert.Null(After("佐藤 S45").MismatchWith(person));
        Assert.Null(new SearchContext().MismatchWith(person));
        // A later search without a birth forgets the earlier one.
        var context = After("佐藤 S45", person);
        context.Remember(SearchQuery.Parse("佐藤", Today), [new SearchHit(person, 100, true) { BirthMatches = null }]);
        Assert.Null(context.MismatchWith(person));
    }
}
