using CallCenter.Web.Components.Layout;
using MudBlazor;
using MudBlazor.Services;

namespace CallCenter.Tests.Web.Layout;

public sealed class MessagePlacementTests
{
    [Fact]
    public void Configure_PutsMessagesInTheAppBarsMiddle_OneAtATime()
    {
        var configuration = new MudServicesConfiguration();

        MessagePlacement.Configure(configuration);

        var snackbars = configuration.SnackbarConfiguration;
        Assert.Equal(Defaults.Classes.Position.TopCenter, snackbars.PositionClass);
        Assert.Equal(1, snackbars.MaxDisplayedSnackbars);
        Assert.True(snackbars.PreventDuplicates);
    }
}
