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
    [Inject] private TownAccess Towns { get; set; } = default!;

    private ImportTownChoice townChoice = ImportTownChoice.Single;
    private int? townId;
    // The town the held file was checked for: the commit matches against that town.
    private CallCenter.Data.Towns.Town? checkedTown;

    protected override async Task OnInitializedAsync()
    {
        townChoice = await ImportTownChoice.LoadAsync(Towns, await UserAsync());
        townId = townChoice.Initial;
    }

    private async Task TownChangedAsync(int? value)
    {
        townId = value;
        if (bytes is not null && result is null)
        {
            await SourceChangedAsync(source);
        }
    }

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
        if (townChoice.Problem(townId) is { } townProblem)
        {
            // Nothing is matched before the town is known: the same numbers are other people in another town.
            (preview, fileProblem) = (null, townProblem);
            return;
        }
        fileProblem = null;
        checkedTown = townChoice.Find(townId);
        preview = await Imports.PreviewAsync(new MemoryStream(bytes!), fileName, source, townId: checkedTown?.TownId);
        var user = await UserAsync();
        await Audit.WriteAsync(user, AuditActions.PreviewStatusImport, "status-import", null,
            AuditDetails.Join(AuditDetails.Labelled("ファイル", fileName), checkedTown?.AuditPhrase(true), source.Label(), $"文字コード {preview.Encoding}",
                AuditDetails.Count(preview.Total, "行"), $"エラー {AuditDetails.Count(preview.Errors.Count, "件")}"));
    }
}
