using CallCenter.Data.Audit;
using CallCenter.Data.Imports;
using CallCenter.Web.Components.Shared;
using CallCenter.Web.Files;
using CallCenter.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Options;

namespace CallCenter.Web.Components.Pages.Imports;

/// <summary>
/// Upload of the resident register: the file is received to a private temporary file, checked by a dry run (the
/// preview), and committed in one transaction when it has no errors; each step is audited.
/// </summary>
public partial class RegisterImportPage : IDisposable
{
    [Inject] private ResidentImportService Imports { get; set; } = default!;
    [Inject] private PrivateTempFiles Files { get; set; } = default!;
    [Inject] private AuditTrail Audit { get; set; } = default!;
    [Inject] private IOptions<RegisterUploadOptions> Upload { get; set; } = default!;
    [Inject] private IOptions<TownOptions> Town { get; set; } = default!;
    [Inject] private ILogger<RegisterImportPage> Logger { get; set; } = default!;
    [Inject] private SaveGuard Save { get; set; } = default!;

    /// <summary>How many errors the preview lists.</summary>
    public const int MaxErrorsShown = 500;

    private const int PreviewRowCount = 10;
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    private readonly CancellationTokenSource disposed = new();
    private RegisterImportStage stage;
    private string? uploadPath;
    private string fileName = "";
    private long fileSize;
    private ResidentImportResult? preview;
    private RegisterPreview? rows;
    private ResidentImportResult? committed;
    private ThrottledProgress? progress;
    private string? error;

    private bool Busy => stage is RegisterImportStage.Uploading or RegisterImportStage.Checking or RegisterImportStage.Committing;

    private int Progress => progress?.Value ?? 0;

    private int PreviewRows => preview is { } p ? p.Inserted + p.Updated + p.Unchanged : 0;

    private async Task SelectAsync(InputFileChangeEventArgs e)
    {
        if (Busy)
        {
            return;
        }
        Reset();
        var file = e.File;
        fileName = file.Name;
        fileSize = file.Size;
        if (file.Size > Upload.Value.MaxBytes)
        {
            error = $"ファイルが大きすぎます（{RegisterFileSize.Format(file.Size)}）。{Upload.Value.MaxMegabytes} MB までのファイルを選んでください。" +
                    "もっと大きな名簿はコマンド import-residents で取り込めます。";
            return;
        }
        var path = uploadPath = Files.NewPath(".csv");
        try
        {
            stage = RegisterImportStage.Uploading;
            progress = new ThrottledProgress(() => InvokeAsync(StateHasChanged), ProgressInterval);
            await using (var source = file.OpenReadStream(Upload.Value.MaxBytes, disposed.Token))
            await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await source.ReadAsync(buffer, disposed.Token)) > 0)
                {
                    await target.WriteAsync(buffer.AsMemory(0, read), disposed.Token);
                    progress.Report((int)Math.Min(int.MaxValue, target.Length));
                }
            }

            stage = RegisterImportStage.Checking;
            progress = new ThrottledProgress(() => InvokeAsync(StateHasChanged), ProgressInterval);
            StateHasChanged();
            var checkProgress = progress;
            // Off the circuit's thread, so the page keeps showing progress.
            var result = await Task.Run(() => Imports.ImportFileAsync(path, dryRun: true, checkProgress, disposed.Token), disposed.Token);
            rows = RegisterPreview.Read(path, PreviewRowCount);
            preview = result;
            stage = RegisterImportStage.Previewed;
            await AuditAsync(result, dryRun: true);
            if (result.Errors.Count > 0)
            {
                // Nothing will be committed from this file: do not keep it.
                Files.Delete(path);
                uploadPath = null;
            }
        }
        catch (OperationCanceledException) when (disposed.IsCancellationRequested)
        {
            Files.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            Logger.LogWarning(ex, "Register upload {File} failed", fileName);
            Files.Delete(path);
            uploadPath = null;
            stage = RegisterImportStage.None;
            error = "ファイルを受け取れませんでした。もう一度選んでください。";
        }
        catch (Exception ex) when (Save.Handles(ex))
        {
            Files.Delete(path);
            uploadPath = null;
            stage = RegisterImportStage.None;
        }
    }

    private async Task CommitAsync()
    {
        if (Busy || preview is not { Errors.Count: 0 } || uploadPath is not { } path)
        {
            return;
        }
        if (!File.Exists(path))
        {
            Reset();
            error = "時間が経ったため、アップロードしたファイルは削除されました。もう一度選んでください。";
            return;
        }
        error = null;
        Save.Clear();
        stage = RegisterImportStage.Committing;
        progress = new ThrottledProgress(() => InvokeAsync(StateHasChanged), ProgressInterval);
        var commitProgress = progress;
        try
        {
            var result = await Task.Run(() => Imports.ImportFileAsync(path, dryRun: false, commitProgress, disposed.Token), disposed.Token);
            await AuditAsync(result, dryRun: false);
            if (result.Committed)
            {
                committed = result;
                stage = RegisterImportStage.Committed;
            }
            else
            {
                // The register changed since the preview (another import): show what the import found.
                preview = result;
                stage = RegisterImportStage.Previewed;
                error = "取り込めませんでした。何も書き込んでいません。エラーを確かめてください。";
            }
        }
        catch (OperationCanceledException) when (disposed.IsCancellationRequested)
        {
            // The page closed: the import rolled back.
        }
        catch (Exception ex) when (Save.Handles(ex))
        {
            // Rolled back, nothing written: the checked file is kept and 取り込む tries again.
            stage = RegisterImportStage.Previewed;
        }
        finally
        {
            if (stage != RegisterImportStage.Previewed || preview?.Errors.Count > 0)
            {
                Files.Delete(path);
                uploadPath = null;
            }
        }
    }

    private async Task AuditAsync(ResidentImportResult result, bool dryRun)
    {
        var user = (await AuthenticationState!).User;
        await Audit.WriteAsync(user, AuditActions.ImportResidents, "file", fileName,
            $"{result.Summary}; encoding {result.Encoding}; upload {fileSize} bytes{(dryRun ? "; dry run" : "")}");
    }

    private void Reset()
    {
        Files.Delete(uploadPath);
        uploadPath = null;
        stage = RegisterImportStage.None;
        preview = null;
        rows = null;
        committed = null;
        progress = null;
        error = null;
    }

    public void Dispose()
    {
        disposed.Cancel();
        Files.Delete(uploadPath);
    }
}
