using Microsoft.Playwright;

namespace CallCenter.Tests.Browser.Security;

/// <summary>
/// Records what the browser complains about while a test uses the app: console errors, page errors and
/// Content-Security-Policy violations (reported by the page itself through securitypolicyviolation).
/// </summary>
public sealed class BrowserWatch
{
    private const string ViolationRecorder = """
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation',
            e => window.__cspViolations.push(e.violatedDirective + ' blocked ' + e.blockedURI));
        """;

    private readonly List<string> problems = [];

    private BrowserWatch()
    {
    }

    public static async Task<BrowserWatch> StartAsync(IPage page)
    {
        var watch = new BrowserWatch();
        await page.Context.AddInitScriptAsync(ViolationRecorder);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                watch.problems.Add($"console: {message.Text} (on {page.Url})");
            }
        };
        page.PageError += (_, error) => watch.problems.Add($"page error: {error}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 500)
            {
                watch.problems.Add($"{response.Status} {response.Request.Method} {response.Url}");
            }
        };
        return watch;
    }

    /// <summary>Everything recorded so far plus the violations the current document saw.</summary>
    public async Task<IReadOnlyList<string>> ProblemsAsync(IPage page)
    {
        var violations = await page.EvaluateAsync<string[]>("() => window.__cspViolations ?? []");
        return [.. problems, .. violations.Select(v => "CSP: " + v)];
    }

    /// <summary>localStorage, sessionStorage and IndexedDB of the app's origin: a shared terminal keeps none.</summary>
    public static async Task AssertNothingStoredAsync(IPage page)
    {
        var stored = await page.EvaluateAsync<string>("""
            async () => JSON.stringify({
                local: Object.keys(localStorage),
                session: Object.keys(sessionStorage),
                indexedDb: (await indexedDB.databases()).map(d => d.name),
            })
            """);
        Assert.Equal("""{"local":[],"session":[],"indexedDb":[]}""", stored);
    }
}
