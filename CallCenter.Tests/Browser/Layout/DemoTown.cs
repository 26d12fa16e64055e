using Microsoft.Playwright;

namespace CallCenter.Tests.Browser.Layout;

/// <summary>
/// The demo town (汐見町: 11,500 residents, about 4,000 households, reports and calls since the disaster) served by its
/// own app, started once for the test run and shared by every test that judges a page by the amount of data a real town
/// has (the campaign page's length, the dashboard's charts, widths at 1366x768). Seeding takes a few seconds; it is paid
/// once, not per class.
/// </summary>
public static class DemoTown
{
    /// <summary>The thin clients' screen: every page must work at this size.</summary>
    public static readonly ViewportSize ThinClient = new() { Width = 1366, Height = 768 };

    private static readonly Lazy<Task<CallCenterAppFactory>> Started = new(() => Task.Run(Start));

    /// <summary>The running demo-town app (started by the first caller).</summary>
    public static Task<CallCenterAppFactory> AppAsync() => Started.Value;

    /// <summary>A page on the demo town at 1366x768, signed in as <paramref name="userName"/> (a test account).</summary>
    public static async Task<IPage> SignedInPageAsync(BrowserFixture browser, string userName, string returnPath = "/")
    {
        var app = await AppAsync();
        var page = await browser.NewPageAsync(app.BaseAddress);
        await page.SetViewportSizeAsync(ThinClient.Width, ThinClient.Height);
        await page.SignInAsync(userName, returnPath: returnPath);
        return page;
    }

    private static CallCenterAppFactory Start()
    {
        var app = new CallCenterAppFactory(new Dictionary<string, string?> { ["Demo:Seed"] = "true" });
        app.Start();
        // Shared by several test classes, so no class owns it: it goes with the test process.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return app;
    }
}
