using CallCenter.Data.Dashboard;
using CallCenter.Data.Exports;
using CallCenter.Web.Api;
using CallCenter.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace CallCenter.Web.Components.Pages.Exports;

// Making a file: the request checked as the HTTP API checks it, the rows counted for the progress bar, the file written
// off the circuit's thread, and 中止 or a failure reported in Japanese. The form and the panels are in the .razor.
public sealed partial class ExportsPage
{
    // Progress reaches the page at most this often, however fast the rows come.
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    [Inject] private ExportFileMaker Maker { get; set; } = default!;
    [Inject] private ExportDownloads Downloads { get; set; } = default!;
    [Inject] private IDashboardSource Source { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    private async Task CreateAsync()
    {
        if (Running)
        {
            return;
        }
        error = null;
        var query = form.Query(out var problems);
        ExportRequest? request = null;
        if (problems.Count == 0)
        {
            request = ExportApi.Parse(form.Kind, new Microsoft.AspNetCore.Http.QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query)), Time, problems);
        }
        if (request is null)
        {
            error = string.Join(" ", problems);
            return;
        }
        var user = (await AuthenticationState!).User;
        Downloads.Withdraw(done?.Token);
        done = null;
        downloaded = false;
        progress = null;
        expectedRows = null;
        runningTitle = request.Title;
        var cancel = running = new CancellationTokenSource();
        StateHasChanged();
        try
        {
            expectedRows = await CountAsync(request, cancel.Token);
            var progress = new ThrottledProgress(() => InvokeAsync(StateHasChanged), ProgressInterval);
            this.progress = progress;
            // Off the circuit's thread: the page keeps rendering progress and hears 中止 while rows are written.
            var file = await Task.Run(() => Maker.MakeAsync(request, query, user, progress, cancel.Token), cancel.Token);
            if (cancel.IsCancellationRequested)
            {
                Downloads.Withdraw(file.Token);
                error = "中止しました。ファイルは作成していません。";
            }
            else
            {
                done = file;
                doneEncoding = request.Options.Encoding;
            }
        }
        catch (OperationCanceledException)
        {
            error = "中止しました。ファイルは作成していません。";
        }
        catch (Exception e) when (!disposed && CallCenter.Data.Database.StorageFault.Classify(e) is { } fault)
        {
            Logger.LogWarning(e, "Export {Name} failed on storage", request.Name);
            error = CallCenter.Data.Database.StorageFault.Describe(fault) + "CSVは作成していません。条件はそのままです。少し待ってからもう一度「作成」を押してください。";
        }
        catch (Exception e) when (!disposed)
        {
            Logger.LogError(e, "Export {Name} failed", request.Name);
            error = "CSVを作成できませんでした。しばらくしてからもう一度お試しください。";
        }
        finally
        {
            running = null;
            cancel.Dispose();
        }
    }

    private async Task<int?> CountAsync(ExportRequest request, CancellationToken cancellationToken)
    {
        if (request.Filter is not { } filter)
        {
            return null;
        }
        if (request.Kind == ExportKind.Unconfirmed)
        {
            filter = filter with { Status = null, Confirmed = false, Unconfirmed = true };
        }
        return (await Source.ListAsync(filter, ResidentListSort.ResidentNo, false, 0, 1, cancellationToken)).Total;
    }
}
