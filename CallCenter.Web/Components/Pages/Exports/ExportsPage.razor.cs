using CallCenter.Data.Exports;
using CallCenter.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace CallCenter.Web.Components.Pages.Exports;

// Making a file: the request checked, the rows counted for the progress bar, the file written off the circuit's thread
// (all in ExportDesk), and 中止 or a failure reported in Japanese. The form and the panels are in the .razor.
public sealed partial class ExportsPage : IDisposable
{
    // Progress reaches the page at most this often, however fast the rows come.
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    [Inject] private IServiceProvider Services { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    private readonly ExportForm form = new();
    private ExportDesk desk = default!;
    private IReadOnlyList<string> districts = [];
    private CancellationTokenSource? running;
    private string runningTitle = "";
    private ThrottledProgress? progress;
    private int? expectedRows;
    private string? error;
    private ExportFile? done;
    private ExportEncoding doneEncoding;
    private ExportFormat doneFormat;
    private bool downloaded;
    private bool disposed;

    private bool Running => running is not null;

    private int RowsWritten => progress?.Value ?? 0;

    protected override async Task OnInitializedAsync()
    {
        // One per page, built from the circuit's services (nothing to register).
        desk = ActivatorUtilities.CreateInstance<ExportDesk>(Services);
        desk.SetDefaultPeriod(form);
        districts = await desk.DistrictsAsync();
    }

    private async Task CreateAsync()
    {
        if (Running)
        {
            return;
        }
        error = districtProblem;
        if (error is not null)
        {
            return;
        }
        if (desk.Check(form, out var query, out var problems) is not { } request)
        {
            error = problems;
            return;
        }
        var user = (await AuthenticationState!).User;
        desk.Withdraw(done?.Token);
        (done, downloaded, progress, expectedRows, runningTitle) = (null, false, null, null, request.Title);
        var cancel = running = new CancellationTokenSource();
        StateHasChanged();
        try
        {
            expectedRows = await desk.CountAsync(request, cancel.Token);
            var progress = this.progress = new ThrottledProgress(() => InvokeAsync(StateHasChanged), ProgressInterval);
            var file = await desk.MakeAsync(request, query, user, progress, cancel.Token);
            if (cancel.IsCancellationRequested)
            {
                desk.Withdraw(file.Token);
                error = ExportDesk.CancelledMessage;
            }
            else
            {
                (done, doneEncoding, doneFormat) = (file, request.Options.Encoding, request.Options.Format);
            }
        }
        catch (OperationCanceledException)
        {
            error = ExportDesk.CancelledMessage;
        }
        catch (Exception e) when (!disposed)
        {
            error = desk.Failed(e, request);
        }
        finally
        {
            running = null;
            cancel.Dispose();
        }
    }

    private void Cancel() => running?.Cancel();

    public void Dispose()
    {
        disposed = true;
        running?.Cancel();
        if (!downloaded)
        {
            // Nobody can click the link once the page is gone: do not leave the file behind.
            desk?.Withdraw(done?.Token);
        }
    }
}
