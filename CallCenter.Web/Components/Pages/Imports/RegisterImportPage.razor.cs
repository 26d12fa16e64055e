using CallCenter.Data.Imports;
using CallCenter.Web.Components.Shared;
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
    [Inject] private RegisterImport Import { get; set; } = default!;
    [Inject] private IOptions<TownOptions> Town { get; set; } = default!;
    [Inject] private ILogger<RegisterImportPage> Logger { get; set; } = default!;
    [Inject] private SaveGuard Save { get; set; } = default!;
    [Inject] private TownAccess Towns { get; set; } = default!;

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
    private ImportTownChoice townChoice = ImportTownChoice.Single;
    private int? townId;
    // The town the held file was checked for: the commit writes that town, whatever the field shows by then.
    private CallCenter.Data.Towns.Town? checkedTown;

    protected override async Task OnInitializedAsync()
    {
        townChoice = await ImportTownChoice.LoadAsync(Towns,
            AuthenticationState is null ? new System.Security.Claims.ClaimsPrincipal() : (await AuthenticationState).User);
        townId = townChoice.Initial;
    }

    private void TownChanged(int? value)
    {
        if (!Busy)
        {
            Reset();
            townId = value;
        }
    }

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
        (fileName, fileSize) = (e.File.Name, e.File.Size);
        if (townChoice.Problem(townId) is { } townProblem)
        {
            error = townProblem;
            return;
        }
        checkedTown = townChoice.Find(townId);
        if (Import.TooLarge(e.File.Size) is { } tooLarge)
        {
            error = tooLarge;
            return;
        }
        var path = uploadPath = Import.NewPath();
        try
        {
            stage = RegisterImportStage.Uploading;
            await Import.ReceiveAsync(e.File, path, NewProgress(), disposed.Token);
            stage = RegisterImportStage.Checking;
            var checkProgress = NewProgress();
            StateHasChanged();
            (preview, rows) = await Import.CheckAsync((await AuthenticationState!).User, fileName, fileSize, path, checkProgress, disposed.Token, checkedTown);
            stage = RegisterImportStage.Previewed;
            uploadPath = preview.Errors.Count > 0 ? null : path;
        }
        catch (OperationCanceledException) when (disposed.IsCancellationRequested)
        {
            Import.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            Logger.LogWarning(ex, "Register upload {File} failed", fileName);
            Import.Delete(path);
            (uploadPath, stage, error) = (null, RegisterImportStage.None, "ファイルを受け取れませんでした。もう一度選んでください。");
        }
        catch (Exception ex) when (Save.Handles(ex))
        {
            Import.Delete(path);
            (uploadPath, stage) = (null, RegisterImportStage.None);
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
        try
        {
            var result = await Import.CommitAsync((await AuthenticationState!).User, fileName, fileSize, path, NewProgress(), disposed.Token, checkedTown);
            if (result.Committed)
            {
                (committed, stage) = (result, RegisterImportStage.Committed);
            }
            else
            {
                // The register changed since the preview (another import): show what the import found.
                (preview, stage) = (result, RegisterImportStage.Previewed);
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
                Import.Delete(path);
                uploadPath = null;
            }
        }
    }

    private ThrottledProgress NewProgress() => progress = new ThrottledProgress(() => InvokeAsync(StateHasChanged), ProgressInterval);

    private void Reset()
    {
        Import.Delete(uploadPath);
        (uploadPath, stage, preview, rows, committed, progress, error) = (null, RegisterImportStage.None, null, null, null, null, null);
    }

    public void Dispose()
    {
        disposed.Cancel();
        Import.Delete(uploadPath);
    }
}
