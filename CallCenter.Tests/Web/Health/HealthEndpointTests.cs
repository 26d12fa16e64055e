using System.Diagnostics;
using System.Net;
using System.Text.Json;
using CallCenter.Data.Database;
using CallCenter.Tests.Browser;
using CallCenter.Tests.Web.Security;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Health;

/// <summary>
/// /api/health tells the truth about the real app's SQLite file: deleted, locked by another writer, unable to
/// grow, or on a disk below the free-space minimum, it answers 503 naming the failed check, within its timeout;
/// /api/health/live answers while the process runs. Probes write no audit rows. One app per test: each breaks
/// its database.
/// </summary>
public sealed class HealthEndpointTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2); // Health:TimeoutSeconds, the default

    private CallCenterAppFactory? app;
    private string? databaseToDelete;
    private string? mountToRemove;

    private CallCenterAppFactory Start(CallCenterAppFactory factory)
    {
        app = factory;
        app.Start();
        return app;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
        if (mountToRemove is not null)
        {
            SqliteConnection.ClearAllPools();
            Run("umount", "-l", mountToRemove);
            Directory.Delete(mountToRemove, recursive: true);
        }
        if (databaseToDelete is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(databaseToDelete + suffix);
            }
        }
    }

    private static async Task<(HttpStatusCode Status, JsonElement Json, TimeSpan Took)> GetAsync(CallCenterAppFactory app, string path)
    {
        using var client = app.NewClient();
        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync(path);
        clock.Stop();
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, json.RootElement.Clone(), clock.Elapsed);
    }

    private static string CheckStatus(JsonElement json, string check) => json.GetProperty("checks").GetProperty(check).GetProperty("status").GetString()!;

    private static string? Fault(JsonElement json, string check) =>
        json.GetProperty("checks").GetProperty(check).TryGetProperty("fault", out var fault) ? fault.GetString() : null;

    private static void DeleteDatabase(CallCenterAppFactory app)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(app.DatabasePath + suffix);
        }
    }

    [Fact]
    public async Task Health_Is200_With_EveryCheckHealthy_And_WritesNoAuditRow()
    {
        var app = Start(new CallCenterAppFactory());
        var auditRows = (await app.QueryAsync<long>("SELECT COUNT(*) FROM AuditLog"))[0];

        var (status, json, _) = await GetAsync(app, "/api/health");
        var live = await GetAsync(app, "/api/health/live");
        for (var i = 0; i < 5; i++)
        {
            await GetAsync(app, "/api/health");
        }

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("healthy", json.GetProperty("status").GetString());
        Assert.Equal("healthy", CheckStatus(json, "database"));
        Assert.Equal("healthy", CheckStatus(json, "database-file"));
        Assert.Equal("healthy", CheckStatus(json, "disk"));
        Assert.Equal(HttpStatusCode.OK, live.Status);
        Assert.Equal("healthy", live.Json.GetProperty("status").GetString());
        Assert.Equal(auditRows, (await app.QueryAsync<long>("SELECT COUNT(*) FROM AuditLog"))[0]);
        Assert.Equal(0, (await app.QueryAsync<long>("SELECT COUNT(*) FROM Settings WHERE Name LIKE 'health-probe%'"))[0]);
    }

    [Fact]
    public async Task Health_Is503_NamingTheFile_When_TheDatabaseFileIsDeleted_While_LiveStays200()
    {
        var app = Start(new CallCenterAppFactory());
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(app, "/api/health")).Status);

        DeleteDatabase(app);
        var (status, json, took) = await GetAsync(app, "/api/health");
        var live = await GetAsync(app, "/api/health/live");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("unhealthy", json.GetProperty("status").GetString());
        Assert.Equal("unhealthy", CheckStatus(json, "database-file"));
        Assert.Equal("missing", Fault(json, "database-file"));
        Assert.Equal("missing", Fault(json, "database"));
        Assert.Equal("healthy", CheckStatus(json, "disk"));
        Assert.True(took < Timeout + TimeSpan.FromSeconds(1), $"took {took}");
        Assert.Equal(HttpStatusCode.OK, live.Status);
        Assert.False(File.Exists(app.DatabasePath), "the probe must not create a new, empty database");
    }

    [Fact]
    public async Task Health_Is503_WithinTheTimeout_NamingTheDatabase_When_AnotherConnectionHoldsTheWriteLock()
    {
        var app = Start(new CallCenterAppFactory());
        using var holder = new SqliteConnection($"Data Source={app.DatabasePath};Pooling=False");
        holder.Open();
        using var held = holder.BeginTransaction(deferred: false);

        var (status, json, took) = await GetAsync(app, "/api/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("unhealthy", CheckStatus(json, "database"));
        Assert.Equal("busy", Fault(json, "database"));
        Assert.Equal("healthy", CheckStatus(json, "database-file"));
        Assert.InRange(took, Timeout * 0.9, Timeout + TimeSpan.FromSeconds(1.5));

        held.Rollback();
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(app, "/api/health")).Status);
    }

    [Fact]
    public async Task ConcurrentProbes_ShareOneDatabaseProbe_And_AllAnswerWithinTheTimeout()
    {
        var app = Start(new CallCenterAppFactory());
        using var holder = new SqliteConnection($"Data Source={app.DatabasePath};Pooling=False");
        holder.Open();
        using var held = holder.BeginTransaction(deferred: false);

        var clock = Stopwatch.StartNew();
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => GetAsync(app, "/api/health")));
        clock.Stop();

        Assert.All(answers, a => Assert.Equal("busy", Fault(a.Json, "database")));
        // Twenty probes one after another behind the lock would take 20 × 2 s.
        Assert.True(clock.Elapsed < Timeout + TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Health_Is503_NamingTheDatabase_When_ItIsFull_And_SavesFail()
    {
        // A database an earlier run created (migrations, accounts, key ring)...
        var path = CallCenterAppFactory.NewDatabasePath();
        databaseToDelete = path;
        await using (var earlier = new CallCenterAppFactory(null, path))
        {
            earlier.Start();
        }
        // ...served with every connection of the app (the health probe's too) capped a few pages above what the
        // file has (max_page_count holds per connection): enough for the start-up check's write, not for a day's work.
        long pages;
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            pages = await connection.ExecuteScalarAsync<long>("PRAGMA page_count");
        }
        var app = Start(new CappedAppFactory(path, $"PRAGMA max_page_count = {pages + 16};"));

        var (status, json, _) = await GetAsync(app, "/api/health");
        var save = await Assert.ThrowsAsync<SqliteException>(async () =>
        {
            await using var connection = await app.Services.GetRequiredService<ConnectionFactory>().OpenAsync();
            await connection.ExecuteAsync("INSERT INTO Settings (Name, Value) VALUES ('big', @Value)", new { Value = new string('x', 1_000_000) });
        });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("unhealthy", CheckStatus(json, "database"));
        Assert.Equal("full", Fault(json, "database"));
        Assert.True(StorageFault.Classify(save) == StorageFaultKind.Full,
            $"the save's error was classified {StorageFault.Classify(save)} (SQLite {save.SqliteErrorCode}/{save.SqliteExtendedErrorCode}: {save.Message})");
    }

    [Fact]
    public async Task Health_Is503_NamingTheDisk_When_FreeSpaceIsBelowTheMinimum()
    {
        var free = new DriveInfo(Path.GetDirectoryName(CallCenterAppFactory.NewDatabasePath())!).AvailableFreeSpace;
        var app = Start(new CallCenterAppFactory(new Dictionary<string, string?>
        {
            ["Health:MinFreeMegabytes"] = (free / (1024 * 1024) + 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));

        var (status, json, _) = await GetAsync(app, "/api/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("unhealthy", CheckStatus(json, "disk"));
        Assert.Equal("full", Fault(json, "disk"));
        Assert.Contains("ディスクの空き", json.GetProperty("checks").GetProperty("disk").GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Health_Is503_NamingTheDisk_And_SavesFail_When_TheDiskIsReallyFull()
    {
        // A real full disk: a small tmpfs (needs root and mount; skipped elsewhere), filled to the last byte.
        var mountPoint = Path.Combine(Path.GetTempPath(), "callcenter-tests", $"tmpfs-{Guid.NewGuid():N}");
        Directory.CreateDirectory(mountPoint);
        Skip.IfNot(Run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", mountPoint),
            "mounting a tmpfs needs root (CAP_SYS_ADMIN): the real full-disk test is skipped.");
        mountToRemove = mountPoint;
        var app = Start(new CallCenterAppFactory(new Dictionary<string, string?> { ["Health:MinFreeMegabytes"] = "1" },
            Path.Combine(mountPoint, "callcenter.db")));
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(app, "/api/health")).Status);

        await using (var filler = new FileStream(Path.Combine(mountPoint, "filler"), FileMode.CreateNew))
        {
            var block = new byte[64 * 1024];
            try
            {
                while (true)
                {
                    filler.Write(block);
                    filler.Flush();
                }
            }
            catch (IOException)
            {
                // No space left on device.
            }
        }
        var (status, json, _) = await GetAsync(app, "/api/health");
        var save = await Assert.ThrowsAsync<SqliteException>(async () =>
        {
            await using var connection = await app.Services.GetRequiredService<ConnectionFactory>().OpenAsync();
            await connection.ExecuteAsync("INSERT INTO Settings (Name, Value) VALUES ('big', @Value)", new { Value = new string('x', 1_000_000) });
        });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("unhealthy", CheckStatus(json, "disk"));
        Assert.Equal("full", Fault(json, "disk"));
        Assert.True(StorageFault.Classify(save) == StorageFaultKind.Full,
            $"the save's error was classified {StorageFault.Classify(save)} (SQLite {save.SqliteErrorCode}/{save.SqliteExtendedErrorCode}: {save.Message})");
    }

    private static bool Run(string file, params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }
            using var process = Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>TEST ONLY: the app with extra statements on every database connection (<see cref="DatabaseOptions.ExtraSessionSql"/>).</summary>
    private sealed class CappedAppFactory(string databasePath, string sessionSql) : CallCenterAppFactory(null, databasePath)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services =>
            {
                var registered = services.Single(d => d.ServiceType == typeof(DatabaseOptions));
                var options = (DatabaseOptions)registered.ImplementationInstance!;
                services.Remove(registered);
                services.AddSingleton(options with { ExtraSessionSql = sessionSql });
            });
        }
    }
}
