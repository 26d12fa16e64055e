using CallCenter.Tests.Data.Calls;
using CallCenter.Web.Components.Pages.Exports;
using CallCenter.Web.Files;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCenter.Tests.Web.Exports;

/// <summary>One-time download links: bound to their user, used once, gone when expired, files deleted.</summary>
public sealed class ExportDownloadsTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("callcenter-files-test-").FullName;
    private readonly TestClock clock = new(new DateTimeOffset(2026, 3, 20, 3, 0, 0, TimeSpan.Zero));
    private readonly PrivateTempFiles files;
    private readonly ExportDownloads downloads;

    public ExportDownloadsTests()
    {
        files = new PrivateTempFiles(Options.Create(new TempFileOptions { Folder = root, ExpiryMinutes = 15 }), clock, NullLogger<PrivateTempFiles>.Instance);
        downloads = new ExportDownloads(files, clock);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string WriteFile()
    {
        var path = files.NewPath(".csv");
        File.WriteAllText(path, "住民番号\r\n");
        return path;
    }

    [Fact]
    public void Take_GivesTheFileOnce_ToTheUserWhoMadeIt()
    {
        var path = WriteFile();
        var token = downloads.Add(path, "住民の安否一覧_20260320.csv", "text/csv", userId: 7);

        Assert.Null(downloads.Take(token, userId: 8));
        Assert.Equal(path, downloads.Take(token, userId: 7)?.Path);
        Assert.Null(downloads.Take(token, userId: 7));
        Assert.True(token.Length >= 43, "a 256-bit random token");
    }

    [Fact]
    public void Take_RefusesAndDeletes_When_TheLinkHasExpired()
    {
        var path = WriteFile();
        var token = downloads.Add(path, "a.csv", "text/csv", userId: 7);

        clock.Advance(TimeSpan.FromMinutes(15));

        Assert.Null(downloads.Take(token, userId: 7));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void DeleteExpired_DeletesUnusedExportsAfterTheExpiry_Only()
    {
        var old = WriteFile();
        downloads.Add(old, "a.csv", "text/csv", userId: 7);
        clock.Advance(TimeSpan.FromMinutes(10));
        var recent = WriteFile();
        var recentToken = downloads.Add(recent, "b.csv", "text/csv", userId: 7);
        clock.Advance(TimeSpan.FromMinutes(6));

        downloads.DeleteExpired();

        Assert.False(File.Exists(old));
        Assert.True(File.Exists(recent));
        Assert.NotNull(downloads.Take(recentToken, userId: 7));
    }

    [Fact]
    public void Withdraw_DeletesTheFile()
    {
        var path = WriteFile();
        var token = downloads.Add(path, "a.csv", "text/csv", userId: 7);

        downloads.Withdraw(token);

        Assert.False(File.Exists(path));
        Assert.Null(downloads.Take(token, userId: 7));
    }
}
