using CallCenter.Data.Towns;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Web.Cli;

/// <summary>
/// `--town CODE` on the import commands: the town whose register (or whose residents' and households' numbers) a file
/// is. Without it the only town is meant; with several towns it is required. A missing, repeated, malformed or unknown
/// code is a command-line error (exit 2), reported before anything is read or written.
/// </summary>
internal static class TownOption
{
    /// <summary>How the option reads in a usage line.</summary>
    public const string Usage = "[--town CODE]";

    private const string Name = "--town";

    /// <summary>
    /// Takes `--town CODE` out of <paramref name="operands"/>. False (with a message) when `--town` has no value or is
    /// given twice.
    /// </summary>
    public static bool TryTake(string[] operands, out string? code, out string[] rest, out string? problem)
    {
        var at = Array.IndexOf(operands, Name);
        code = null;
        rest = operands;
        problem = null;
        if (at < 0)
        {
            return true;
        }
        if (at + 1 >= operands.Length || operands[at + 1].StartsWith('-'))
        {
            problem = "--town には団体コードを続けてください（例: --town 075451）。";
            return false;
        }
        code = CommandLine.Option(operands, Name, out rest);
        if (Array.IndexOf(rest, Name) >= 0)
        {
            problem = "--town は 1 つだけ指定してください。";
            return false;
        }
        return true;
    }

    /// <summary>
    /// The town meant (after the migrations, so a new database has its first town), whether several towns exist, or
    /// the exit code 2 after writing the problem to <paramref name="error"/>.
    /// </summary>
    public static async Task<(Town? Town, bool Joint, int? Exit)> ResolveAsync(ServiceProvider services, string? code, TextWriter error)
    {
        var towns = services.GetRequiredService<TownRepository>();
        var (town, problem) = await towns.ResolveAsync(code);
        if (town is null)
        {
            await error.WriteLineAsync($"error: {problem}");
            return (null, false, 2);
        }
        return (town, (await towns.ListAsync()).Count > 1, null);
    }
}
