using System.Collections.Concurrent;

namespace CallCenter.Web.Components.Shared;

/// <summary>
/// The counts the navigation menu shows beside its entries (lines waiting in 名簿照合, open requests), shared by every
/// circuit of the process: a count is read at most once per <see cref="MaxAge"/> for all operators together, and
/// callers asking while it is being read share that read. The menu asks on every page change of every operator; without
/// this, sixty operators moving between pages would run the same COUNT queries sixty times a second. A page that
/// changes what a count counts calls <see cref="Forget"/>: every menu showing that count reads it again at once (one read
/// for all of them) through <see cref="Forgotten"/>.
/// </summary>
public sealed class MenuCounts(TimeProvider time)
{
    /// <summary>How old a count may be when shown.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    /// <summary>The count under <paramref name="key"/>, read by <paramref name="read"/> when none is fresh.</summary>
    public async Task<int> GetAsync(string key, Func<Task<int>> read)
    {
        var now = time.GetUtcNow();
        if (entries.TryGetValue(key, out var entry) && now - entry.ReadAt < MaxAge)
        {
            return await entry.Value;
        }
        var fresh = new Entry(now, read());
        entry = entries.AddOrUpdate(key, fresh, (_, old) => now - old.ReadAt < MaxAge ? old : fresh);
        try
        {
            return await entry.Value;
        }
        catch
        {
            // A failed read is not kept: the next caller tries again.
            entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            throw;
        }
    }

    /// <summary>Raised with the key after <see cref="Forget"/>: menus showing that count ask for it again.</summary>
    public event Action<string>? Forgotten;

    /// <summary>Drops the count under <paramref name="key"/>, so the next <see cref="GetAsync"/> reads it again.</summary>
    public void Forget(string key)
    {
        entries.TryRemove(key, out _);
        Forgotten?.Invoke(key);
    }

    /// <summary>Forgets every count whose key starts with <paramref name="prefix"/> (a change seen by several scopes).</summary>
    public void ForgetStartingWith(string prefix)
    {
        foreach (var key in entries.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)))
        {
            Forget(key);
        }
    }

    private sealed record Entry(DateTimeOffset ReadAt, Task<int> Value);
}
