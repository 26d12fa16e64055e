using CallCenter.Data;
using CallCenter.Data.Accounts;
using CallCenter.Data.ApiKeys;
using CallCenter.Web.Security;
using Microsoft.Extensions.Options;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Database;
using CallCenter.Data.Demo;
using CallCenter.Data.Imports;
using CallCenter.Data.Towns;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Web.Cli;

/// <summary>
/// The subcommands of the web executable: `migrate`, `import-residents FILE [--dry-run]`,
/// `import-status FILE --source shelter|agency [--dry-run]`, `import-intentions FILE --round NAME [--dry-run]`, `import-mailing FILE [--dry-run]`, `seed-demo`,
/// `create-user NAME --role operator|supervisor|admin` (password on standard input) and
/// `create-api-key NAME --scope read|export` (the key alone on the last line of standard output) and
/// `unlock-user NAME` (clears a name's sign-in lock-out from every address).
/// They read the same configuration as the web app (appsettings.json, environment, --Key=Value switches).
/// Exit codes: 0 success, 1 the work failed (bad rows, database error), 2 the command line was wrong.
/// </summary>
public static class CommandLine
{
    private static readonly string[] Commands = ["migrate", "import-residents", "import-status", "import-intentions", "import-mailing", "seed-demo", "add-town", "create-user", "create-api-key", "unlock-user", "help", "--help", "-h"];

    public static bool IsCommand(string arg) => Commands.Contains(arg) || !arg.StartsWith('-') && !arg.Contains('=');

    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        var command = args[0];
        var rest = args.Skip(1).ToArray();
        // Everything after the command that looks like a configuration switch (--Key=Value) configures the app.
        var switches = rest.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=')).ToArray();
        // Not Except: a set operation would fold a repeated option (--town A --town B) into one.
        var operands = rest.Where(a => !switches.Contains(a)).ToArray();
        try
        {
            return command switch
            {
                "migrate" => await MigrateAsync(Services(switches), operands, output, error),
                "import-residents" => await ImportResidentsAsync(Services(switches), operands, output, error),
                "import-status" => await ImportStatusAsync(Services(switches), operands, output, error),
                "import-intentions" => await IntentionImportCommand.RunAsync(Services(switches), operands, output, error),
                "import-mailing" => await MailingImportCommand.RunAsync(Services(switches), operands, output, error),
                "seed-demo" => await SeedDemoAsync(Services(switches), operands, output, error),
                "add-town" => await TownCommand.RunAsync(Services(switches), operands, output, error),
                "create-user" => await CreateUserAsync(Services(switches), operands, input, output, error),
                "create-api-key" => await CreateApiKeyAsync(Services(switches), operands, output, error),
                "unlock-user" => await UnlockUserAsync(Services(switches), operands, output, error),
                "help" or "--help" or "-h" => Help(output),
                _ => Usage(error, $"Unknown command '{command}'."),
            };
        }
        catch (Exception e) when (e is InvalidOperationException or MigrationException or System.Data.Common.DbException
                                       or IOException or UnauthorizedAccessException)
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
        services.AddLogging();
        services.Configure<SecurityOptions>(builder.Configuration.GetSection("Security"));
        services.AddSingleton<AuditTrail>();
        var provider = services.BuildServiceProvider();
        try
        {
            // A missing or read-only folder, a read-only file: one clear message and exit code 1 (caught in RunAsync).
            Startup.DatabaseStartupCheck.ThrowIfUnusable(provider.GetRequiredService<ConnectionFactory>());
        }
        catch
        {
            provider.Dispose();
            throw;
        }
        return provider;
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
        if (!TownOption.TryTake(operands, out var townCode, out operands, out var townProblem))
        {
            return Usage(error, townProblem!);
        }
        var dryRun = operands.Contains("--dry-run");
        var files = operands.Where(o => o != "--dry-run").ToArray();
        if (files.Length != 1 || files[0].StartsWith('-'))
        {
            return Usage(error, "import-residents takes one file: import-residents FILE [--town CODE] [--dry-run]");
        }
        services.GetRequiredService<Migrations>().Apply();
        var (town, joint, exit) = await TownOption.ResolveAsync(services, townCode, error);
        if (exit is { } code)
        {
            return code;
        }
        var result = await services.GetRequiredService<ResidentImportService>().ImportFileAsync(files[0], dryRun, townId: town!.TownId);
        await AuditAsync(services, AuditActions.ImportResidents, "file", Path.GetFileName(files[0]),
            AuditDetails.Join(town.AuditPhrase(joint), AuditDetails.ResidentImport(result), dryRun ? "確認のみ（書き込みなし）" : null)!);
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

