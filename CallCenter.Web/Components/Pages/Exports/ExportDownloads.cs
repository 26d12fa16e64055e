using System.Collections.Concurrent;
using System.Security.Cryptography;
using CallCenter.Web.Files;
using CallCenter.Web.Security;
using Microsoft.Net.Http.Headers;

namespace CallCenter.Web.Components.Pages.Exports;

/// <summary>A finished export waiting for its one download.</summary>
public sealed record ExportDownload(string Path, string FileName, string ContentType, int UserId, DateTimeOffset ExpiresAt);

/// <summary>
/// One-time download links for the exports page: an unguessable token bound to the user who made the export.
/// The link works once, for that user only, until it expires; the file is deleted when served or expired.
/// Tokens live in this instance's memory (the export's file is on this instance's disk too).
/// </summary>
public sealed class ExportDownloads(PrivateTempFiles files, TimeProvider time)
{
    /// <summary>The download route; the token follows.</summary>
    public const string RoutePrefix = "/exports/files/";

    private readonly ConcurrentDictionary<string, ExportDownload> pending = new(StringComparer.Ordinal);

    /// <summary>Registers a written file and returns the token of its link.</summary>
    public string Add(string path, string fileName, string contentType, int userId)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        pending[token] = new ExportDownload(path, fileName, contentType, userId, time.GetUtcNow() + files.Expiry);
        return token;
    }

    /// <summary>Takes the download for this user (it is gone afterwards); null when unknown, expired or another user's.</summary>
    public ExportDownload? Take(string token, int userId)
    {
        if (!pending.TryGetValue(token, out var download) || download.UserId != userId)
        {
            return null;
        }
        if (!pending.TryRemove(new KeyValuePair<string, ExportDownload>(token, download)))
        {
            return null; // taken by a concurrent request
        }
        if (download.ExpiresAt <= time.GetUtcNow() || !File.Exists(download.Path))
        {
            files.Delete(download.Path);
            return null;
        }
        return download;
    }

    /// <summary>Withdraws a link (the page was closed, a new export replaced it) and deletes its file.</summary>
    public void Withdraw(string? token)
    {
        if (token is not null && pending.TryRemove(token, out var download))
        {
            files.Delete(download.Path);
        }
    }

    /// <summary>Drops expired links and deletes their files.</summary>
    public void DeleteExpired()
    {
        var now = time.GetUtcNow();
        foreach (var (token, download) in pending)
        {
            if (download.ExpiresAt <= now && pending.TryRemove(token, out _))
            {
                files.Delete(download.Path);
            }
        }
    }

    private PrivateTempFiles Files => files;

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>GET /exports/files/{token}: the file, as an attachment with its Japanese name, then deleted.</summary>
    public static IEndpointRouteBuilder MapExportDownloads(IEndpointRouteBuilder app)
    {
        app.MapGet(RoutePrefix + "{token}", async (string token, HttpContext http, ExportDownloads downloads) =>
        {
            if (http.User.UserId() is not { } userId || downloads.Take(token, userId) is not { } download)
            {
                return Results.NotFound("このダウンロードリンクは使えません（一度だけ、作成した本人が15分以内に使えます）。もう一度作成してください。");
            }
            return new DownloadResult(download, downloads);
        }).RequireAuthorization(Policies.Supervisor);
        return app;
    }

    private sealed class DownloadResult(ExportDownload download, ExportDownloads owner) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.ContentType = download.ContentType;
            response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment")
            {
                FileName = AsciiName(download.FileName),
                FileNameStar = download.FileName,
            }.ToString();
            // Opened, then deleted at once: the open handle still reads it, and the name is gone from the folder
            // before the first byte leaves, whatever happens to the response.
            FileStream file;
            try
            {
                file = new FileStream(download.Path, FileMode.Open, FileAccess.Read, FileShare.Delete, 1 << 16,
                    FileOptions.Asynchronous | FileOptions.SequentialScan);
            }
            finally
            {
                owner.Files.Delete(download.Path);
            }
            await using (file)
            {
                response.ContentLength = file.Length;
                await file.CopyToAsync(response.Body, httpContext.RequestAborted);
            }
        }

        // Browsers that ignore filename* get a plain name: the Japanese title dropped, the date kept.
        private static string AsciiName(string name)
        {
            var ascii = new string(name.Where(c => c is >= ' ' and < (char)0x7F && c != '"' && c != '\\').ToArray()).Trim('_', ' ');
            return ascii.Length == 0 || ascii.StartsWith('.') ? "export.csv" : "export_" + ascii;
        }
    }
}
