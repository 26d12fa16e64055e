using CallCenter.Data;
using CallCenter.Data.Audit;
using CallCenter.Data.Database;
using CallCenter.Data.Demo;
using CallCenter.Data.Imports;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Web.Cli;

/// <summary>
/// The subcommands of the web executable: `migrate`, `import-residents FILE [--dry-run]`, `seed-demo`.
/// They read the same configuration as the web app (appsettings.json, environment, --Key=Value switches).
/// Exit codes: 0 success, 1 the work failed (bad rows, database error), 2 the command line was wrong.
/// </summary>
public static class CommandLine
{
    private static readonly string[] Commands = ["migrate", "import-residents", "seed-demo", "help", "--help", "-h"];

    public static bool IsCommand(string arg) => Commands.Contains(arg) || !arg.StartsWith('-') && !arg.Contains('=');

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var command = args[0];
        var rest = args.Skip(1).ToArray();
        // Everything after the command that looks like a configuration switch (--Key=Value) configures the app.
        var switches = rest.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=')).ToArray();
        var operands = rest.Except(switches).ToArray();
        try
        {
            return command switch
            {
                "migrate" => await MigrateAsync(Services(switches), operands, output, error),
                "import-residents" => await ImportResidentsAsync(Services(switches), operands, output, error),
                "seed-demo" => await SeedDemoAsync(Services(switches), operands, output, error),
                "help" or "--help" or "-h" => Help(output),
                _ => Usage(error, $"Unknown command '{command}'."),
            };
        }
        catch (Exception e) when (e is InvalidOperationException or MigrationException or System.Data.Common.DbException)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
    }

    private static ServiceProvider Services(string[] switches)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = switches });
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(builder.Configuration);
        services.AddCallCenterData(builder.Configuration, builder.Environment.ContentRootPath);
        return services.BuildServiceProvider();
    }

    private static async Task<int> MigrateAsync(ServiceProvider services, string[] operands, TextWriter output, TextWriter error)
    {
        await using var _ = services;
        if (operands.Length > 0)
        {
            return Usage(error, "migrate takes no arguments.");
        }
        var result = services.GetRequiredService<Migrations>().Apply();
        foreach (var script in result.Applied)
        {
            await output.WriteLineAsync($"applied {script}");
        }
        await output.WriteLineAsync(result.Applied.Count == 0 ? "schema is up to date" : $"applied {result.Applied.Count} script(s)");
        return 0;
    }

    private static async Task<int> ImportResidentsAsync(ServiceProvider services, string[] operands, TextWriter output, TextWriter error)
    {
        await using var _ = services;
        var dryRun = operands.Contains("--dry-run");
        var files = operands.Where(o => o != "--dry-run").ToArray();
        if (files.Length != 1 || files[0].StartsWith('-'))
        {
            return Usage(error, "import-residents takes one file: import-residents FILE [--dry-run]");
        }
        services.GetRequiredService<Migrations>().Apply();
        var result = await services.GetRequiredService<ResidentImportService>().ImportFileAsync(files[0], dryRun);
        await services.GetRequiredService<AuditRepository>().WriteAsync(new AuditEntry
        {
            UserName = $"cli:{Environment.UserName}",
            Action = AuditActions.ImportResidents,
            TargetType = "file",
            TargetId = Path.GetFileName(files[0]),
            Details = $"{result.Summary}; encoding {result.Encoding}{(dryRun ? "; dry run" : "")}",
        });
        foreach (var e in result.Errors)
        {
            await error.WriteLineAsync(e.ToString());
        }
        if (result.Errors.Count > 0)
        {
            await output.WriteLineAsync($"{result.Errors.Count} error(s): nothing was written.");
        }
        else
        {
            await output.WriteLineAsync(
                $"encoding {result.Encoding}; households inserted {result.HouseholdsInserted}, updated {result.HouseholdsUpdated}"
                + (dryRun ? "; dry run: nothing was written" : ""));
        }
        await output.WriteLineAsync(result.Summary);
        return result.Errors.Count == 0 ? 0 : 1;
    }

    private static async Task<int> SeedDemoAsync(ServiceProvider services, string[] operands, TextWriter output, TextWriter error)
    {
        await using var _ = services;
        if (operands.Length > 0)
        {
            return Usage(error, "seed-demo takes no arguments (set Demo:DisasterDate to choose the disaster date).");
        }
        services.GetRequiredService<Migrations>().Apply();
        var options = WebApp.DemoOptions(services.GetRequiredService<IConfiguration>());
        var result = await services.GetRequiredService<DemoTownSeeder>().SeedAsync(options);
        await output.WriteLineAsync(result.Message);
        return result.Seeded ? 0 : 1;
    }

    private static int Help(TextWriter output)
    {
        output.WriteLine("""
            CallCenter.Web: the safety-information call center.

            Without a command it serves the web app. Commands:
              migrate                              apply database migrations
              import-residents FILE [--dry-run]    import a resident-register CSV (UTF-8 or CP932)
              seed-demo                            seed the demo town into an empty database

            Configuration switches such as --Database:Provider=SqlServer and
            --ConnectionStrings:CallCenter="..." may follow any command.
            """);
        return 0;
    }

    private static int Usage(TextWriter error, string message)
    {
        error.WriteLine($"error: {message}");
        error.WriteLine("usage: CallCenter.Web [migrate | import-residents FILE [--dry-run] | seed-demo | help]");
        return 2;
    }
}