    private static async Task<int> ImportStatusAsync(ServiceProvider services, string[] operands, TextWriter output, TextWriter error)
    {
        await using var _ = services;
        if (!TownOption.TryTake(operands, out var townCode, out operands, out var townProblem))
        {
            return Usage(error, townProblem!);
        }
        var dryRun = operands.Contains("--dry-run");
        var sourceText = Option(operands.Where(o => o != "--dry-run").ToArray(), "--source", out var files);
        const string usage = "import-status FILE --source shelter|agency [--town CODE] [--dry-run]";
        if (files.Length != 1 || files[0].StartsWith('-') || sourceText is null)
        {
            return Usage(error, usage);
        }
        CallCenter.Data.Reports.ReportSource source;
        switch (sourceText)
        {
            case "shelter":
                source = CallCenter.Data.Reports.ReportSource.ShelterList;
                break;
            case "agency":
                source = CallCenter.Data.Reports.ReportSource.Agency;
                break;
            default:
                return Usage(error, $"--source must be shelter or agency, not '{sourceText}'.");
        }
        if (!File.Exists(files[0]))
        {
            await error.WriteLineAsync($"error: file not found: {files[0]}");
            return 1;
        }
        services.GetRequiredService<Migrations>().Apply();
        var (town, joint, exit) = await TownOption.ResolveAsync(services, townCode, error);
        if (exit is { } exitCode)
        {
            return exitCode;
        }
        var service = services.GetRequiredService<StatusListImportService>();
        await using var stream = File.OpenRead(files[0]);
        var by = OperatorContext.CommandLine;
        IReadOnlyList<ImportError> errors;
        string summary;
        if (dryRun)
        {
            var preview = await service.PreviewAsync(stream, Path.GetFileName(files[0]), source, townId: town!.TownId);
            errors = preview.Errors;
            summary = preview.Summary;
            await AuditAsync(services, AuditActions.PreviewStatusImport, "file", Path.GetFileName(files[0]),
                AuditDetails.Join(town.AuditPhrase(joint), CallCenter.Data.Reports.ReportLabels.Label(source), $"文字コード {preview.Encoding}", AuditDetails.StatusImport(preview), "確認のみ（書き込みなし）")!);
        }
        else
        {
            var result = await service.CommitAsync(stream, Path.GetFileName(files[0]), source, by, townId: town!.TownId);
            errors = result.Errors;
            summary = result.Summary;
        }
        foreach (var e in errors)
        {
            await error.WriteLineAsync(e.ToString());
        }
        if (errors.Count > 0)
        {
            await output.WriteLineAsync($"{errors.Count} error(s): nothing was written.");
        }
        else if (dryRun)
        {
            await output.WriteLineAsync("dry run: nothing was written");
        }
        await output.WriteLineAsync(summary);
        return errors.Count == 0 ? 0 : 1;
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

    private static async Task<int> CreateUserAsync(ServiceProvider services, string[] operands, TextReader input, TextWriter output, TextWriter error)
    {
        await using var _ = services;
        var role = Option(operands, "--role", out var rest);
        var displayName = Option(rest, "--display-name", out rest);
        var site = Option(rest, "--site", out rest);
        var department = Option(rest, "--department", out rest);
        var townCodes = Options(rest, "--town", out rest);
        if (rest.Length != 1 || rest[0].StartsWith('-') || role is null || townCodes is null)
        {
            return Usage(error, "create-user NAME --role operator|supervisor|admin [--display-name NAME] [--site SITE] [--department NAME] [--town CODE]... (password on standard input)");
        }
        if (!UserRoles.TryParse(role, out var parsedRole))
        {
            return Usage(error, $"--role must be operator, supervisor or admin, not '{role}'.");
        }
        var userName = UserRepository.NormalizeName(rest[0]);
        if (userName.Length is 0 or > 50 || userName.Any(char.IsWhiteSpace))
        {
            return Usage(error, "the user name must be 1 to 50 characters without spaces.");
        }
        var password = (await input.ReadLineAsync())?.TrimEnd('\r');
        var policy = SignInService.CheckPasswordPolicy(password, userName, services.GetRequiredService<IOptions<SecurityOptions>>().Value);
        if (policy is not null)
        {
            await error.WriteLineAsync($"error: {policy} (the password is read from the first line of standard input)");
            return 1;
        }
        services.GetRequiredService<Migrations>().Apply();
        // The department is checked before the account is written: an unknown one creates nothing.
        var departmentId = department is null ? null
            : (await services.GetRequiredService<CallCenter.Data.Requests.Departments>().ListAsync()).FirstOrDefault(d => d.Label == department.Trim())?.Id;
        if (department is not null && departmentId is null)
        {
            return Usage(error, $"担当課「{department.Trim()}」はありません（管理の「要望の分類・担当課」にある使用中の担当課を指定してください）。");
        }
        var (towns, townProblem) = await TownScopeOfAsync(services, townCodes);
        if (townProblem is not null)
        {
            return Usage(error, townProblem);
        }
        // The account, its towns, its department and its audit row in one transaction: a failure leaves no account (never
        // one without its towns, which would see every town).
        var id = await services.GetRequiredService<UserRepository>().CreateAsync(
            new NewAccount(userName, displayName ?? userName, parsedRole, site, SignInService.HashPassword(password!), towns.Scope, departmentId),
            OperatorContext.CommandLine,
            AuditDetails.Join($"役割 {parsedRole.Label()}", site is null ? null : $"拠点 {site}", towns.AuditText,
                departmentId is null ? null : $"担当課 {department!.Trim()}")!);
        if (id is null)
        {
            await error.WriteLineAsync($"error: the user '{userName}' already exists.");
            return 1;
        }
        await output.WriteLineAsync($"created user {userName} ({parsedRole.Label()})");
        return 0;
    }

    private static async Task<int> CreateApiKeyAsync(ServiceProvider services, string[] operands, TextWriter output, TextWriter error)
    {
        await using var _ = services;
        var scopeText = Option(operands, "--scope", out var rest);
        var townCodes = Options(rest, "--town", out rest);
        if (rest.Length != 1 || rest[0].StartsWith('-') || scopeText is null || townCodes is null)
        {
            return Usage(error, "create-api-key NAME --scope read|export [--town CODE]...");
        }
        if (!ApiKeyScopes.TryParse(scopeText, out var scope))
        {
            return Usage(error, $"--scope must be read or export, not '{scopeText}'.");
        }
        var name = rest[0].Trim();
        if (name.Length is 0 or > 100)
        {
            return Usage(error, "the key's name must be 1 to 100 characters.");
        }
        services.GetRequiredService<Migrations>().Apply();
        var (towns, townProblem) = await TownScopeOfAsync(services, townCodes);
        if (townProblem is not null)
        {
            return Usage(error, townProblem);
        }
        // The key, its towns and its audit row in one transaction: a failure leaves no key (never one answering for every town).
        var (key, secret) = await services.GetRequiredService<ApiKeyRepository>().CreateAsync(name, scope, towns.Scope, OperatorContext.CommandLine,
            _ => AuditDetails.Join($"名前「{name}」", $"権限 {CallCenter.Web.Components.Pages.Audit.LegacyAuditDetails.ScopeLabel(scope.Name())}", towns.AuditText)!);
        await output.WriteLineAsync($"created API key {key.ApiKeyId} '{name}' with scope {scope.Name()}; it is shown once, below:");
        await output.WriteLineAsync(secret);
        return 0;
    }

    private static async Task<int> UnlockUserAsync(ServiceProvider services, string[] operands, TextWriter output, TextWriter error)
    {
        await using var _ = services;
        if (operands.Length != 1 || operands[0].StartsWith('-'))
        {
            return Usage(error, "unlock-user NAME");
        }
        var userName = UserRepository.NormalizeName(operands[0]);
        services.GetRequiredService<Migrations>().Apply();
        if (await services.GetRequiredService<UserRepository>().FindByNameAsync(userName) is null)
        {
            await error.WriteLineAsync($"error: there is no user '{userName}'.");
            return 1;
        }
        var cleared = await services.GetRequiredService<SignInFailureRepository>().UnlockAsync(userName);
        await AuditAsync(services, AuditActions.UnlockUser, "user", userName, $"接続元 {cleared}件のロックを解除");
        await output.WriteLineAsync($"unlocked {userName} (failed sign-ins cleared from {cleared} address(es))");
        return 0;
    }

    /// <summary>
    /// The command's audit row, naming the operating-system account (<c>cli:NAME</c>); written after the command's
    /// own change has committed, on its own.
    /// </summary>
    private static Task AuditAsync(ServiceProvider services, string action, string targetType, string targetId, string details) =>
        services.GetRequiredService<AuditRepository>().WriteAsync(OperatorContext.CommandLine, action, targetType, targetId, details: details);

    /// <summary>
    /// Removes every "--name value" from the operands and returns the values (none: an empty list); null when the
    /// option is last with no value.
    /// </summary>
    internal static List<string>? Options(string[] operands, string name, out string[] rest)
    {
        var values = new List<string>();
        rest = operands;
        while (Array.IndexOf(rest, name) >= 0)
        {
            if (Option(rest, name, out rest) is not { } value)
            {
                return null;
            }
            values.Add(value.Trim());
        }
        return values;
    }

    /// <summary>
    /// The town scope named by --town codes (none: all towns) and its audit text (null for all towns), or a Japanese
    /// problem for a malformed or unknown code.
    /// </summary>
    private static async Task<((TownScope Scope, string? AuditText) Towns, string? Problem)> TownScopeOfAsync(ServiceProvider services, List<string> codes)
    {
        if (codes.Count == 0)
        {
            return ((TownScope.All, null), null);
        }
        var repository = services.GetRequiredService<TownRepository>();
        var found = new List<Town>();
        foreach (var code in codes.Distinct())
        {
            var (town, problem) = code.Length == 0 ? (null, "団体コードを指定してください。") : await repository.ResolveAsync(code);
            if (town is null)
            {
                return ((TownScope.All, null), $"--town: {problem}");
            }
            found.Add(town);
        }
        return ((TownScope.Only(found.Select(t => t.TownId)), "町 " + string.Join("、", found.Select(t => t.Label))), null);
    }

    /// <summary>Removes "--name value" from the operands and returns the value.</summary>
    internal static string? Option(string[] operands, string name, out string[] rest)
    {
        var i = Array.IndexOf(operands, name);
        if (i < 0 || i + 1 >= operands.Length)
        {
            rest = i < 0 ? operands : operands.Where((_, j) => j != i).ToArray();
            return null;
        }
        rest = operands.Where((_, j) => j != i && j != i + 1).ToArray();
        return operands[i + 1];
    }

    private static int Help(TextWriter output)
    {
        output.WriteLine("""
            CallCenter.Web: the safety-information call center.

            Without a command it serves the web app. Commands:
              migrate                              apply database migrations
              import-residents FILE [--town CODE] [--dry-run]
                                                   import a resident-register CSV (UTF-8 or CP932)
              import-status FILE --source shelter|agency [--town CODE] [--dry-run]
                                                   import a status list from a shelter or another office
              import-intentions FILE --round NAME [--town CODE] [--dry-run]
                                                   import intention-survey answers (postal returns)
              import-mailing FILE [--town CODE] [--dry-run]
                                                   import households' mailing addresses (送付先)
                                                   --town: the town whose register or numbers the file
                                                   is (required when several towns exist)
              seed-demo                            seed the demo town into an empty database
              add-town CODE NAME                   add a town (6-digit 全国地方公共団体コード with its
                                                   check digit); exit 1 when the code exists, 2 when bad
              create-user NAME --role operator|supervisor|admin [--display-name NAME] [--site SITE] [--department NAME]
                                                   create a staff account; the password is read
                                                   from the first line of standard input
                                                   (--town CODE, repeatable: the towns it may see; none: all)
              create-api-key NAME --scope read|export [--town CODE]...
                                                   create an API key; the key alone is the last line
                                                   (--town, repeatable: the towns it may read; none: all)
              unlock-user NAME                     clear a user's sign-in lock-out (from every address)

            Configuration switches such as --Database:Provider=SqlServer and
            --ConnectionStrings:CallCenter="..." may follow any command.
            """);
        return 0;
    }

    internal static int Usage(TextWriter error, string message)
    {
        error.WriteLine($"error: {message}");
        error.WriteLine("usage: CallCenter.Web [migrate | import-residents FILE [--dry-run] | import-status FILE --source shelter|agency [--dry-run] | import-intentions FILE --round NAME [--dry-run] | import-mailing FILE [--dry-run] | seed-demo | add-town CODE NAME | create-user NAME --role ROLE | create-api-key NAME --scope SCOPE | help]");
        return 2;
    }
}
