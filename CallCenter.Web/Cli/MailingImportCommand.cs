using CallCenter.Data.Calls;
using CallCenter.Data.Database;
using CallCenter.Data.Mailing;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Web.Cli;

/// <summary>
/// `import-mailing FILE [--dry-run]`: households' mailing addresses (送付先). Every problem goes to standard error with
/// its line and column; the last line printed is exactly `updated N, unchanged M, errors E`. Exit 0 when imported (or
/// checked), 1 when any line is wrong (nothing written) or the file is missing, 2 when the command line is wrong.
/// </summary>
internal static class MailingImportCommand
{
    private const string Usage = "import-mailing FILE [--town CODE] [--dry-run]";

    public static async Task<int> RunAsync(ServiceProvider services, string[] operands, TextWriter output, TextWriter error)
    {
        await using var _ = services;
        if (!TownOption.TryTake(operands, out var townCode, out operands, out var townProblem))
        {
            return CommandLine.Usage(error, townProblem!);
        }
        var dryRun = operands.Contains("--dry-run");
        var files = operands.Where(o => o != "--dry-run").ToArray();
        if (files.Length != 1 || files[0].StartsWith('-'))
        {
            return CommandLine.Usage(error, Usage);
        }
        if (!File.Exists(files[0]))
        {
            await error.WriteLineAsync($"error: file not found: {files[0]}");
            return 1;
        }
        services.GetRequiredService<Migrations>().Apply();
        var (town, _, exit) = await TownOption.ResolveAsync(services, townCode, error);
        if (exit is { } code)
        {
            return code;
        }
        var result = await services.GetRequiredService<MailingImportService>().ImportFileAsync(files[0], dryRun, OperatorContext.CommandLine,
            townId: town!.TownId);
        foreach (var e in result.Errors)
        {
            await error.WriteLineAsync(e.ToString());
        }
        await output.WriteLineAsync(result.Errors.Count > 0
            ? $"{result.Errors.Count} error(s): nothing was written."
            : $"encoding {result.Encoding}" + (dryRun ? "; dry run: nothing was written" : ""));
        await output.WriteLineAsync(result.Summary);
        return result.Errors.Count == 0 ? 0 : 1;
    }
}
