using CallCenter.Data.Reports;
using CallCenter.Data.Residents;
using CallCenter.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace CallCenter.Web.Components.Pages.Residents;

/// <summary>
/// One person: register data, current status, household, history of reports and calls. While the page is open
/// it sends a presence heartbeat, so two operators working on the same person see each other.
/// </summary>
public sealed partial class ResidentPage
{
    [Parameter] public string ResidentNo { get; set; } = "";

    [Inject] private IServiceProvider Services { get; set; } = default!;
    [Inject] private IOptions<TownOptions> Town { get; set; } = default!;

    private string? loadedNo;
    private bool loading = true;
    private ResidentDetail? detail;
    private string? mergedIntoNo;
    private IReadOnlyList<ResidentSummary> household = [];
    private IReadOnlyList<SafetyReport> reports = [];
    private IReadOnlyList<CallSummary> calls = [];
    private IReadOnlyList<ResidentViewer> viewers = [];

    private readonly CancellationTokenSource disposed = new();
    private ResidentView view = default!;

    private string Title => detail?.Summary.Name ?? "住民";

    private string CallHref => $"/residents/{Uri.EscapeDataString(ResidentNo)}/call";

    private string PresenceText => PresenceTextOf(viewers);

    private static string PresenceTextOf(IReadOnlyList<ResidentViewer> others) => string.Join("、", others
        .Select(v => (v.DisplayName ?? v.UserName ?? "他の担当者") + (string.IsNullOrEmpty(v.Site) ? "" : $"（{v.Site}）"))
        .Distinct());

    // One per page (not a circuit-wide service): it holds this page's presence loop.
    protected override void OnInitialized() => view = ActivatorUtilities.CreateInstance<ResidentView>(Services);

    protected override async Task OnParametersSetAsync()
    {
        // The same page instance is reused when a household link opens another person.
        if (ResidentNo == loadedNo)
        {
            return;
        }
        loadedNo = ResidentNo;
        await view.StopPresenceAsync();
        (loading, detail, mergedIntoNo, household, reports, calls, viewers) = (true, null, null, [], [], [], []);

        var file = await view.OpenAsync(ResidentNo, disposed.Token);
        if (file is null)
        {
            loading = false;
            return;
        }
        (detail, mergedIntoNo, household, reports, calls) = (file.Detail, file.MergedIntoNo, file.Household, file.Reports, file.Calls);
        loading = false;

        // Presence needs the live page's heartbeat.
        if (RendererInfo.IsInteractive)
        {
            view.StartPresence(detail.Summary.ResidentId, ShowViewersAsync, disposed.Token);
        }
    }

    private Task ShowViewersAsync(IReadOnlyList<ResidentViewer> others, CancellationToken presenceToken) => InvokeAsync(() =>
    {
        // A heartbeat every few seconds: the page renders only when who else has the person open has changed.
        if (!presenceToken.IsCancellationRequested && (others.Count != viewers.Count || PresenceTextOf(others) != PresenceText))
        {
            viewers = others;
            StateHasChanged();
        }
    });

    public async ValueTask DisposeAsync()
    {
        await view.StopPresenceAsync();
        await disposed.CancelAsync();
        disposed.Dispose();
    }
}
