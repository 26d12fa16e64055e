using CallCenter.Tests.Data.Outbound;

namespace CallCenter.Tests.Data.Exports;

/// <summary>
/// A single-town installation's exports stay byte for byte what they were before towns existed (CSV headers and rows
/// are contracts with other offices' systems): every export, both encodings, against files written by the code before
/// issue 19 (<c>Golden/</c>; set CALLCENTER_WRITE_GOLDEN=1 to write them again, deliberately).
/// </summary>
public abstract class SingleTownGoldenExportTests<TDb> : OutboundDatabaseTests<TDb> where TDb : IDatabaseKind
{
    [SkippableFact]
    public async Task EveryExport_IsByteIdenticalToBeforeTowns_WhenOneTownExists()
    {
        await TownExportsTestData.SeedAsync(Connections, Clock);
        var files = await TownExportsTestData.FilesAsync(Connections, Clock);
        var folder = TownExportsTestData.GoldenFolder();
        if (Environment.GetEnvironmentVariable("CALLCENTER_WRITE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(folder);
            foreach (var (name, bytes) in files)
            {
                await File.WriteAllBytesAsync(Path.Combine(folder, name), bytes);
            }
        }
        Assert.Equal(14, files.Count);
        foreach (var (name, bytes) in files)
        {
            var golden = await File.ReadAllBytesAsync(Path.Combine(folder, name));
            Assert.True(golden.AsSpan().SequenceEqual(bytes),
                $"{name} differs from its golden file.\n--- golden\n{TownExportsTestData.Text(name, golden)}\n--- now\n{TownExportsTestData.Text(name, bytes)}");
        }
    }
}

public sealed class SingleTownGoldenExportTestsOnSqlite : SingleTownGoldenExportTests<OnSqlite>;

public sealed class SingleTownGoldenExportTestsOnSqlServer : SingleTownGoldenExportTests<OnSqlServer>;
