using CallCenter.Data.Dashboard;
using CallCenter.Data.Towns;
using Microsoft.Extensions.Options;

namespace CallCenter.Web.Components.Pages.Dashboard;

/// <summary>The <c>Dashboard</c> configuration section.</summary>
public sealed class DashboardFeedOptions
{
    /// <summary>How often the change stamp is read, in seconds (changes show within about this long).</summary>
    public double RefreshSeconds { get; set; } = 2;
}

/// <summary>
/// One refresh loop per app instance, shared by every open dashboard: it reads the source's cheap change stamp
/// every few seconds and, only when the stamp has moved, reloads one snapshot per distinct filter that someone is
/// watching, then hands it to that filter's subscribers. Twenty supervisors looking at the same view cost one
/// query per change, not twenty queries every two seconds.
/// </summary>
public sealed class DashboardFeed(IDashboardSource source, IOptions<DashboardFeedOptions> options, TimeProvider time,
    ILogger<DashboardFeed> logger) : BackgroundService
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Entry> entries = [];

    /// <summary>The interval between two reads of the change stamp.</summary>
    public TimeSpan Interval => TimeSpan.FromSeconds(Math.Clamp(options.Value.RefreshSeconds, 0.2, 300));

    /// <summary>How many filters are being watched (for tests and diagnostics).</summary>
    public int WatchedFilters
    {
        get
        {
            lock (gate)
            {
                return entries.Count;
            }
        }
    }

    /// <summary>
    /// Calls <paramref name="onSnapshot"/> with every new snapshot of <paramref name="filter"/> until the result is
    /// disposed. The callback runs on the feed's thread: a component passes a lambda that uses <c>InvokeAsync</c>.
    /// </summary>
    public IDisposable Subscribe(DashboardFilter filter, TownScope towns, Func<DashboardSnapshot, Task> onSnapshot)
    {
        var subscriber = new Subscriber(onSnapshot);
        var key = KeyOf(filter, towns);
        lock (gate)
        {
            if (!entries.TryGetValue(key, out var entry))
            {
                entry = new Entry(filter, towns);
                entries.Add(key, entry);
            }
            entry.Subscribers.Add(subscriber);
            entry.Kept = true;
        }
        return new Subscription(this, key, subscriber);
    }

    // One snapshot per filter and town scope: two supervisors of different towns never share figures.
    private static string KeyOf(DashboardFilter filter, TownScope towns) => $"{filter.Key}|{towns}";

    /// <summary>
    /// The current snapshot of a filter: the shared one when it is up to date, else loaded now (and shared with
    /// the filter's subscribers, who are told about it).
    /// </summary>
    public async Task<DashboardSnapshot> GetAsync(DashboardFilter filter, TownScope towns, CancellationToken cancellationToken = default)
    {
        Entry entry;
        var key = KeyOf(filter, towns);
        lock (gate)
        {
            if (!entries.TryGetValue(key, out var found))
            {
                // Kept until the next poll without a subscriber: a page asks first, then subscribes once it is live.
                found = new Entry(filter, towns);
                entries.Add(key, found);
            }
            found.Kept = true;
            entry = found;
        }
        var stamp = await source.ChangeStampAsync(cancellationToken);
        var (snapshot, reloaded) = await EnsureFreshAsync(entry, stamp, cancellationToken);
        if (reloaded)
        {
            // Not awaited: the caller may be one of the subscribers, on its own renderer's thread.
            _ = NotifyAsync(entry, snapshot);
        }
        return snapshot;
    }

    /// <summary>
    /// One step of the loop: reads the change stamp and reloads (and announces) every watched filter whose
    /// snapshot is older than it or missing. Public so that tests can step the feed without waiting.
    /// </summary>
    public async Task PollAsync(CancellationToken cancellationToken = default)
    {
        List<Entry> watched;
        lock (gate)
        {
            // A filter asked for once (a prerendered page) but never subscribed to is dropped here.
            foreach (var key in entries.Where(e => e.Value.Subscribers.Count == 0 && !e.Value.Kept).Select(e => e.Key).ToList())
            {
                entries.Remove(key);
            }
            foreach (var entry in entries.Values)
            {
                entry.Kept = false;
            }
            watched = [.. entries.Values];
        }
        if (watched.Count == 0)
        {
            return;
        }
        var stamp = await source.ChangeStampAsync(cancellationToken);
        foreach (var entry in watched)
        {
            try
            {
                var (snapshot, reloaded) = await EnsureFreshAsync(entry, stamp, cancellationToken);
                if (reloaded)
                {
                    await NotifyAsync(entry, snapshot);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Dashboard snapshot for filter {Filter} could not be loaded", entry.Filter.Key);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await PollAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be briefly unreachable: keep showing the last figures and try again next tick.
                logger.LogWarning(e, "Dashboard change stamp could not be read");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<(DashboardSnapshot Snapshot, bool Reloaded)> EnsureFreshAsync(Entry entry, long stamp, CancellationToken cancellationToken)
    {
        await entry.Loading.WaitAsync(cancellationToken);
        try
        {
            if (entry.Snapshot is { } current && entry.Stamp == stamp)
            {
                return (current, false);
            }
            var snapshot = await source.LoadAsync(entry.Filter, entry.Towns, cancellationToken);
            (entry.Snapshot, entry.Stamp) = (snapshot, stamp);
            return (snapshot, true);
        }
        finally
        {
            entry.Loading.Release();
        }
    }

    private async Task NotifyAsync(Entry entry, DashboardSnapshot snapshot)
    {
        Subscriber[] subscribers;
        lock (gate)
        {
            subscribers = [.. entry.Subscribers];
        }
        foreach (var subscriber in subscribers)
        {
            if (subscriber.Disposed)
            {
                continue;
            }
            try
            {
                await subscriber.OnSnapshot(snapshot);
            }
            catch (Exception e)
            {
                // One closed or broken page must not stop the others' updates.
                logger.LogWarning(e, "A dashboard subscriber failed to take a snapshot");
            }
        }
    }

    private void Unsubscribe(string key, Subscriber subscriber)
    {
        lock (gate)
        {
            subscriber.Disposed = true;
            if (entries.TryGetValue(key, out var entry) && entry.Subscribers.Remove(subscriber) && entry.Subscribers.Count == 0)
            {
                entries.Remove(key);
            }
        }
    }

    private sealed class Entry(DashboardFilter filter, TownScope towns)
    {
        public DashboardFilter Filter { get; } = filter;
        public TownScope Towns { get; } = towns;
        public List<Subscriber> Subscribers { get; } = [];
        public SemaphoreSlim Loading { get; } = new(1, 1);
        public DashboardSnapshot? Snapshot { get; set; }
        public long? Stamp { get; set; }
        // True from creation (or a subscription) until the next poll; an entry nobody subscribed to by then goes.
        public bool Kept { get; set; } = true;
    }

    private sealed class Subscriber(Func<DashboardSnapshot, Task> onSnapshot)
    {
        public Func<DashboardSnapshot, Task> OnSnapshot { get; } = onSnapshot;
        public volatile bool Disposed;
    }

    private sealed class Subscription(DashboardFeed feed, string key, Subscriber subscriber) : IDisposable
    {
        public void Dispose() => feed.Unsubscribe(key, subscriber);
    }
}
