using System.Security.Claims;
using CallCenter.Data.Audit;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;
using CallCenter.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;

namespace CallCenter.Web.Components.Pages.Residents;

/// <summary>
/// One person: register data, current status, household, history of reports and calls. While the page is open
/// it sends a presence heartbeat, so two operators working on the same person see each other.
/// </summary>
public sealed partial class ResidentPage
{
    /// <summary>How often the page tells the server it is still open (well inside <see cref="ResidentViewRepository.StaleAfter"/>).</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(5);

    [Parameter] public string ResidentNo { get; set; } = "";

    [Inject] private ResidentRepository Residents { get; set; } = default!;
    [Inject] private ReportRepository Reports { get; set; } = default!;
    [Inject] private ResidentViewRepository Views { get; set; } = default!;
    [Inject] private AuditTrail Audit { get; set; } = default!;
    [Inject] private AuthenticationStateProvider Authentication { get; set; } = default!;
    [Inject] private IOptions<TownOptions> Town { get; set; } = default!;
    [Inject] private ILogger<ResidentPage> Logger { get; set; } = default!;
    [Inject] private CallCenter.Web.Components.Shared.CircuitConnection Connection { get; set; } = default!;

    private string? loadedNo;
    private bool loading = true;
    private ResidentDetail? detail;
    private string? mergedIntoNo;
    private IReadOnlyList<ResidentSummary> household = [];
    private IReadOnlyList<SafetyReport> reports = [];
    private IReadOnlyList<CallSummary> calls = [];
    private IReadOnlyList<ResidentViewer> viewers = [];

    // Presence: one loop per opened person; replaced when a household link opens another.
    private CancellationTokenSource? presence;
    private int? presenceResidentId;
    private string? sessionId;
    private readonly CancellationTokenSource disposed = new();

    private string Title => detail?.Summary.Name ?? "住民";

    private string CallHref => $"/residents/{Uri.EscapeDataString(ResidentNo)}/call";

    private string PresenceText => string.Join("、", viewers
        .Select(v => (v.DisplayName ?? v.UserName ?? "他の担当者") + (string.IsNullOrEmpty(v.Site) ? "" : $"（{v.Site}）"))
        .Distinct());

    protected override async Task OnParametersSetAsync()
    {
        // The same page instance is reused when a household link opens another person.
        if (ResidentNo == loadedNo)
        {
            return;
        }
        loadedNo = ResidentNo;
        await StopPresenceAsync();
        (loading, detail, mergedIntoNo, household, reports, calls, viewers) = (true, null, null, [], [], [], []);

        var residentNo = ResidentNo.Trim();
        detail = residentNo.Length is > 0 and <= 50 ? await Residents.GetDetailAsync(residentNo, disposed.Token) : null;
        if (detail is null)
        {
            loading = false;
            return;
        }
        var person = detail.Summary;
        if (person.MergedIntoResidentId is { } targetId)
        {
            mergedIntoNo = await Residents.FindNumberByIdAsync(targetId, disposed.Token);
        }
        household = person.HouseholdId is { } householdId
            ? await Residents.HouseholdMembersAsync(householdId, disposed.Token)
            : [person];
        reports = await Reports.HistoryAsync(person.ResidentId, disposed.Token);
        calls = await Residents.CallsAsync(person.ResidentId, disposed.Token);
        loading = false;

        // Audited where it is read, once per opened person (pages run only once the circuit is live, see
        // MainLayout, so a prerender neither reads nor writes). Presence needs the live page's heartbeat.
        var user = (await Authentication.GetAuthenticationStateAsync()).User;
        await Audit.WriteAsync(user, AuditActions.ViewResident, "resident", person.ResidentNo,
            residentId: person.ResidentId, cancellationToken: disposed.Token);
        if (RendererInfo.IsInteractive)
        {
            StartPresence(user, person.ResidentId);
        }
    }

    private void StartPresence(ClaimsPrincipal user, int residentId)
    {
        // A session id comes with every sign-in; the fallback keeps presence working for this circuit alone.
        sessionId ??= user.SessionId() ?? "circuit-" + Guid.NewGuid().ToString("N");
        presence = CancellationTokenSource.CreateLinkedTokenSource(disposed.Token);
        presenceResidentId = residentId;
        _ = PresenceLoopAsync(residentId, sessionId, user.UserName(), user.DisplayName(), user.Site(), presence.Token);
    }

    private async Task PresenceLoopAsync(int residentId, string session, string? userName, string displayName, string? site,
        CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(HeartbeatInterval);
        try
        {
            do
            {
                if (!Connection.IsConnected)
                {
                    // The browser is gone (crashed, network down): do not claim the person is still open.
                    continue;
                }
                try
                {
                    var others = await Views.HeartbeatAsync(residentId, session, userName, displayName, site, cancellationToken);
                    await InvokeAsync(() =>
                    {
                        if (!cancellationToken.IsCancellationRequested)
                        {
                            viewers = others;
                            StateHasChanged();
                        }
                    });
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A missed heartbeat only hides the alert for a moment; the next one tries again.
                    Logger.LogWarning(e, "Presence heartbeat for resident {ResidentId} failed", residentId);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
            // The page closed or moved to another person.
        }
    }

    private async Task StopPresenceAsync()
    {
        if (presence is null || presenceResidentId is not { } residentId || sessionId is null)
        {
            return;
        }
        await presence.CancelAsync();
        presence.Dispose();
        presence = null;
        presenceResidentId = null;
        try
        {
            await Views.LeaveAsync(residentId, sessionId);
        }
        catch (Exception e)
        {
            // The row goes stale by itself after ResidentViewRepository.StaleAfter.
            Logger.LogWarning(e, "Leaving resident {ResidentId} failed", residentId);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopPresenceAsync();
        await disposed.CancelAsync();
        disposed.Dispose();
    }
}
