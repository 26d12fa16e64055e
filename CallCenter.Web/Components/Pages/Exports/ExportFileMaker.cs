using System.Security.Claims;
using CallCenter.Data.Audit;
using CallCenter.Data.Exports;
using CallCenter.Web.Api;
using CallCenter.Web.Files;
using CallCenter.Web.Security;

namespace CallCenter.Web.Components.Pages.Exports;

/// <summary>A finished export on the server, waiting for its one download.</summary>
public sealed record ExportFile(string Token, string FileName, long Bytes, ExportResult Result)
{
    /// <summary>The download link.</summary>
    public string Href => ExportDownloads.RoutePrefix + Token;
}

/// <summary>
/// Runs an export of the exports page into a private temporary file, audits it like the HTTP exports, and
/// registers a one-time download link for the user who made it. A cancelled or failed export leaves no file.
/// </summary>
public sealed class ExportFileMaker(ExportService exports, PrivateTempFiles files, ExportDownloads downloads, AuditTrail audit,
    TownAccess? towns = null)
{
    /// <param name="request">What to export (parsed by the API's own parser).</param>
    /// <param name="query">The parameters as the API's query string, for the audit row.</param>
    public async Task<ExportFile> MakeAsync(ExportRequest request, string query, ClaimsPrincipal user, IProgress<int>? progress,
        CancellationToken cancellationToken)
    {
        var userId = user.UserId() ?? throw new InvalidOperationException("Exports need a signed-in user.");
        if (towns is not null && request.Towns is null)
        {
            // The page's file holds the user's towns (town= in its query narrows them), exactly as the HTTP exports do.
            var codes = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query).TryGetValue("town", out var asked) ? asked.ToArray() : [];
            var (choice, error) = await ExportApi.ChooseTownsAsync(codes, user, towns, cancellationToken);
            request = request.ForTowns(choice ?? throw new InvalidOperationException(error));
        }
        var path = files.NewPath("." + ExportRequest.ExtensionOf(request.Options.Format));
        ExportResult result;
        long bytes;
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                result = await request.RunAsync(exports, file, progress, cancellationToken);
                bytes = file.Length;
            }
            await audit.WriteAsync(user, AuditActions.Export, "export", request.Name, CallCenter.Data.Audit.AuditDetails.Join(request.AuditDetails(result), "出力画面から"),
                cancellationToken: CancellationToken.None);
        }
        catch
        {
            files.Delete(path);
            throw;
        }
        var token = downloads.Add(path, request.JapaneseFileName, request.ContentType, userId);
        return new ExportFile(token, request.JapaneseFileName, bytes, result);
    }
}
