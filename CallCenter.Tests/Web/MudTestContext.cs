using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace CallCenter.Tests.Web;

/// <summary>
/// Base of the bUnit tests: MudBlazor's services, loose JS interop (MudBlazor calls JS that bUnit need not
/// answer), and asynchronous disposal, because MudBlazor's popover services are only IAsyncDisposable and
/// xunit v2 disposes test classes synchronously unless they implement IAsyncLifetime.
/// </summary>
public abstract class MudTestContext : BunitContext, IAsyncLifetime
{
    protected MudTestContext()
    {
        // The app is run in Japan; render numbers and dates as a ja-JP server would, whatever the machine's LANG.
        // Set here, not in InitializeAsync: xunit v2 runs the constructor in the test method's execution context.
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("ja-JP");
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ja-JP");
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        // Every saving page runs its saves through one (storage faults become a message beside the form).
        Services.AddTransient<CallCenter.Web.Components.Shared.SaveGuard>();
        // The menu's shared counts (a singleton in the app), on the clock the test registers (the system's by default).
        Services.AddSingleton(sp => new CallCenter.Web.Components.Shared.MenuCounts(sp.GetService<TimeProvider>() ?? TimeProvider.System));
    }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeTestResourcesAsync();
        await base.DisposeAsync();
    }

    /// <summary>Releases what a derived test class owns (a database, for example), before the context.</summary>
    protected virtual ValueTask DisposeTestResourcesAsync() => ValueTask.CompletedTask;
}
