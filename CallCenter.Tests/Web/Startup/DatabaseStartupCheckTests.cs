using System.Diagnostics;
using CallCenter.Tests.Data;
using CallCenter.Web.Cli;
using Microsoft.Data.Sqlite;

namespace CallCenter.Tests.Web.Startup;

/// <summary>
/// Start-up on a database folder that is missing or read-only, or a read-only database file: the web server and
/// the commands end with one clear message naming the path and what to do, and exit code 1, never a stack trace.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DatabaseStartupCheckTests : IAsyncLifetime
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "callcenter-tests", $"startup-{Guid.NewGuid():N}");
    private readonly List<ReadOnlyPath> locked = [];

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(root);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        foreach (var path in locked)
        {
            path.Dispose();
        }
        SqliteConnection.ClearAllPools();
        Directory.Delete(root, recursive: true);
        return Task.CompletedTask;
    }

    private ReadOnlyPath MakeReadOnly(string path)
    {
        Skip.If(OperatingSystem.IsWindows(), "Unix file modes: the test is skipped on Windows.");
        var readOnly = ReadOnlyPath.Make(path);
        locked.Add(readOnly);
        return readOnly;
    }

    private static async Task<(int Exit, string Output, string Error)> RunCliAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CommandLine.RunAsync(args, TextReader.Null, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private static void AssertClearMessage(string error, string path)
    {
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Contains(path, error, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:CallCenter", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Cli_Exits1_NamingTheFolder_When_TheFolderIsReadOnly()
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, "readonly")).FullName;
        MakeReadOnly(folder);
        var database = Path.Combine(folder, "callcenter.db");

        var (exit, _, error) = await RunCliAsync("migrate", $"--ConnectionStrings:CallCenter=Data Source={database}");

        Assert.Equal(1, exit);
        AssertClearMessage(error, folder);
        Assert.Contains("書き込めません", error, StringComparison.Ordinal);
        Assert.False(File.Exists(database));
    }

    [Fact]
    public async Task Cli_Exits1_NamingTheFolder_When_TheFolderCannotBeCreated()
    {
        // A folder under a plain file can never be created, whoever runs the command.
        var file = Path.Combine(root, "not-a-folder");
        await File.WriteAllTextAsync(file, "");
        var folder = Path.Combine(file, "App_Data");

        var (exit, _, error) = await RunCliAsync("create-user", "sato", "--role", "admin",
            $"--ConnectionStrings:CallCenter=Data Source={Path.Combine(folder, "callcenter.db")}");

        Assert.Equal(1, exit);
        AssertClearMessage(error, folder);
        Assert.Contains("作ることもできません", error, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Cli_Exits1_NamingTheFile_When_TheDatabaseFileIsReadOnly()
    {
        var database = Path.Combine(root, "callcenter.db");
        Assert.Equal(0, (await RunCliAsync("migrate", $"--ConnectionStrings:CallCenter=Data Source={database}")).Exit);
        SqliteConnection.ClearAllPools();
        MakeReadOnly(database);

        var (exit, output, error) = await RunCliAsync("migrate", $"--ConnectionStrings:CallCenter=Data Source={database}");

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        AssertClearMessage(error, database);
        Assert.Contains("read-only", error, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task WebServer_Exits1_NamingTheFolder_When_TheFolderIsReadOnly()
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, "readonly-web")).FullName;
        MakeReadOnly(folder);
        var app = Path.Combine(AppContext.BaseDirectory, "CallCenter.Web.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "exec", app, "--urls=http://127.0.0.1:0", $"--ConnectionStrings:CallCenter=Data Source={Path.Combine(folder, "callcenter.db")}" })
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The web server kept running on a read-only folder. Output: {await output}");
        }

        Assert.Equal(1, process.ExitCode);
        var message = await error;
        AssertClearMessage(message.Trim(), folder);
        Assert.DoesNotContain("   at ", await output, StringComparison.Ordinal);
    }
}

/// <summary>
/// A folder or file this process cannot write to: chmod for an ordinary user; root ignores permissions, so for
/// root the immutable attribute (chattr +i). Skips the test when neither holds here (or on Windows).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class ReadOnlyPath : IDisposable
{
    private readonly string path;
    private readonly UnixFileMode mode;
    private bool immutable;

    private ReadOnlyPath(string path)
    {
        this.path = path;
        mode = File.GetUnixFileMode(path);
    }

    public static ReadOnlyPath Make(string path)
    {
        var readOnly = new ReadOnlyPath(path);
        File.SetUnixFileMode(path, readOnly.mode & ~(UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite));
        if (CanWrite(path))
        {
            readOnly.immutable = Chattr("+i", path);
        }
        Skip.If(CanWrite(path), $"{path} stays writable for this user (root without chattr +i): the test is skipped.");
        return readOnly;
    }

    private static bool CanWrite(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                var probe = Path.Combine(path, $".probe-{Guid.NewGuid():N}");
                File.WriteAllText(probe, "");
                File.Delete(probe);
            }
            else
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
            }
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool Chattr(string change, string path)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("chattr") { ArgumentList = { change, path }, RedirectStandardError = true })!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no chattr here
        }
    }

    public void Dispose()
    {
        if (immutable)
        {
            Chattr("-i", path);
        }
        File.SetUnixFileMode(path, mode);
    }
}
