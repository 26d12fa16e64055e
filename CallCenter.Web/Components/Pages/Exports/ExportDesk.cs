using System.Security.Claims;
using CallCenter.Data.Common;
using CallCenter.Data.Dashboard;
using CallCenter.Data.Database;
using CallCenter.Data.Exports;
using CallCenter.Web.Api;
using CallCenter.Web.Components.Pages.Dashboard;
using CallCenter.Web.Files;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace CallCenter.Web.Components.Pages.Exports;

/// <summary>
/// The exports page's work: the districts to offer, the form checked as the HTTP API checks it, the rows counted for
/// the progress bar, the file made off the circuit's thread (audited by <see cref="ExportFileMaker"/>), a file withdrawn,
/// and a failure told in Japanese.
/// </summary>
public sealed class ExportDesk(DashboardFeed feed, IDashboardSource source, ExportFileMaker maker, ExportDownloads downloads,
    PrivateTempFiles files, TimeProvider time, ILogger<ExportDesk> logger)
{
    public const string CancelledMessage = "中止しました。ファイルは作成していません。";

    /// <summary>How long a made file waits for its download, in minutes.</summary>
    public int ExpiryMinutes => (int)files.Expiry.TotalMinutes;

    /// <summary>Sets the form's period to the last 30 days (today included).</summary>
    public void SetDefaultPeriod(ExportForm form)
    {
        var today = JapanTime.Today(time);
        form.From = JapaneseDates.FormatWestern(today.AddDays(-30));
        form.To = JapaneseDates.FormatWestern(today);
    }

    /// <summary>The town's districts, or none when they cannot be read (the box then takes any text).</summary>
    public async Task<IReadOnlyList<string>> DistrictsAsync()
    {
        try
        {
            // Issue 19: every town's districts until the exports take the user's TownScope (part D).
            return (await feed.GetAsync(new DashboardFilter(), CallCenter.Data.Towns.TownScope.All)).Districts;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Districts for the exports page could not be read");
            return [];
        }
    }

    /// <summary>
    /// The request the form asks for, read by the API's own parser, with the API's query string in
    /// <paramref name="query"/>; null and the problems in Japanese in <paramref name="error"/> when the form is wrong.
    /// </summary>
    public ExportRequest? Check(ExportForm form, out string query, out string? error)
    {
        query = form.Query(out var problems);
        ExportRequest? request = null;
        if (problems.Count == 0)
        {
            request = ExportApi.Parse(form.Kind, new QueryCollection(QueryHelpers.ParseQuery(query)), time, problems, form.Format);
        }
        error = request is null ? string.Join(" ", problems) : null;
        return request;
    }

    /// <summary>How many rows the file will have, when the export is a list of residents (null for periods).</summary>
    public async Task<int?> CountAsync(ExportRequest request, CancellationToken cancellationToken)
    {
        if (request.Filter is not { } filter)
        {
            return null;
        }
        if (request.Kind == ExportKind.Unconfirmed)
        {
            filter = filter with { Status = null, Confirmed = false, Unconfirmed = true };
        }
        // Issue 19: every town until the exports take the user's TownScope (part D).
        return (await source.ListAsync(filter, CallCenter.Data.Towns.TownScope.All, ResidentListSort.ResidentNo, false, 0, 1, cancellationToken)).Total;
    }

    /// <summary>Makes the file off the circuit's thread, so the page keeps rendering progress and hears 中止.</summary>
    public Task<ExportFile> MakeAsync(ExportRequest request, string query, ClaimsPrincipal user, IProgress<int> progress,
        CancellationToken cancellationToken) =>
        Task.Run(() => maker.MakeAsync(request, query, user, progress, cancellationToken), cancellationToken);

    /// <summary>Deletes a made file nobody will download.</summary>
    public void Withdraw(string? token) => downloads.Withdraw(token);

    private static string FormatLabel(ExportRequest request) => request.Options.Format == ExportFormat.Xlsx ? "Excelファイル" : "CSV";

    /// <summary>Logs a failed export and says in Japanese what happened and what to do.</summary>
    public string Failed(Exception exception, ExportRequest request)
    {
        if (StorageFault.Classify(exception) is { } fault)
        {
            logger.LogWarning(exception, "Export {Name} failed on storage", request.Name);
            return StorageFault.Describe(fault) + $"{FormatLabel(request)}は作成していません。条件はそのままです。少し待ってからもう一度「作成」を押してください。";
        }
        logger.LogError(exception, "Export {Name} failed", request.Name);
        return $"{FormatLabel(request)}を作成できませんでした。しばらくしてからもう一度お試しください。";
    }
}
