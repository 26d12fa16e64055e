using CallCenter.Data.Accounts;
using CallCenter.Data.Common;
using CallCenter.Data.Calls;
using CallCenter.Data.Provisional;
using CallCenter.Data.Residents;
using CallCenter.Data.Towns;
using CallCenter.Tests.Data.Calls;

namespace CallCenter.Tests.Data.Residents;

/// <summary>
/// <see cref="ResidentRepository.CallsAsync"/> and <see cref="ResidentRepository.ProvisionalAsync"/> with two towns whose
/// resident and household numbers collide (K0001 / KH01 in 汐見町 and in 大熊町): each scope reads its own town's calls
/// and provisional persons only; another town's resident id gives no calls, as an unknown one.
/// </summary>
public abstract class TwoTownResidentRepositoryTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private readonly TestClock clock = new(new DateTimeOffset(2026, 3, 14, 1, 30, 0, TimeSpan.Zero));
    private TwoTownData towns = null!;
    private OperatorContext staff = null!;

    private ResidentRepository Residents => new(Connections);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        towns = await TwoTownData.CreateAsync(Connections);
        staff = await CallTestData.StaffAsync(Connections, clock, "joint-op", "合同 一子", UserRole.Operator, "いわき");
    }

    [SkippableFact]
    public async Task Calls_OfACollidingNumber_AreEachTownsOwn_And_NoneOutsideTheScope()
    {
        var shiomiCall = await TwoTownData.RecordAsync(Connections, clock, staff, "K0001", towns.Shiomi.TownId);
        clock.Advance(TimeSpan.FromMinutes(5));
        var okumaCall = await TwoTownData.RecordAsync(Connections, clock, staff, "K0001", towns.Okuma.TownId);
        var shiomiK1 = (await TwoTownData.ResidentAsync(Connections, "K0001", towns.Shiomi.TownId)).ResidentId;
        var okumaK1 = (await TwoTownData.ResidentAsync(Connections, "K0001", towns.Okuma.TownId)).ResidentId;

        Assert.Equal([shiomiCall], (await Residents.CallsAsync(shiomiK1, towns.OnlyShiomi)).Select(c => c.CallId));
        Assert.Equal([okumaCall], (await Residents.CallsAsync(okumaK1, towns.OnlyOkuma)).Select(c => c.CallId));
        Assert.Empty(await Residents.CallsAsync(okumaK1, towns.OnlyShiomi));
        Assert.Empty(await Residents.CallsAsync(shiomiK1, towns.OnlyOkuma));
        Assert.Equal([okumaCall], (await Residents.CallsAsync(okumaK1, TownScope.All)).Select(c => c.CallId));
        Assert.Equal([shiomiCall], (await Residents.CallsAsync(shiomiK1, TownScope.Only([towns.Shiomi.TownId, towns.Okuma.TownId]))).Select(c => c.CallId));
    }

    [SkippableFact]
    public async Task Provisional_ListsOnlyTheScopesTowns()
    {
        var service = new ProvisionalPersonService(Connections, clock);
        var (shiomiNo, e1) = await service.CreateAsync(new ProvisionalPersonDraft("山田", "太郎", "ヤマダ", "タロウ", "1980-01-01", Sex.Male, null, null, towns.Shiomi.TownId), staff);
        clock.Advance(TimeSpan.FromMinutes(1));
        var (okumaNo, e2) = await service.CreateAsync(new ProvisionalPersonDraft("山田", "花子", "ヤマダ", "ハナコ", "1982-02-02", Sex.Female, null, null, towns.Okuma.TownId), staff);
        Assert.Empty(e1.Concat(e2));

        Assert.Equal([shiomiNo], (await Residents.ProvisionalAsync(towns.OnlyShiomi)).Select(p => p.ResidentNo));
        Assert.Equal([okumaNo], (await Residents.ProvisionalAsync(towns.OnlyOkuma)).Select(p => p.ResidentNo));
        Assert.Equal([okumaNo, shiomiNo], (await Residents.ProvisionalAsync(TownScope.All)).Select(p => p.ResidentNo));
        Assert.Empty(await Residents.ProvisionalAsync(TownScope.Only([])));
    }
}

public sealed class TwoTownResidentRepositoryTestsOnSqlite : TwoTownResidentRepositoryTests<OnSqlite>;

public sealed class TwoTownResidentRepositoryTestsOnSqlServer : TwoTownResidentRepositoryTests<OnSqlServer>;
