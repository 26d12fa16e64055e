using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace CallCenter.Web.Files;

/// <summary>The <c>TempFiles</c> configuration section.</summary>
public sealed class TempFileOptions
{
    /// <summary>Where the app keeps export files and uploads; empty: the system temp folder.</summary>
    public string? Folder { get; set; }

    /// <summary>How long an export file or an uploaded register waits before it is deleted.</summary>
    public int ExpiryMinutes { get; set; } = 15;
}

/// <summary>
/// A private folder for files holding personal data between two steps: an export waiting for its download,
/// an uploaded register between preview and commit. Each app instance has its own sub-folder (only the app's
/// user may open it); files are deleted when used, when they expire, and at the next start-up after a crash.
/// </summary>
public sealed class PrivateTempFiles
{
    private readonly TimeProvider time;
    private readonly ILogger<PrivateTempFiles> logger;

    public PrivateTempFiles(IOptions<TempFileOptions> options, TimeProvider time, ILogger<PrivateTempFiles> logger)
    {
        this.time = time;
        this.logger = logger;
        Expiry = TimeSpan.FromMinutes(Math.Max(1, options.Value.ExpiryMinutes));
        var root = string.IsNullOrWhiteSpace(options.Value.Folder)
            ? Path.Combine(Path.GetTempPath(), $"callcenter-files-{Environment.UserName}")
            : options.Value.Folder;
        CreatePrivate(root);
        DeleteLeftovers(root);
        Folder = Path.Combine(root, $"p{Environment.ProcessId}-{Guid.NewGuid():N}");
        CreatePrivate(Folder);
    }

    /// <summary>This instance's folder.</summary>
    public string Folder { get; }

    /// <summary>How long a file may wait.</summary>
    public TimeSpan Expiry { get; }

    /// <summary>A new, unguessable file name in the private folder (the file is not created).</summary>
    public string NewPath(string extension) =>
        Path.Combine(Folder, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)) + extension);

    /// <summary>Deletes a file of this store; a file already gone is fine.</summary>
    public void Delete(string? path)
    {
        if (path is null || !Path.GetFullPath(path).StartsWith(Folder, StringComparison.Ordinal))
        {
            return;
        }
        try
        {
            File.Delete(path);
        }
        catch (IOException e)
        {
            logger.LogWarning(e, "Temporary file {Path} could not be deleted", path);
        }
    }

    /// <summary>Deletes every file not written to for longer than <see cref="Expiry"/>; returns how many.</summary>
    public int DeleteExpired()
    {
        var deleted = 0;
        var limit = time.GetUtcNow().UtcDateTime - Expiry;
        foreach (var file in Directory.EnumerateFiles(Folder))
        {
            if (File.GetLastWriteTimeUtc(file) < limit)
            {
                Delete(file);
                deleted++;
            }
        }
        return deleted;
    }

    private static void CreatePrivate(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>Folders of instances that are no longer running (a crash, a restart): their files are deleted.</summary>
    private void DeleteLeftovers(string root)
    {
        foreach (var folder in Directory.EnumerateDirectories(root, "p*-*"))
        {
            var name = Path.GetFileName(folder);
            if (int.TryParse(name.AsSpan(1, name.IndexOf('-', StringComparison.Ordinal) - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && IsRunning(pid))
            {
                continue;
            }
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException e)
            {
                logger.LogWarning(e, "Left-over temporary folder {Folder} could not be deleted", folder);
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId)
        {
            return true;
        }
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}

/// <summary>Deletes expired temporary files and download links once a minute.</summary>
public sealed class TempFileSweeper(PrivateTempFiles files, Components.Pages.Exports.ExportDownloads downloads, TimeProvider time, ILogger<TempFileSweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    downloads.DeleteExpired();
                    files.DeleteExpired();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    logger.LogWarning(e, "Sweeping temporary files failed");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
