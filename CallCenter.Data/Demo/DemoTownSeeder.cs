using CallCenter.Data.Database;
using CallCenter.Data.Imports;

namespace CallCenter.Data.Demo;

public sealed record DemoSeedOptions(int Residents = 11500, int Seed = 20110311, DateOnly? DisasterDate = null);

public sealed record DemoSeedResult(bool Seeded, int Residents, int Households, int Reports, int Calls, DateOnly DisasterDate, string Message);

/// <summary>Seeds the demo town (placeholder until the generator lands).</summary>
public sealed class DemoTownSeeder(ConnectionFactory connections, ResidentImportService import, TimeProvider time)
{
    public Task<DemoSeedResult> SeedAsync(DemoSeedOptions options, CancellationToken ct = default)
    {
        _ = (connections, import, time, ct);
        return Task.FromResult(new DemoSeedResult(false, 0, 0, 0, 0, options.DisasterDate ?? default, "not yet"));
    }
}
