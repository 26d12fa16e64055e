using MudBlazor.Services;

namespace CallCenter.Web.Components.Layout;

/// <summary>
/// How often MudBlazor's popover service (one per circuit, started by the first popover a page shows) releases the
/// script-side bookkeeping of popovers that have closed for good. Its default, every half second, is a timer that fires
/// twice a second for each open or recently closed page for as long as the circuit lives, work or none: at 10 operators
/// 20 thread wake-ups a second, at 60 operators 120 (bench/, capacity: 「server idle」 and 「server CPU per cycle」).
/// Closed popovers are already gone from the page; only their entries in the script's table wait, so once every
/// <see cref="ReleaseEvery"/> is as good, at a sixtieth of the wake-ups.
/// </summary>
public static class PopoverQueue
{
    /// <summary>How often closed popovers are released (MudBlazor's <c>PopoverOptions.QueueDelay</c>).</summary>
    public static readonly TimeSpan ReleaseEvery = TimeSpan.FromSeconds(30);

    /// <summary>Applies <see cref="ReleaseEvery"/> to MudBlazor's services.</summary>
    public static void Configure(MudServicesConfiguration configuration) =>
        configuration.PopoverOptions.QueueDelay = ReleaseEvery;
}
