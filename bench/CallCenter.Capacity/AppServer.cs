using System.Diagnostics;
using System.Globalization;

namespace CallCenter.Capacity;

/// <summary>
/// The published app (bench/capacity.sh publishes Release) on a fresh SQLite file: the demo town seeded and the
/// operators created through the app's own command line, then the web app on a loopback port. Production
/// environment: static assets from the publish folder, no developer pages.
/// </summary>
public sealed class AppServer(CapacityOptions options) : IAsyncDisposable
{
    /// <summary>The password every benchmark operator gets (passes the password policy).</summary>
    public const string Password = "capacity-operator-pw";

    private Process? process;

    public string Database => Path.Combine(options.WorkFolder, "capacity.db");

    public Uri BaseAddress => new($"http://127.0.0.1:{options.Port}/");

    public int Pid => process?.Id ?? throw new InvalidOperationException("The app is not running.");

    /// <summary>The operator's user name: op001, op002, …</summary>
    public static string UserName(int index) => $"op{index + 1:000}";

    private string[] DatabaseSwitches => [$"--ConnectionStrings:CallCenter=Data Source={Database}", "--Database:Provider=Sqlite"];

    /// <summary>A fresh database with the demo town and <paramref name="operators"/> operator accounts.</summary>
    public async Task PrepareAsync(int operators)
    {
        Directory.CreateDirectory(options.WorkFolder);
        foreach (var file in Directory.EnumerateFiles(options.WorkFolder, "capacity.db*"))
        {
            File.Delete(file);
        }
        await CommandAsync(["seed-demo", .. DatabaseSwitches], input: null);
        // Two at a time: each is a process start and a password hash.
        var sites = new[] { "会津若松", "いわき" };
        await Parallel.ForAsync(0, operators, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (i, _) =>
            await CommandAsync(["create-user", UserName(i), "--role", "operator", "--display-name", $"担当{i + 1:000}",
                "--site", sites[i % sites.Length], .. DatabaseSwitches], Password));
    }

    /// <summary>Starts the web app and waits until it answers.</summary>
    public async Task StartAsync()
    {
        var log = Path.Combine(options.WorkFolder, "app.log");
        var start = options.FloorFolder is { } floor
            ? Start([Path.Combine(floor, "CallCenter.CapacityFloor.dll"), "--urls", BaseAddress.ToString().TrimEnd('/'), "--Database", Database,
                     "--Logging:LogLevel:Default=Warning"], floor)
            : Start([
            Path.Combine(options.AppFolder, "CallCenter.Web.dll"), "--urls", BaseAddress.ToString().TrimEnd('/'),
            .. DatabaseSwitches, "--Demo:Seed=false", "--RateLimits:SignInPerMinute=0",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.AspNetCore=Warning",
        ]);
        process = Process.Start(start) ?? throw new InvalidOperationException("The app did not start.");
        var writer = new StreamWriter(log, append: true) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (writer) writer.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (writer) writer.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with {process.ExitCode}; see {log}.");
            }
            try
            {
                if ((await http.GetAsync("account/sign-in")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The app did not answer within 120 s; see {log}.");
    }

    public async ValueTask DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process?.Dispose();
        process = null;
    }

    private ProcessStartInfo Start(IEnumerable<string> arguments, string? folder = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder ?? options.AppFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return start;
    }

    private async Task CommandAsync(string[] arguments, string? input)
    {
        using var command = Process.Start(Start([Path.Combine(options.AppFolder, "CallCenter.Web.dll"), .. arguments]))
                            ?? throw new InvalidOperationException("The command did not start.");
        if (input is not null)
        {
            await command.StandardInput.WriteLineAsync(input);
        }
        command.StandardInput.Close();
        var output = command.StandardOutput.ReadToEndAsync();
        var error = command.StandardError.ReadToEndAsync();
        await command.WaitForExitAsync();
        if (command.ExitCode != 0)
        {
            var (errorText, outputText) = (await error, await output);
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"`{string.Join(' ', arguments.Take(2))}` exited {command.ExitCode}: {errorText}{outputText}"));
        }
    }
}
