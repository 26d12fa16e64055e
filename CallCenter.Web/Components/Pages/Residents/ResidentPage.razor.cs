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

    /// <summary>The town's code (several towns: the same number may be someone else in another town).</summary>
    [SupplyParameterFromQuery(Name = "town")] public string? TownCode { get; set; }

    [Inject] private IServiceProvider Services { get; set; } = default!;
    [Inject] private IOptions<TownOptions> Town { get; set; } = default!;

    private (string No, string? Town)? loaded;
    private IReadOnlyList<CallCenter.Data.Towns.Town> choices = [];
    private TownNames towns = TownNames.Single;
    private CallCenter.Data.Towns.Town? town;
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

    private string CallHref => towns.ResidentHref(ResidentNo, detail?.Summary.TownId ?? 0, "/call");

    private string PresenceText => PresenceTextOf(viewers);

    private static string PresenceTextOf(IReadOnlyList<ResidentViewer> others) => string.Join("、", others
        .Select(v => (v.DisplayName ?? v.UserName ?? "他の担当者") + (string.IsNullOrEmpty(v.Site) ? "" : $"（{v.Site}）"))
        .Distinct());

    // One per page (not a circuit-wide service): it holds this page's presence loop.
    protected override void OnInitialized() => view = ActivatorUtilities.CreateInstance<ResidentView>(Services);

    protected override async Task OnParametersSetAsync()
    {
        // The same page instance is reused when a household link opens another person.
        if (loaded == (ResidentNo, TownCode))
        {
            return;
        }
        loaded = (ResidentNo, TownCode);
        await view.StopPresenceAsync();
        (loading, detail, mergedIntoNo, household, reports, calls, viewers, choices, town) = (true, null, null, [], [], [], [], [], null);

        // A live page's opening writes its first presence heartbeat with the view's audit row.
        var opening = await view.FindAsync(ResidentNo, TownCode, disposed.Token, withPresence: RendererInfo.IsInteractive);
        (towns, choices) = (opening.Towns, opening.Choices);
        if (opening.File is not { } file)
        {
            loading = false;
            return;
        }
        (detail, mergedIntoNo, household, reports, calls, town) = (file.Detail, file.MergedIntoNo, file.Household, file.Reports, file.Calls, file.Town);
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
