using System.Security.Claims;
using CallCenter.Data.Audit;
using CallCenter.Data.Imports;
using CallCenter.Data.Towns;
using CallCenter.Web.Components.Shared;
using CallCenter.Web.Files;
using CallCenter.Web.Security;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Options;

namespace CallCenter.Web.Components.Pages.Imports;

/// <summary>
/// What the register import page does with the file and the data: receives the upload to a private temporary file,
/// checks it by a dry run (with the preview rows) and commits it; each check and commit is audited.
/// </summary>
public sealed class RegisterImport(ResidentImportService imports, PrivateTempFiles files, AuditTrail audit, IOptions<RegisterUploadOptions> upload)
{
    /// <summary>How many errors the preview lists.</summary>
    public const int MaxErrorsShown = 500;

    private const int PreviewRowCount = 10;

    public RegisterUploadOptions Upload => upload.Value;

    /// <summary>The message when the file is over the upload limit, else null.</summary>
    public string? TooLarge(long size) => size <= Upload.MaxBytes ? null :
        $"ファイルが大きすぎます（{FileSizeText.Format(size)}）。{Upload.MaxMegabytes} MB までのファイルを選んでください。" +
        "もっと大きな名簿はコマンド import-residents で取り込めます。";

    public string NewPath() => files.NewPath(".csv");

    public void Delete(string? path) => files.Delete(path);

    /// <summary>Copies the uploaded file to <paramref name="path"/> (a new file), reporting the bytes received.</summary>
    public async Task ReceiveAsync(IBrowserFile file, string path, IProgress<int> progress, CancellationToken cancellationToken)
    {
        await using var source = file.OpenReadStream(Upload.MaxBytes, cancellationToken);
        await using var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        var buffer = new byte[1 << 16];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            progress.Report((int)Math.Min(int.MaxValue, target.Length));
        }
    }

    /// <summary>
    /// The dry run of the received file (off the circuit's thread, so the page keeps showing progress) and its first
    /// rows, audited; a file with errors is deleted, as nothing will be committed from it.
    /// </summary>
    /// <remarks><paramref name="town"/>: the town chosen when several exist (named in the audit row); null: the only town.</remarks>
    public async Task<(ResidentImportResult Result, RegisterPreview Rows)> CheckAsync(ClaimsPrincipal user, string fileName, long fileSize, string path,
        IProgress<int> progress, CancellationToken cancellationToken, Town? town = null)
    {
        var result = await Task.Run(() => imports.ImportFileAsync(path, dryRun: true, progress, cancellationToken, town?.TownId), cancellationToken);
        var rows = RegisterPreview.Read(path, PreviewRowCount);
        await AuditAsync(user, fileName, fileSize, result, dryRun: true, town);
        if (result.Errors.Count > 0)
        {
            files.Delete(path);
        }
        return (result, rows);
    }

    /// <summary>Imports the checked file in one transaction (off the circuit's thread), audited; not committed when the register changed since the check.</summary>
    public async Task<ResidentImportResult> CommitAsync(ClaimsPrincipal user, string fileName, long fileSize, string path, IProgress<int> progress,
        CancellationToken cancellationToken, Town? town = null)
    {
        var result = await Task.Run(() => imports.ImportFileAsync(path, dryRun: false, progress, cancellationToken, town?.TownId), cancellationToken);
        await AuditAsync(user, fileName, fileSize, result, dryRun: false, town);
        return result;
    }

    private Task AuditAsync(ClaimsPrincipal user, string fileName, long fileSize, ResidentImportResult result, bool dryRun, Town? town) =>
        audit.WriteAsync(user, AuditActions.ImportResidents, "file", fileName,
            AuditDetails.Join(town?.AuditPhrase(true), AuditDetails.ResidentImport(result), $"ファイル {fileSize.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)}バイト", dryRun ? "確認のみ（書き込みなし）" : null));
}
