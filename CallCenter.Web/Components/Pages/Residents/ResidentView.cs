using System.Security.Claims;
using CallCenter.Data.Audit;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;
using CallCenter.Web.Components.Shared;
using CallCenter.Web.Security;
using Microsoft.AspNetCore.Components.Authorization;

namespace CallCenter.Web.Components.Pages.Residents;

/// <summary>Everything the resident page shows about one person, read together.</summary>
public sealed record ResidentFile(
    ResidentDetail Detail,
    string? MergedIntoNo,
    IReadOnlyList<ResidentSummary> Household,
    IReadOnlyList<SafetyReport> Reports,
    IReadOnlyList<CallSummary> Calls,
    Data.Towns.Town? Town = null);

/// <summary>
/// What opening a resident number found: the person, or (the number is in several towns the viewer may see and the URL
/// named none) the towns to choose from, or nothing (unknown, or outside the viewer's towns: the same answer).
/// </summary>
public sealed record ResidentOpening(ResidentFile? File, IReadOnlyList<Data.Towns.Town> Choices, TownNames Towns);

/// <summary>
/// The resident page's reads and presence: one person with their household, reports and calls, audited once per
/// opened person, and the heartbeat that tells other operators who else has the person open. One per page.
/// </summary>
public sealed class ResidentView(ResidentRepository residents, ReportRepository reports, ResidentViewRepository views,
    AuditTrail audit, AuthenticationStateProvider authentication, CircuitConnection connection, ILogger<ResidentView> logger,
    TownAccess? towns = null)
{
    /// <summary>How often the page tells the server it is still open (well inside <see cref="ResidentViewRepository.StaleAfter"/>).</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(5);

    private ClaimsPrincipal? viewer;
    private string? sessionId;

    // Presence: one loop per opened person; replaced when a household link opens another. The person is marked as open
    // (presenceResidentId) from the opening's first heartbeat on, before the loop starts.
    private CancellationTokenSource? presence;
    private int? presenceResidentId;
    // What the opening's first heartbeat found (who else has the person open), handed to the loop's first turn.
    private (int ResidentId, IReadOnlyList<ResidentViewer> Others)? opened;

    /// <summary>
    /// Finds the person with this resident number in the viewer's towns (in the town of <paramref name="townCode"/> when
    /// given): the person, the towns to choose from, or nothing. With <paramref name="withPresence"/> (a live page that
    /// will <see cref="StartPresence"/>), the view's audit row and the page's first heartbeat commit together.
    /// </summary>
    public async Task<ResidentOpening> FindAsync(string residentNo, string? townCode, CancellationToken cancellationToken,
        bool withPresence = false)
    {
        // Without town access (a host that registers none): the only town, as before towns existed.
        var names = towns is null ? TownNames.Single : new TownNames(await towns.TownsAsync(cancellationToken));
        viewer = (await authentication.GetAuthenticationStateAsync()).User;
        var scope = towns is null ? Data.Towns.TownScope.All : await towns.ScopeAsync(viewer, cancellationToken);
        residentNo = residentNo.Trim();
        int? townId = null;
        if (!string.IsNullOrEmpty(townCode))
        {
            // A town outside the viewer's scope, or unknown: no one there (404), never "forbidden".
            if (names.Towns.FirstOrDefault(t => t.Code == townCode) is not { } named || !scope.Includes(named.TownId))
            {
                return new ResidentOpening(null, [], names);
            }
            townId = named.TownId;
        }
        else if (await residents.TownsOfNumberAsync(residentNo, scope, cancellationToken) is { Count: > 1 } several)
        {
            return new ResidentOpening(null, [.. several.Select(names.Of).OfType<Data.Towns.Town>()], names);
        }
        var detail = residentNo.Length is > 0 and <= 50 ? await residents.GetDetailAsync(residentNo, scope, townId, cancellationToken) : null;
        return new ResidentOpening(detail is null ? null : await ReadFileAsync(detail, names, scope, withPresence, cancellationToken), [], names);
    }

    /// <summary>
    /// Reads the person with this resident number among the viewer's towns (null when there is none, or the number is in
    /// several of them) and writes the view-resident audit row.
    /// </summary>
    public async Task<ResidentFile?> OpenAsync(string residentNo, CancellationToken cancellationToken) =>
        (await FindAsync(residentNo, null, cancellationToken)).File;

    /// <summary>Reads the rest of the person's file and writes the view-resident audit row.</summary>
    private async Task<ResidentFile> ReadFileAsync(ResidentDetail detail, TownNames names, Data.Towns.TownScope scope, bool withPresence,
        CancellationToken cancellationToken)
    {
        var person = detail.Summary;
        var mergedIntoNo = person.MergedIntoResidentId is { } targetId
            ? await residents.FindNumberByIdAsync(targetId, cancellationToken)
            : null;
        IReadOnlyList<ResidentSummary> household = person.HouseholdId is { } householdId
            ? await residents.HouseholdMembersAsync(householdId, cancellationToken)
            : [person];
        var history = await reports.HistoryAsync(person.ResidentId, cancellationToken);
        var calls = await residents.CallsAsync(person.ResidentId, scope, cancellationToken);

        // Audited where it is read, once per opened person (pages run only once the circuit is live, see
        // MainLayout, so a prerender neither reads nor writes).
        viewer ??= (await authentication.GetAuthenticationStateAsync()).User;
        // A session id comes with every sign-in; the fallback keeps presence working for this circuit alone.
        sessionId ??= viewer.SessionId() ?? "circuit-" + Guid.NewGuid().ToString("N");
        if (withPresence)
        {
            // One write for the opening: the audit row and the first heartbeat (StopPresenceAsync leaves the person
            // even if the loop never starts).
            presenceResidentId = person.ResidentId;
            var others = await views.OpenAsync(person.ResidentId, sessionId, viewer.UserName(), viewer.DisplayName(), viewer.Site(),
                AuditTrail.Entry(viewer, AuditActions.ViewResident, "resident", person.ResidentNo, person.ResidentId), cancellationToken);
            opened = (person.ResidentId, others);
        }
        else
        {
            await audit.WriteAsync(viewer, AuditActions.ViewResident, "resident", person.ResidentNo,
                residentId: person.ResidentId, cancellationToken: cancellationToken);
        }
        return new ResidentFile(detail, mergedIntoNo, household, history, calls, names.Of(person.TownId));
    }

    /// <summary>
    /// Starts the heartbeat for the person opened last: now (or, when the opening wrote the first heartbeat, with what
    /// it found) and every <see cref="HeartbeatInterval"/> while the browser is connected, handing the other operators
    /// who have them open to <paramref name="onViewers"/>.
    /// </summary>
    public void StartPresence(int residentId, Func<IReadOnlyList<ResidentViewer>, CancellationToken, Task> onViewers,
        CancellationToken cancellationToken)
    {
        presence = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        presenceResidentId = residentId;
        _ = PresenceLoopAsync(residentId, onViewers, presence.Token);
    }

    private async Task PresenceLoopAsync(int residentId, Func<IReadOnlyList<ResidentViewer>, CancellationToken, Task> onViewers,
        CancellationToken cancellationToken)
    {
        var user = viewer ?? throw new InvalidOperationException("Open a person before starting presence.");
        var first = opened is { } beat && beat.ResidentId == residentId ? beat.Others : null;
        opened = null;
        using var timer = new PeriodicTimer(HeartbeatInterval);
        try
        {
            do
            {
                if (first is not null)
                {
                    // The opening wrote this turn's heartbeat.
                    await onViewers(first, cancellationToken);
                    first = null;
                    continue;
                }
                if (!connection.IsConnected)
                {
                    // The browser is gone (crashed, network down): do not claim the person is still open.
                    continue;
                }
                try
                {
                    var others = await views.HeartbeatAsync(residentId, sessionId!, user.UserName(), user.DisplayName(), user.Site(), cancellationToken);
                    await onViewers(others, cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A missed heartbeat only hides the alert for a moment; the next one tries again.
                    logger.LogWarning(e, "Presence heartbeat for resident {ResidentId} failed", residentId);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
            // The page closed or moved to another person.
        }
    }

    /// <summary>Stops the heartbeat and says this page no longer has the person open.</summary>
    public async Task StopPresenceAsync()
    {
        opened = null;
        if (presenceResidentId is not { } residentId || sessionId is null)
        {
            return;
        }
        if (presence is not null)
        {
            await presence.CancelAsync();
            presence.Dispose();
            presence = null;
        }
        presenceResidentId = null;
        try
        {
            await views.LeaveAsync(residentId, sessionId);
        }
        catch (Exception e)
        {
            // The row goes stale by itself after ResidentViewRepository.StaleAfter.
            logger.LogWarning(e, "Leaving resident {ResidentId} failed", residentId);
        }
    }
}
