using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;

namespace CallCenter.Web.Components.Shared;

/// <summary>
/// A menu entry with a count beside it (名簿照合, 要望・相談): the count comes from <see cref="MenuCounts"/> (one read
/// for every operator per few seconds), is asked for again on each page change and at once when a page forgets it, and
/// the entry renders again only when its figure changed.
/// </summary>
public abstract class MenuCountLink : ComponentBase, IDisposable
{
    [Inject]
    private MenuCounts Counts { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    /// <summary>The figure shown (0 before the first read).</summary>
    protected int Count { get; private set; }

    /// <summary>The count's key in <see cref="MenuCounts"/>, or null when this user has no count to see.</summary>
    protected abstract string? Key { get; }

    /// <summary>Reads the count from the database (called by <see cref="MenuCounts"/> at most once per few seconds).</summary>
    protected abstract Task<int> ReadAsync();

    /// <summary>Finds out what this user sees (before the first count); nothing by default.</summary>
    protected virtual Task PrepareAsync() => Task.CompletedTask;

    protected override async Task OnInitializedAsync()
    {
        await PrepareAsync();
        Navigation.LocationChanged += LocationChanged;
        Counts.Forgotten += Forgotten;
        Count = await CountAsync();
    }

    private Task<int> CountAsync() => Key is { } key ? Counts.GetAsync(key, ReadAsync) : Task.FromResult(0);

    private void LocationChanged(object? sender, LocationChangedEventArgs e) => Refresh();

    // A page changed what the count counts: read again now, not at the next page change.
    private void Forgotten(string key)
    {
        if (key == Key)
        {
            Refresh();
        }
    }

    private void Refresh() =>
        _ = InvokeAsync(async () =>
        {
            var count = await CountAsync();
            if (count != Count)
            {
                Count = count;
                StateHasChanged();
            }
        });

    public void Dispose()
    {
        Navigation.LocationChanged -= LocationChanged;
        Counts.Forgotten -= Forgotten;
        GC.SuppressFinalize(this);
    }
}
