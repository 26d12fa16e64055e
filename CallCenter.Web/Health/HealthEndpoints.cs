using CallCenter.Data;
using CallCenter.Data.Database;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CallCenter.Web.Health;

/// <summary>The <c>Health</c> configuration section: what the readiness check demands.</summary>
public sealed class HealthOptions
{
    /// <summary>How long the database may take to answer a read and a write (and the whole check to answer).</summary>
    public int TimeoutSeconds { get; set; } = 2;

    /// <summary>Free space the database's disk (and, on SQLite, the database itself) must have left.</summary>
    public int MinFreeMegabytes { get; set; } = 200;

    public TimeSpan Timeout => TimeSpan.FromSeconds(Math.Max(1, TimeoutSeconds));

    public long MinFreeBytes => Math.Max(0, MinFreeMegabytes) * 1024L * 1024;
}

/// <summary>
/// <c>GET /api/health</c> (readiness: the database answers a read and a write within <c>Health:TimeoutSeconds</c>,
/// the SQLite file exists, the disk has <c>Health:MinFreeMegabytes</c> free; 200 or 503 naming the failed checks)
/// and <c>GET /api/health/live</c> (the process runs; touches nothing). Built on ASP.NET Core health checks.
/// Probes write no audit rows: a load balancer asks every few seconds.
/// </summary>
public static class HealthEndpoints
{
    public const string DatabaseCheck = "database";
    public const string DatabaseFileCheck = "database-file";
    public const string DiskCheck = "disk";

    /// <summary>Endpoint metadata marking the health probes (the API audit skips them).</summary>
    public sealed class ProbeMetadata;

    public static IServiceCollection AddCallCenterHealth(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<HealthOptions>(configuration.GetSection("Health"));
        // One instance per app: it shares the probe that is running among concurrent requests.
        services.AddSingleton<DatabaseHealthCheck>();
        var checks = services.AddHealthChecks()
            .Add(new HealthCheckRegistration(DatabaseCheck, sp => sp.GetRequiredService<DatabaseHealthCheck>(), null, null));
        if (DataServiceCollectionExtensions.ReadOptions(configuration).Provider == DatabaseProvider.Sqlite)
        {
            checks.AddCheck<DatabaseFileHealthCheck>(DatabaseFileCheck).AddCheck<DiskSpaceHealthCheck>(DiskCheck);
        }
        return services;
    }

    public static IEndpointRouteBuilder MapCallCenterHealth(this IEndpointRouteBuilder api)
    {
        api.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteAsync })
            .WithMetadata(new ProbeMetadata())
            .AllowAnonymous();
        api.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .WithMetadata(new ProbeMetadata())
            .AllowAnonymous();
        return api;
    }

    /// <summary>True for a request to a health probe.</summary>
    public static bool IsProbe(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<ProbeMetadata>() is not null;

    /// <summary><c>{"status":"healthy"|"unhealthy","checks":{name:{"status", "fault"?, "description"?}}}</c>.</summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var json = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status == HealthStatus.Healthy
            ? new CheckAnswer("healthy", null, null)
            : new CheckAnswer("unhealthy", e.Value.Data.TryGetValue("fault", out var fault) ? fault as string : null, e.Value.Description));
        return context.Response.WriteAsJsonAsync(
            new HealthAnswer(report.Status == HealthStatus.Healthy ? "healthy" : "unhealthy", checks), json);
    }

    private sealed record HealthAnswer(string Status, IReadOnlyDictionary<string, CheckAnswer> Checks);

    private sealed record CheckAnswer(
        string Status,
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Fault,
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Description);

    /// <summary>An unhealthy result naming the storage fault (its code in "fault", what happened in Japanese).</summary>
    internal static HealthCheckResult Fault(StorageFaultKind kind, string? description = null, Exception? exception = null) =>
        HealthCheckResult.Unhealthy(description ?? StorageFault.Describe(kind), exception,
            new Dictionary<string, object> { ["fault"] = StorageFault.Code(kind) });
}

/// <summary>
/// The database answers a read and can begin and roll back a write within <see cref="HealthOptions.Timeout"/>, on
/// a connection of its own (not the app's 30-second busy timeout), and on SQLite may still grow. Requests that
/// arrive while a probe runs share its answer: a flood of anonymous probes never queues more than one writer
/// behind the operators' saves.
/// </summary>
public sealed class DatabaseHealthCheck(DatabaseProbe probe, IOptions<HealthOptions> options) : IHealthCheck
{
    private readonly Lock gate = new();
    private Task<HealthCheckResult>? running;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            if (running is not { IsCompleted: false })
            {
                // Task.Run: Microsoft.Data.Sqlite waits for a busy database synchronously, inside this lock otherwise.
                running = Task.Run(ProbeAsync);
            }
            return running.WaitAsync(cancellationToken);
        }
    }

    // Not cancelled by any one request: the probe is shared, and bounded by the timeout anyway.
    private async Task<HealthCheckResult> ProbeAsync()
    {
        var limits = options.Value;
        try
        {
            // WaitAsync bounds the answer even where the provider does not honour its own timeout (a hung disk).
            await probe.CheckAsync(limits.Timeout, limits.MinFreeBytes).WaitAsync(limits.Timeout);
            return HealthCheckResult.Healthy();
        }
        catch (TimeoutException e)
        {
            return HealthEndpoints.Fault(StorageFaultKind.Busy, exception: e);
        }
        catch (Exception e)
        {
            return HealthEndpoints.Fault(StorageFault.Classify(e) ?? StorageFaultKind.Unavailable, exception: e);
        }
    }
}

/// <summary>
/// The SQLite file still exists. Pooled connections keep using a deleted file without an error, so only a look
/// at the file itself tells.
/// </summary>
public sealed class DatabaseFileHealthCheck(DatabaseProbe probe) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(probe.FileExists() ? HealthCheckResult.Healthy() : HealthEndpoints.Fault(StorageFaultKind.Missing));
}

/// <summary>The volume holding the SQLite file has at least <see cref="HealthOptions.MinFreeMegabytes"/> free.</summary>
public sealed class DiskSpaceHealthCheck(DatabaseProbe probe, IOptions<HealthOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var min = options.Value.MinFreeBytes;
        try
        {
            return Task.FromResult(probe.FreeBytes() is { } free && free < min
                ? HealthEndpoints.Fault(StorageFaultKind.Full,
                    $"サーバーのディスクの空きが{options.Value.MinFreeMegabytes}MB未満です（残り{free / (1024 * 1024)}MB）。")
                : HealthCheckResult.Healthy());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return Task.FromResult(HealthEndpoints.Fault(StorageFaultKind.Unavailable, "サーバーのディスクの空きを調べられません。", e));
        }
    }
}
