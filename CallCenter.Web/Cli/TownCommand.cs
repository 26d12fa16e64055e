using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Database;
using CallCenter.Data.Towns;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Web.Cli;

/// <summary>
/// `add-town CODE NAME`: adds a town of a joint call center. Exit 0 when added (the last line is `added town CODE NAME`),
/// 1 when a town with the code exists, 2 when the command line, the code (6 digits, check digit) or the name is wrong.
/// </summary>
internal static class TownCommand
{
    private const string Usage = "add-town CODE NAME (CODE: 6-digit 全国地方公共団体コード, e.g. 075451)";

    public static async Task<int> RunAsync(ServiceProvider services, string[] operands, TextWriter output, TextWriter error)
    {
        await using var _ = services;
        if (operands.Length != 2 || operands.Any(o => o.StartsWith('-')))
        {
            return CommandLine.Usage(error, Usage);
        }
        services.GetRequiredService<Migrations>().Apply();
        var result = await services.GetRequiredService<TownRepository>().AddAsync(operands[0], operands[1]);
        if (!result.Added)
        {
            await error.WriteLineAsync($"error: {result.Message}");
            return result.Problem == TownAddProblem.CodeExists ? 1 : 2;
        }
        await services.GetRequiredService<AuditRepository>().WriteAsync(OperatorContext.CommandLine, AuditActions.AddTown, "town",
            result.Town!.Code, details: result.Town.Name);
        await output.WriteLineAsync($"added town {result.Town.Code} {result.Town.Name}");
        return 0;
    }
}
