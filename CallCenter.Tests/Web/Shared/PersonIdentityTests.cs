using Bunit;
using CallCenter.Data.Residents;
using CallCenter.Tests.Data.Demo;
using CallCenter.Web.Components.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Shared;

/// <summary>Beside the name in the call form and on the resident page: birth date in 和暦 and 西暦, age and 行政区.</summary>
public sealed class PersonIdentityTests : MudTestContext
{
    public PersonIdentityTests() =>
        Services.AddSingleton<TimeProvider>(new FixedTimeProvider(new DateTimeOffset(2026, 3, 12, 1, 0, 0, TimeSpan.Zero)));

    private static ResidentSummary Person(DateOnly? birthDate, string? district) => new()
    {
        ResidentNo = "0000001", FamilyName = "佐藤", GivenName = "麻美", FamilyNameKana = "サトウ", GivenNameKana = "アサミ",
        BirthDate = birthDate, District = district,
    };

    [Fact]
    public void ShowsBirthDateInBothForms_Age_And_District()
    {
        var cut = Render<PersonIdentity>(p => p.Add(x => x.Person, Person(new DateOnly(1970, 3, 13), "汐見一区")));

        Assert.Equal("昭和45年3月13日 (1970/03/13)", cut.Find("[data-testid=identity-birth]").TextContent);
        // The day before the 56th birthday, in Japan.
        Assert.Equal("55歳", cut.Find("[data-testid=identity-age]").TextContent);
        Assert.Equal("汐見一区", cut.Find("[data-testid=identity-district]").TextContent);
    }

    [Fact]
    public void SaysTheBirthDateIsUnknown_And_ShowsNoAgeOrEmptyDistrict()
    {
        var cut = Render<PersonIdentity>(p => p.Add(x => x.Person, Person(null, null)));

        Assert.Equal("生年月日不明", cut.Find("[data-testid=identity-birth]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=identity-age]"));
        Assert.Empty(cut.FindAll("[data-testid=identity-district]"));
    }
}
