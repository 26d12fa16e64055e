using CallCenter.Data.Audit;
using CallCenter.Data.Database;
using CallCenter.Data.Residents;
using CallCenter.Web.Components.Pages.Residents;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Residents;

/// <summary>The resident page's reads and presence, on the sample town's SQLite file, for the signed-in test operator.</summary>
public sealed class ResidentViewTests : ConsoleTestContext
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    public override Task InitializeAsync() => SeedAsync();

    private ResidentView NewView() => ActivatorUtilities.CreateInstance<ResidentView>(Services);

    private ResidentViewRepository Views => new(Db.Connections, TimeProvider.System);

    [Fact]
    public async Task OpenAsync_ReadsThePersonWithHouseholdReportsAndCalls_And_AuditsTheView()
    {
        var file = await NewView().OpenAsync(" K0001 ", CancellationToken.None);

        Assert.NotNull(file);
        Assert.Equal("K0001", file.Detail.Summary.ResidentNo);
        Assert.Equal(["K0001", "K0002", "K0003"], file.Household.Select(m => m.ResidentNo).Order());
        Assert.Equal(3, file.Reports.Count);
        Assert.Single(file.Calls);
        Assert.Null(file.MergedIntoNo);
        var audit = Assert.Single(await AuditAsync(AuditActions.ViewResident));
        Assert.Equal(("resident", "K0001", await IdAsync("K0001")), (audit.TargetType, audit.TargetId, audit.ResidentId));
        Assert.Equal(("test-operator", "会津若松"), (audit.UserName, audit.Site));
    }

    [Fact]
    public async Task OpenAsync_ReturnsNull_And_AuditsNothing_When_TheNumberNamesNobody()
    {
        var view = NewView();

        Assert.Null(await view.OpenAsync("K9999", CancellationToken.None));
        Assert.Null(await view.OpenAsync("   ", CancellationToken.None));
        Assert.Null(await view.OpenAsync(new string('K', 51), CancellationToken.None));

        Assert.Empty(await AuditAsync(AuditActions.ViewResident));
    }

    [Fact]
    public async Task Presence_ShowsWhoElseHasThePersonOpen_And_StopPresence_LeavesThePerson()
    {
        var id = await IdAsync("K0001");
        await Views.HeartbeatAsync(id, "session-other", "sato", "佐藤 係長", "いわき");
        var view = NewView();
        await view.OpenAsync("K0001", CancellationToken.None);
        var seen = new TaskCompletionSource<IReadOnlyList<ResidentViewer>>(TaskCreationOptions.RunContinuationsAsynchronously);

        view.StartPresence(id, (others, _) => { seen.TrySetResult(others); return Task.CompletedTask; }, CancellationToken.None);

        var viewer = Assert.Single(await seen.Task.WaitAsync(Wait));
        Assert.Equal(("sato", "佐藤 係長", "いわき"), (viewer.UserName, viewer.DisplayName, viewer.Site));
        var seenByOther = Assert.Single(await Views.HeartbeatAsync(id, "session-other", "sato", "佐藤 係長", "いわき"));
        Assert.Equal(("試験 オペレーター", "会津若松"), (seenByOther.DisplayName, seenByOther.Site));

        await view.StopPresenceAsync();

        Assert.Empty(await Views.HeartbeatAsync(id, "session-other", "sato", "佐藤 係長", "いわき"));
    }

    [Fact]
    public async Task StopPresence_DoesNothing_When_NoPresenceWasStarted()
    {
        var view = NewView();
        await view.OpenAsync("K0001", CancellationToken.None);

        await view.StopPresenceAsync();

        Assert.Empty(await Views.HeartbeatAsync(await IdAsync("K0001"), "session-other", "sato", "佐藤 係長", "いわき"));
    }

    [Fact]
    public async Task Opening_WithPresence_CommitsTheAuditRowAndTheFirstHeartbeatAsOneWrite_And_TheLoopStartsFromWhatItFound()
    {
        var id = await IdAsync("K0001");
        await Views.HeartbeatAsync(id, "session-other", "sato", "佐藤 係長", "いわき");
        var writer = Services.GetRequiredService<GroupCommitWriter>();
        var view = NewView();
        var before = writer.CommittedTransactions;

        var opening = await view.FindAsync("K0001", null, CancellationToken.None, withPresence: true);

        Assert.Equal("K0001", opening.File?.Detail.Summary.ResidentNo);
        Assert.Equal(before + 1, writer.CommittedTransactions);
        Assert.Single(await AuditAsync(AuditActions.ViewResident));
        // Open for the others from the opening on, before the loop starts.
        Assert.Equal("試験 オペレーター", Assert.Single(await Views.HeartbeatAsync(id, "session-other", "sato", "佐藤 係長", "いわき")).DisplayName);

        var seen = new TaskCompletionSource<IReadOnlyList<ResidentViewer>>(TaskCreationOptions.RunContinuationsAsynchronously);
        view.StartPresence(id, (others, _) => { seen.TrySetResult(others); return Task.CompletedTask; }, CancellationToken.None);

        Assert.Equal("佐藤 係長", Assert.Single(await seen.Task.WaitAsync(Wait)).DisplayName);
        Assert.Equal(before + 1, writer.CommittedTransactions);
        await view.StopPresenceAsync();
        Assert.Empty(await Views.HeartbeatAsync(id, "session-other", "sato", "佐藤 係長", "いわき"));
    }

    [Fact]
    public async Task StopPresence_LeavesThePerson_When_TheOpeningBeatButTheLoopNeverStarted()
    {
        var id = await IdAsync("K0001");
        var view = NewView();
        await view.FindAsync("K0001", null, CancellationToken.None, withPresence: true);
        Assert.Single(await Views.HeartbeatAsync(id, "session-other", "sato", "佐藤 係長", "いわき"));

        // The page closed (or moved to another person) before its loop started.
        await view.StopPresenceAsync();

        Assert.Empty(await Views.HeartbeatAsync(id, "session-other", "sato", "佐藤 係長", "いわき"));
    }
}
