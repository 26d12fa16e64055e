using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;

namespace CallCenter.Web.Security;

/// <summary>
/// Counts the /api requests anyone can send as fast as they like (no valid key, or a path that does not exist)
/// instead of writing one audit row each: at most one row per client address and minute, written when the minute
/// is over (and at shutdown), with the count per status and the first request, its path cut to
/// <see cref="MaxPathLength"/> characters. A flood cannot fill the disk through the audit log.
/// </summary>
public sealed class AnonymousApiTally(AuditRepository audit, TimeProvider time)
{
    /// <summary>The longest path (with query) kept in an audit row.</summary>
    public const int MaxPathLength = 200;

    // Beyond this many addresses in one minute (a distributed flood), the rest share one row.
    private const int MaxWindows = 10_000;
    private const string Others = "(others)";

    private readonly ConcurrentDictionary<(string Address, DateTime Minute), Window> windows = new();

    /// <summary>Counts a finished request (its status code is final).</summary>
    public void Count(HttpContext context)
    {
        var minute = MinuteOf(time.GetUtcNow().UtcDateTime);
        var key = (ClientAddress.Of(context), minute);
        if (windows.Count >= MaxWindows && !windows.ContainsKey(key))
        {
            key = (Others, minute);
        }
        var window = windows.GetOrAdd(key, _ => new Window(Cut($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}")));
        window.Add(context.Response.StatusCode, context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName));
    }

    /// <summary>Writes one audit row per address for each minute that is over (every minute when <paramref name="all"/>).</summary>
    public async Task<int> FlushAsync(bool all, CancellationToken cancellationToken = default)
    {
        var current = MinuteOf(time.GetUtcNow().UtcDateTime);
        var written = 0;
        foreach (var key in windows.Keys.Where(k => all || k.Minute < current).OrderBy(k => k.Minute).ToList())
        {
            if (!windows.TryRemove(key, out var window))
            {
                continue;
            }
            try
            {
                await audit.WriteAsync(OperatorContext.System, "api", "client", key.Address,
                    details: window.Describe(key.Address, key.Minute), cancellationToken: cancellationToken);
            }
            catch
            {
                windows.TryAdd(key, window);
                throw;
            }
            written++;
        }
        return written;
    }

    /// <summary>A path as audit rows keep it: at most <see cref="MaxPathLength"/> characters.</summary>
    public static string Cut(string text) => text.Length <= MaxPathLength ? text : text[..(MaxPathLength - 1)] + "…";

    private static DateTime MinuteOf(DateTime utc) => new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc);

    private sealed class Window(string first)
    {
        private readonly SortedDictionary<int, int> statuses = [];
        private int total;
        private int withKey;

        public void Add(int status, bool presentedKey)
        {
            lock (statuses)
            {
                total++;
                withKey += presentedKey ? 1 : 0;
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
            }
        }

        public string Describe(string address, DateTime minute)
        {
            lock (statuses)
            {
                // In Japanese for the auditor: 「有効なキーのない要求・APIにない宛先への要求 3件・接続元 …・応答 401×2、404×1・…」.
                return AuditDetails.Join(
                    $"有効なキーのない要求・APIにない宛先への要求 {AuditDetails.Count(total, "件")}",
                    $"接続元 {address}",
                    $"{AuditDetails.Time(minute)}の1分間",
                    "応答 " + string.Join("、", statuses.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key}×{s.Value}"))),
                    $"うちキー付き {AuditDetails.Count(withKey, "件")}",
                    $"最初の要求 {first}")!;
            }
        }
    }
}

/// <summary>Writes the tally's rows every 15 seconds for minutes that are over, and the rest at shutdown.</summary>
public sealed class AnonymousApiTallyService(AnonymousApiTally tally, ILogger<AnonymousApiTallyService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(15));
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            await FlushAsync(all: false, stoppingToken);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(all: true, cancellationToken);
    }

    private async Task FlushAsync(bool all, CancellationToken cancellationToken)
    {
        try
        {
            await tally.FlushAsync(all, cancellationToken);
        }
        catch (Exception e) when (CallCenter.Data.Database.StorageFault.Classify(e) is not null || e is System.Data.Common.DbException or OperationCanceledException or InvalidOperationException)
        {
            logger.LogWarning(e, "Could not write the audit rows of anonymous API requests; they are tried again.");
        }
    }
}
