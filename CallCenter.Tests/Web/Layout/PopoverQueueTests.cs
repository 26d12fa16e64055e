using CallCenter.Tests.Web.Security;
using CallCenter.Web.Components.Layout;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace CallCenter.Tests.Web.Layout;

/// <summary>
/// The running app's popover service releases closed popovers every 30 s, not every half second: its timer runs for as
/// long as each circuit lives, so its period is the wake-ups an idle page costs the server.
/// </summary>
[Collection(SecurityAppCollection.Name)]
public sealed class PopoverQueueTests(SecurityAppFixture fixture)
{
    [Fact]
    public async Task TheAppsPopoverService_ReleasesClosedPopoversEvery30Seconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(0.5), new PopoverOptions().QueueDelay);
        Assert.Equal(TimeSpan.FromSeconds(30), PopoverQueue.ReleaseEvery);

        await using var scope = fixture.App.Services.CreateAsyncScope();
        Assert.Equal(PopoverQueue.ReleaseEvery, scope.ServiceProvider.GetRequiredService<IOptions<PopoverOptions>>().Value.QueueDelay);
        // The per-circuit service itself reads it.
        Assert.Equal(PopoverQueue.ReleaseEvery, scope.ServiceProvider.GetRequiredService<IPopoverService>().PopoverOptions.QueueDelay);
    }
}
