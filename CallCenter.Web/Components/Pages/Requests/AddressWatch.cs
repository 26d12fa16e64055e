using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;

namespace CallCenter.Web.Components.Pages.Requests;

/// <summary>
/// Reloads a page whose filters live in its query (/requests, /requests/summary) when only the query changes: Blazor does
/// not give a page without parameters its parameters again on such a navigation, so the address is watched. Leaving the
/// page (another path) reloads nothing. Dispose with the page.
/// </summary>
public sealed class AddressWatch : IDisposable
{
    private readonly NavigationManager navigation;
    private readonly string path;
    private readonly Func<Func<Task>, Task> invoke;
    private readonly Func<Task> reload;

    /// <param name="navigation">The page's navigation manager.</param>
    /// <param name="path">The page's path.</param>
    /// <param name="invoke">The page's InvokeAsync (the renderer's context).</param>
    /// <param name="reload">Reads the address again and renders.</param>
    public AddressWatch(NavigationManager navigation, string path, Func<Func<Task>, Task> invoke, Func<Task> reload)
    {
        (this.navigation, this.path, this.invoke, this.reload) = (navigation, path, invoke, reload);
        navigation.LocationChanged += OnLocationChanged;
    }

    private void OnLocationChanged(object? sender, LocationChangedEventArgs e)
    {
        if (new Uri(e.Location).AbsolutePath == path)
        {
            _ = invoke(reload);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => navigation.LocationChanged -= OnLocationChanged;
}
