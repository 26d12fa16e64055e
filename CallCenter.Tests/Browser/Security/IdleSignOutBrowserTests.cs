using CallCenter.Data.Accounts;
using CallCenter.Tests.Web.Security;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallCenter.Tests.Browser.Security;

/// <summary>
/// The idle sign-out a shared terminal needs, in Chromium: input keeps the session, no input ends it, and the
/// page then shows the sign-in page with the idle message while its Blazor circuit is gone from the server.
/// The app here has its own 3-second timeout and counts the circuits connected to it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class IdleSignOutBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(3);

    private readonly CircuitCountingAppFactory app = new(new Dictionary<string, string?>
    {
        ["Security:IdleTimeoutMinutes"] = "0.05",
    });

    public Task InitializeAsync()
    {
        app.Start();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Session_LastsWhileTheUserTypes_Then_EndsIdle_OnTheSignInPage_WithoutACircuit()
    {
        var page = await browser.NewPageAsync(app.BaseAddress);
        var watch = await BrowserWatch.StartAsync(page);
        await page.SignInAsync("test-operator");
        await WaitUntilAsync(() => app.Circuits.Connected == 1, "the page's circuit to connect");

        // Twice the timeout of steady typing: session.js reports the input, the server keeps the session.
        var typingUntil = DateTime.UtcNow + IdleTimeout * 2;
        while (DateTime.UtcNow < typingUntil)
        {
            await page.Keyboard.PressAsync("Shift");
            await Task.Delay(250);
        }
        Assert.Equal("/", new Uri(page.Url).AbsolutePath);
        Assert.Equal(1, await page.Locator("[data-interactive=true]").CountAsync());
        Assert.Null((await app.SessionsAsync("test-operator"))[0].EndReason);

        // Then nothing: within a few seconds the page is on the sign-in page with the idle message.
        await page.GetByText("一定時間操作がなかったため、サインアウトしました。").WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        var screenshot = await page.SaveScreenshotAsync($"{nameof(IdleSignOutBrowserTests)}.idle-message");

        Assert.Equal("/account/sign-in", new Uri(page.Url).AbsolutePath);
        Assert.Equal(0, await page.Locator("[data-interactive=true]").CountAsync());
        Assert.Equal(0, await page.GetByTestId("count-residents").CountAsync());
        await WaitUntilAsync(() => app.Circuits.Connected == 0, "the old page's circuit to end");
        Assert.Equal(SessionEndReasons.Idle, (await app.SessionsAsync("test-operator"))[0].EndReason);
        await BrowserWatch.AssertNothingStoredAsync(page);
        var problems = await watch.ProblemsAsync(page);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems) + $"{Environment.NewLine}(screenshot: {screenshot})");
        await page.Context.CloseAsync();
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, $"Timed out waiting for {what}.");
            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    /// <summary>TEST ONLY: the app plus a circuit handler that counts the circuits with a live connection.</summary>
    private sealed class CircuitCountingAppFactory(IReadOnlyDictionary<string, string?> settings) : CallCenterAppFactory(settings)
    {
        public CircuitCounter Circuits { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<CircuitHandler>(Circuits));
        }
    }

    private sealed class CircuitCounter : CircuitHandler
    {
        private int connected;

        public int Connected => Volatile.Read(ref connected);

        public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref connected);
            return Task.CompletedTask;
        }

        public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            Interlocked.Decrement(ref connected);
            return Task.CompletedTask;
        }
    }
}
