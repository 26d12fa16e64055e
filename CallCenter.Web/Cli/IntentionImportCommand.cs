using CallCenter.Data.Calls;
using CallCenter.Data.Database;
using CallCenter.Data.Intentions;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Web.Cli;

/// <summary>
/// `import-intentions FILE --round NAME [--dry-run]`: postal returns of the intention survey into a round (created when
/// it does not exist yet, except in a dry run). Every problem goes to standard error with its line and column; the last
/// line printed is exactly `answered N, updated M, unchanged K, errors E`. Exit 0 when imported (or checked), 1 when any
/// line is wrong (nothing written), 2 when the command line is wrong.
/// </summary>
internal static class IntentionImportCommand
{
    private const string Usage = "import-intentions FILE --round NAME [--town CODE] [--dry-run]";

    public static async Task<int> RunAsync(ServiceProvider services, string[] operands, TextWriter output, TextWriter error)
    {
        await using var _ = services;
        if (!TownOption.TryTake(operands, out var townCode, out operands, out var townProblem))
        {
            return CommandLine.Usage(error, townProblem!);
        }
        var dryRun = operands.Contains("--dry-run");
        var roundName = CommandLine.Option(operands.Where(o => o != "--dry-run").ToArray(), "--round", out var files);
        if (files.Length != 1 || files[0].StartsWith('-') || string.IsNullOrWhiteSpace(roundName))
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
        var result = await services.GetRequiredService<IntentionImportService>().ImportFileAsync(files[0], roundName, dryRun, OperatorContext.CommandLine,
            townId: town!.TownId);
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
            if (result.RoundCreated)
            {
                await output.WriteLineAsync(dryRun ? $"round {result.RoundName} does not exist: it would be created" : $"round {result.RoundName} created");
            }
            await output.WriteLineAsync($"encoding {result.Encoding}; round {result.RoundName}" + (dryRun ? "; dry run: nothing was written" : ""));
        }
        await output.WriteLineAsync(result.Summary);
        return result.Errors.Count == 0 ? 0 : 1;
    }
}
