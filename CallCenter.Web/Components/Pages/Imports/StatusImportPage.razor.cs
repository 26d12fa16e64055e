using CallCenter.Data.Audit;
using CallCenter.Data.Imports;
using CallCenter.Data.Reports;
using CallCenter.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace CallCenter.Web.Components.Pages.Imports;

// Reading the chosen file into memory and checking it (the preview, audited): again when the source changes. The commit
// and the page are in the .razor.
public sealed partial class StatusImportPage
{
    [Inject] private AuditTrail Audit { get; set; } = default!;

    private async Task FileChosenAsync(InputFileChangeEventArgs e)
    {
        Clear();
        var file = e.File;
        if (file.Size > StatusListImportService.MaxFileBytes)
        {
            fileProblem = $"ファイルが大きすぎます（{file.Size / 1024 / 1024} MB）。50 MB までのファイルにしてください。";
            return;
        }
        busy = true;
        try
        {
            // The file stays in server memory only while this page is open: nothing goes to browser storage.
            using var copy = new MemoryStream();
            await using (var stream = file.OpenReadStream(StatusListImportService.MaxFileBytes))
            {
                await stream.CopyToAsync(copy);
            }
            bytes = copy.ToArray();
            fileName = file.Name;
            await PreviewAsync();
        }
        catch (IOException ex)
        {
            fileProblem = $"ファイルを読めませんでした（{ex.Message}）。";
        }
        catch (Exception ex) when (Save.Handles(ex))
        {
            // The file stays in memory: choosing the source again, or the file again, checks it again.
        }
        finally
        {
            busy = false;
        }
    }

    private async Task SourceChangedAsync(ReportSource value)
    {
        source = value;
        if (bytes is not null && result is null)
        {
            busy = true;
            try
            {
                await PreviewAsync();
            }
            catch (Exception ex) when (Save.Handles(ex))
            {
                // Shown by SaveFaultAlert.
            }
            finally
            {
                busy = false;
            }
        }
    }

    private async Task PreviewAsync()
    {
        preview = await Imports.PreviewAsync(new MemoryStream(bytes!), fileName, source);
        var user = await UserAsync();
        await Audit.WriteAsync(user, AuditActions.PreviewStatusImport, "status-import", null,
            AuditDetails.Join(AuditDetails.Labelled("ファイル", fileName), source.Label(), $"文字コード {preview.Encoding}",
                AuditDetails.Count(preview.Total, "行"), $"エラー {AuditDetails.Count(preview.Errors.Count, "件")}"));
    }
}
