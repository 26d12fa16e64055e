using System.Security.Claims;
using CallCenter.Data.Mailing;
using CallCenter.Web.Components.Pages.Imports;
using CallCenter.Web.Security;
using Microsoft.AspNetCore.Components.Forms;

namespace CallCenter.Web.Components.Pages.Mailing;

/// <summary>
/// The mailing-address upload page's data work: the chosen file held in server memory while the page is open (never in
/// the browser), its check (a dry run of the import, audited), and the import itself. One per page (scoped to the
/// circuit): it holds the file and the last results.
/// </summary>
public sealed class MailingImportDesk(MailingImportService imports)
{
    /// <summary>The largest file accepted (50 MB: about 400,000 addresses).</summary>
    public const long MaxFileBytes = 50L * 1024 * 1024;

    private byte[]? bytes;

    /// <summary>The chosen file's name; empty before one is chosen.</summary>
    public string FileName { get; private set; } = "";

    /// <summary>The check of the held file; null before a file is chosen.</summary>
    public MailingImportResult? Preview { get; private set; }

    /// <summary>The import's result once 取り込む was pressed.</summary>
    public MailingImportResult? Result { get; private set; }

    /// <summary>Why the chosen file was not taken (too large).</summary>
    public string? FileProblem { get; private set; }

    /// <summary>The towns the user may import for (nothing to choose with one town).</summary>
    public ImportTownChoice TownChoice { get; set; } = ImportTownChoice.Single;

    /// <summary>The town chosen in the page's field (several towns only).</summary>
    public int? TownId { get; set; }

    // The town the held file was checked for: the commit writes that town.
    private CallCenter.Data.Towns.Town? checkedTown;

    /// <summary>The town the held file was checked for, when several towns exist.</summary>
    public CallCenter.Data.Towns.Town? CheckedTown => checkedTown;

    /// <summary>Whether the checked file can be imported: no errors.</summary>
    public bool CanCommit => bytes is not null && Preview is { Errors.Count: 0 } && Result is null;

    /// <summary>Reads the chosen file into memory and checks it.</summary>
    public async Task ReceiveAsync(IBrowserFile file, ClaimsPrincipal user)
    {
        Clear();
        if (TownChoice.Problem(TownId) is { } townProblem)
        {
            // Nothing is read before the town is known: the same numbers are other households in another town.
            FileProblem = townProblem;
            return;
        }
        checkedTown = TownChoice.Find(TownId);
        if (file.Size > MaxFileBytes)
        {
            FileProblem = $"ファイルが大きすぎます（{file.Size / 1024 / 1024} MB）。50 MB までのファイルにしてください。";
            return;
        }
        using var copy = new MemoryStream();
        await using (var stream = file.OpenReadStream(MaxFileBytes))
        {
            await stream.CopyToAsync(copy);
        }
        (bytes, FileName) = (copy.ToArray(), file.Name);
        Preview = await imports.ImportAsync(new MemoryStream(bytes), FileName, dryRun: true, user.Operator(), townId: checkedTown?.TownId);
    }

    /// <summary>Imports the held file; true when written. The file is let go once imported.</summary>
    public async Task<bool> CommitAsync(ClaimsPrincipal user)
    {
        if (!CanCommit)
        {
            return false;
        }
        Result = await imports.ImportAsync(new MemoryStream(bytes!), FileName, dryRun: false, user.Operator(), townId: checkedTown?.TownId);
        if (Result.Committed)
        {
            bytes = null;
            return true;
        }
        (Preview, Result) = (Result, null);
        return false;
    }

    /// <summary>Forgets the file and the results.</summary>
    public void Clear() => (bytes, FileName, Preview, Result, FileProblem) = (null, "", null, null, null);
}
