using System.Text;
using CallCenter.Data.Database;
using CallCenter.Data.Imports;
using CallCenter.Data.Residents;
using CallCenter.Data.Towns;

namespace CallCenter.Tests.Data.Towns;

/// <summary>
/// Two towns whose registers use the same resident and household numbers (and both have a 佐藤 花子 with the same
/// phone): search, phone look-up, the number look-up and households keep each person in their own town, and a scope
/// sees only its towns.
/// </summary>
public abstract class TwoTownsSearchTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    // The same numbers in both towns; 佐藤 花子 in both, with the same home phone; one 鈴木 only in 大熊町.
    private const string ShiomiRegister = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
        0000001,H0001,世帯主,佐藤 花子,サトウ ハナコ,1970/3/12,女,汐見一区,汐見1-1,0240-12-3456
        0000002,H0001,夫,佐藤 一郎,サトウ イチロウ,1968/1/5,男,汐見一区,汐見1-1,
        0000003,H0002,世帯主,髙橋 一郎,タカハシ イチロウ,1951/4/2,男,中浜,中浜3,
        """;

    private const string OkumaRegister = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
        0000001,H0001,世帯主,佐藤 花子,サトウ ハナコ,1944/8/20,女,下野上,下野上5,0240-12-3456
        0000002,H0002,世帯主,鈴木 次郎,スズキ ジロウ,1960/2/2,男,夫沢,夫沢2,
        """;

    protected Town Shiomi { get; private set; } = default!;
    protected Town Okuma { get; private set; } = default!;

    private ResidentSearch Search => new(Connections);
    private ResidentRepository Residents => new(Connections);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        new Migrations(Connections, new TownDefaults("079995", "汐見町")).Apply();
        var towns = new TownRepository(Connections, TimeProvider.System);
        Shiomi = (await towns.FindByCodeAsync("079995"))!;
        Okuma = (await towns.AddAsync("075451", "大熊町")).Town!;
        var import = new ResidentImportService(Connections, TimeProvider.System);
        Assert.True((await import.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(ShiomiRegister)), false, townId: Shiomi.TownId)).Committed);
        Assert.True((await import.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(OkumaRegister)), false, townId: Okuma.TownId)).Committed);
    }

    private TownScope OnlyShiomi => TownScope.Only([Shiomi.TownId]);
    private TownScope OnlyOkuma => TownScope.Only([Okuma.TownId]);

    private static List<(string No, int Town, string Name)> People(IEnumerable<ResidentSummary> found) =>
        [.. found.Select(r => (r.ResidentNo, r.TownId, r.Name)).Order()];

    [SkippableTheory]
    [InlineData("佐藤 花子")]
    [InlineData("さとう はなこ")]
    [InlineData("0000001")]
    [InlineData("0240-12-3456")]
    public async Task Search_FindsEachPersonInTheirOwnTown_AndAScopeSeesOnlyItsTown(string text)
    {
        var all = People((await Search.SearchAsync(text, TownScope.All)).Select(h => h.Resident));
        Assert.Equal([("0000001", Shiomi.TownId, "佐藤　花子"), ("0000001", Okuma.TownId, "佐藤　花子")],
            all.Where(p => p.Name == "佐藤　花子").ToList());

        var shiomi = People((await Search.SearchAsync(text, OnlyShiomi)).Select(h => h.Resident));
        Assert.Contains(("0000001", Shiomi.TownId, "佐藤　花子"), shiomi);
        Assert.All(shiomi, p => Assert.Equal(Shiomi.TownId, p.Town));

        var okuma = People((await Search.SearchAsync(text, OnlyOkuma)).Select(h => h.Resident));
        Assert.Contains(("0000001", Okuma.TownId, "佐藤　花子"), okuma);
        Assert.All(okuma, p => Assert.Equal(Okuma.TownId, p.Town));
    }

    [SkippableFact]
    public async Task Search_ByHouseholdNumber_GivesTheHouseholdOfEachTown()
    {
        var okuma = People((await Search.SearchAsync("H0001", OnlyOkuma)).Select(h => h.Resident));
        Assert.Equal([("0000001", Okuma.TownId, "佐藤　花子")], okuma);
        var shiomi = People((await Search.SearchAsync("H0001", OnlyShiomi)).Select(h => h.Resident));
        Assert.Equal([("0000001", Shiomi.TownId, "佐藤　花子"), ("0000002", Shiomi.TownId, "佐藤　一郎")], shiomi);
    }

    [SkippableFact]
    public async Task Search_OfAPersonOfAnotherTown_FindsNoOne()
    {
        Assert.Empty(await Search.SearchAsync("鈴木 次郎", OnlyShiomi));
        Assert.Single(await Search.SearchAsync("鈴木 次郎", OnlyOkuma));
        Assert.Empty(await Search.SearchAsync("鈴木 次郎", TownScope.Only([])));
    }

    [SkippableFact]
    public async Task PhoneLookup_IsLimitedToTheScope()
    {
        var lookup = new PhoneLookup(Search);
        Assert.Equal([Shiomi.TownId, Okuma.TownId], (await lookup.FindAsync("0240-12-3456", TownScope.All)).Select(r => r.TownId).Order());
        Assert.Equal([Okuma.TownId], (await lookup.FindAsync("0240-12-3456", OnlyOkuma)).Select(r => r.TownId));
    }

    [SkippableFact]
    public async Task NumberLookup_TellsTheTowns_AndReadsThePersonOfTheNamedTown()
    {
        Assert.Equal([Shiomi.TownId, Okuma.TownId], await Residents.TownsOfNumberAsync("0000001", TownScope.All));
        Assert.Equal([Okuma.TownId], await Residents.TownsOfNumberAsync("0000001", OnlyOkuma));
        Assert.Empty(await Residents.TownsOfNumberAsync("0000003", OnlyOkuma));

        // Without a town the number is ambiguous for an all-towns reader; each town gives its own person.
        Assert.Null(await Residents.GetDetailAsync("0000001", TownScope.All, null));
        var okuma = (await Residents.GetDetailAsync("0000001", TownScope.All, Okuma.TownId))!.Summary;
        Assert.Equal((Okuma.TownId, new DateOnly(1944, 8, 20), "H0001"), (okuma.TownId, okuma.BirthDate!.Value, okuma.HouseholdNo));
        var shiomi = (await Residents.GetDetailAsync("0000001", OnlyShiomi, null))!.Summary;
        Assert.Equal((Shiomi.TownId, new DateOnly(1970, 3, 12)), (shiomi.TownId, shiomi.BirthDate!.Value));

        // Outside the scope: no one (the caller answers 404), also when the town is named.
        Assert.Null(await Residents.GetDetailAsync("0000003", OnlyOkuma, null));
        Assert.Null(await Residents.GetDetailAsync("0000001", OnlyOkuma, Shiomi.TownId));
    }

    [SkippableFact]
    public async Task Household_HoldsOnlyItsTownsMembers()
    {
        var okuma = (await Residents.GetDetailAsync("0000001", TownScope.All, Okuma.TownId))!.Summary;
        var shiomi = (await Residents.GetDetailAsync("0000001", TownScope.All, Shiomi.TownId))!.Summary;
        Assert.NotEqual(okuma.HouseholdId, shiomi.HouseholdId);
        Assert.Equal([("0000001", Okuma.TownId, "佐藤　花子")], People(await Residents.HouseholdMembersAsync(okuma.HouseholdId!.Value)));
        Assert.Equal([("0000001", Shiomi.TownId, "佐藤　花子"), ("0000002", Shiomi.TownId, "佐藤　一郎")],
            People(await Residents.HouseholdMembersAsync(shiomi.HouseholdId!.Value)));
    }
}

public sealed class TwoTownsSearchTestsOnSqlite : TwoTownsSearchTests<OnSqlite>;

public sealed class TwoTownsSearchTestsOnSqlServer : TwoTownsSearchTests<OnSqlServer>;
