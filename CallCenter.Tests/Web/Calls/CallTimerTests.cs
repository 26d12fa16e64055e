using Bunit;
using CallCenter.Tests.Data.Calls;
using CallCenter.Web.Components.Pages.Calls;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Calls;

/// <summary>The call timer: mm:ss from the server's start, ticked by the browser's module, stopped with the page.</summary>
public sealed class CallTimerTests : MudTestContext
{
    private readonly TestClock clock = new(new DateTimeOffset(2026, 3, 14, 1, 30, 0, TimeSpan.Zero));

    public CallTimerTests()
    {
        Services.AddSingleton<TimeProvider>(clock);
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    [Theory]
    [InlineData(0, "00:00")]
    [InlineData(59, "00:59")]
    [InlineData(192, "03:12")]
    [InlineData(4503, "75:03")]
    [InlineData(-5, "00:00")]
    public void Format_ShowsMinutesAndSeconds(int seconds, string expected) =>
        Assert.Equal(expected, CallTimer.Format(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Render_ShowsTheElapsedTime_And_HandsTheBrowserTheElapsedMilliseconds()
    {
        JSInterop.SetupVoid("callForm.startCallTimer", _ => true).SetVoidResult();
        var started = clock.GetUtcNow().UtcDateTime.AddSeconds(-192);

        var cut = Render<CallTimer>(p => p.Add(x => x.StartedAt, started));

        Assert.Equal("03:12", cut.Find("[data-testid=call-timer-text]").TextContent);
        cut.WaitForAssertion(() => Assert.Equal(192_000d, Assert.Single(JSInterop.Invocations, i => i.Identifier == "callForm.startCallTimer").Arguments[1]));
    }
}
