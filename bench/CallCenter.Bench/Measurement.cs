using System.Globalization;
using System.Text.Json;

namespace CallCenter.Bench;

/// <summary>
/// One timed run of a scenario in its own process, so that its peak memory is its own. <see cref="FirstSeconds"/>: when
/// the scenario ran twice in the process (a town's export), the first run's time (the JIT and first loads included), and
/// <see cref="Seconds"/> is the second's.
/// </summary>
public sealed record Measurement(string Scenario, int Rows, double Seconds, double PeakMegabytes, string Detail, double? FirstSeconds = null)
{
    public string ToJson() => JsonSerializer.Serialize(this);

    public static Measurement FromJson(string json) => JsonSerializer.Deserialize<Measurement>(json)
        ?? throw new InvalidOperationException("empty measurement");

    /// <summary>The process's peak resident memory (VmHWM), in MB.</summary>
    public static double PeakResidentMegabytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var kb = double.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                return kb / 1024;
            }
        }
        return Environment.WorkingSet / 1024.0 / 1024.0;
    }
}
