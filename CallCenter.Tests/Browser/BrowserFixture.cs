using Microsoft.Playwright;

namespace CallCenter.Tests.Browser;

/// <summary>Browser tests share one app and one Chromium: starting either costs more than a test.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}

/// <summary>
/// The real app on a loopback port plus one headless Debian Chromium driven by Playwright. Tests open a new
/// context (fresh cookies, fresh circuit) per test with <see cref="NewPageAsync"/>.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Overrides the Chromium binary (default /usr/bin/chromium, Debian's package).</summary>
    public const string ChromiumVariable = "CALLCENTER_CHROMIUM";

    /// <summary>
    /// Milliseconds every page's circuit answers late (<see cref="SlowCircuit"/>): runs the browser tests as on a
    /// loaded server, where a test that waits for the wrong thing fails every time instead of now and then.
    /// </summary>
    public const string LatencyVariable = "CALLCENTER_SERVER_LATENCY_MS";

    // Chromium runs as root here (no sandbox) and the network is closed: without the background-networking
    // flags it keeps trying hosts that refuse it.
    private static readonly string[] LaunchArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private IPlaywright? playwright;
    private IBrowser? browser;

    public CallCenterAppFactory App { get; } = new();

    /// <summary>Where screenshots go: TestResults/screenshots under the test output folder.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        var chromium = Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } configured
            ? configured
            : "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException(
                $"Chromium was not found at {chromium}, so the browser tests cannot run. Run ./test.sh from the " +
                "repository root: it installs Debian's chromium and fonts-noto-cjk when they are missing " +
                $"(or set {ChromiumVariable} to a Chromium binary).");
        }
        // Web-first assertions (Expect(...).ToHave...) wait 5 s by default; on a busy 2-core CI machine a Blazor
        // navigation can take longer, so they get the same 15 s as every other wait here.
        Assertions.SetDefaultExpectTimeout(15_000);
        App.Start();
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = LaunchArgs,
        });
        Directory.CreateDirectory(ScreenshotFolder);
    }

    /// <summary>
    /// A page in a new browser context, with Japanese locale and a desktop-sized viewport, against the shared
    /// app or, when <paramref name="baseAddress"/> is given, another app a test started itself.
    /// </summary>
    public async Task<IPage> NewPageAsync(Uri? baseAddress = null)
    {
        var context = await (browser ?? throw new InvalidOperationException("The browser starts in InitializeAsync."))
            .NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = (baseAddress ?? App.BaseAddress).ToString(),
                Locale = "ja-JP",
                TimezoneId = "Asia/Tokyo",
                ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        if (int.TryParse(Environment.GetEnvironmentVariable(LatencyVariable), out var latency) && latency > 0)
        {
            await page.DelayServerAsync(TimeSpan.FromMilliseconds(latency));
        }
        return page;
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }
        playwright?.Dispose();
        await App.DisposeAsync();
    }
}
