using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Outbound;
using CallCenter.Data.Reports;
using CallCenter.Data.Settings;
using CallCenter.Tests.Data.Calls;
using CallCenter.Data.Towns;

namespace CallCenter.Tests.Data.Outbound;

/// <summary>The shared setup of the outbound data tests: the town of <see cref="OutboundTestData"/>, twelve operators, a clock.</summary>
public abstract class OutboundDatabaseTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    protected TestClock Clock { get; } = new(OutboundTestData.Start);

    /// <summary>op1..op12 (site 会津若松 for odd, いわき for even).</summary>
    protected List<OperatorContext> Ops { get; private set; } = null!;

    protected OutboundQueue Queue => new(Connections, new SettingsRepository(Connections), Clock);

    protected OutboundWorklist Worklist => new(Connections, new SettingsRepository(Connections), Clock);

    protected OutboundAttempts Attempts => new(Connections, new SettingsRepository(Connections), Clock);

    protected OutboundHouseholdView Households => new(Connections);

    protected OutboundCampaign Campaign => new(new SettingsRepository(Connections), new AuditRepository(Connections, Clock));

    protected OutboundFigures Figures => new(Connections, Clock);

    protected OutboundEscalations Escalations => new(Connections, Clock);

    protected OutboundDistricts Districts => new(Connections, Clock);

    protected OutboundLists Lists => new(Connections, Clock);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CallTestData.ImportAsync(Connections, OutboundTestData.Register);
        Ops = await OutboundTestData.OperatorsAsync(Connections, Clock, 12);
    }

    /// <summary>「次へ」 for <paramref name="by"/>: the household number handed out, or null.</summary>
    protected async Task<string?> NextAsync(OperatorContext by) => (await Worklist.ClaimNextAsync(by, TownScope.All)).Household?.HouseholdNo;

    protected Task<int> IdAsync(string householdNo) => OutboundTestData.HouseholdIdAsync(Connections, householdNo);

    /// <summary>Every household the queue hands out, in order, one operator each (a claim holds its household).</summary>
    protected async Task<List<string>> DrainAsync()
    {
        var order = new List<string>();
        foreach (var op in Ops)
        {
            if (await NextAsync(op) is not { } no)
            {
                break;
            }
            order.Add(no);
        }
        return order;
    }

    /// <summary>An inbound call that reports <paramref name="status"/> for one resident.</summary>
    protected async Task ConfirmAsync(string residentNo, SafetyStatus status = SafetyStatus.Safe, TimeProvider? at = null)
    {
        var resident = await CallTestData.ResidentAsync(Connections, residentNo);
        var report = status == SafetyStatus.Deceased
            ? CallTestData.Report(resident, status, null, null, null)
            : CallTestData.Report(resident, status);
        var result = await new CallRecordingService(Connections, at ?? Clock).SaveAsync(CallTestData.Draft(report), new OperatorContext(null, "inbound", "いわき"));
        Assert.True(result.Saved, string.Join(" ", result.Errors.Select(e => e.Message)));
    }
}
