using MudBlazor;
using MudBlazor.Services;

namespace CallCenter.Web.Components.Layout;

/// <summary>
/// Where the short messages after an action (「記録しました」, 「ルールを保存しました」) appear: in the empty middle of the
/// app bar, one at a time, so that they never cover a button of the page below (issue 14: the message covered the
/// worklist's 「次へ」). The CSS that fits them into the bar is in app.css (.mud-snackbar-location-top-center).
/// </summary>
public static class MessagePlacement
{
    /// <summary>Applies the placement to MudBlazor's services (<c>AddMudServices(MessagePlacement.Configure)</c>).</summary>
    public static void Configure(MudServicesConfiguration configuration)
    {
        var snackbars = configuration.SnackbarConfiguration;
        snackbars.PositionClass = Defaults.Classes.Position.TopCenter;
        // A second message waits for the first instead of stacking below it, over the page.
        snackbars.MaxDisplayedSnackbars = 1;
        snackbars.PreventDuplicates = true;
        snackbars.VisibleStateDuration = 4000;
        snackbars.ShowTransitionDuration = 150;
        snackbars.HideTransitionDuration = 150;
    }
}
