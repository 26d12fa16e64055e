using Microsoft.Playwright;

namespace CallCenter.Capacity;

/// <summary>
/// Timings taken inside the page, so Playwright's own round trips are not in them: a capture listener stamps each
/// input and click with performance.now(); before an action the benchmark arms a wait for the DOM marker
/// the action should produce (a MutationObserver), and after it reads marker time − action time.
/// </summary>
public static class PageProbe
{
    /// <summary>Installed in every document of every operator's page (Playwright's init script).</summary>
    public const string InitScript = """
        (() => {
          const cc = window.__cc = { input: 0, click: 0, pending: null };
          addEventListener('input', () => cc.input = performance.now(), true);
          addEventListener('click', () => {
            cc.click = performance.now();
            // Kept across a navigation (the sign-in form's POST): wall-clock milliseconds of this click.
            try { sessionStorage.setItem('cc.clickAt', String(performance.timeOrigin + cc.click)); } catch { }
          }, true);
          // When this document first showed the search box (the start page once its circuit is live).
          const ready = new MutationObserver(() => {
            if (document.querySelector('[data-testid=search-input]')) { cc.searchReady = performance.now(); ready.disconnect(); }
          });
          ready.observe(document, { subtree: true, childList: true });
          const tests = {
            // The search box's results (or its "nothing found") for exactly this text.
            results: q => [...document.querySelectorAll('[data-testid=result-count],[data-testid=search-empty]')]
                            .some(e => e.dataset.query === q),
            resident: no => location.pathname.endsWith('/residents/' + no) &&
                            document.querySelector('[data-testid=resident-no]')?.textContent.trim() === no,
            callForm: no => location.pathname.endsWith('/residents/' + no + '/call') &&
                            !!document.querySelector('[data-testid=caller-name]'),
            // Saved (back on the person's page) or refused because someone recorded for them after the form opened.
            saved: no => tests.resident(no) || !!document.querySelector('[data-testid=newer-reports]'),
            search: () => location.pathname === '/' && !!document.querySelector('[data-testid=search-input]'),
          };
          cc.arm = (name, arg) => {
            const test = () => tests[name](arg);
            cc.pending = new Promise(resolve => {
              if (test()) { resolve(performance.now()); return; }
              const observer = new MutationObserver(() => {
                if (test()) { observer.disconnect(); clearTimeout(timer); resolve(performance.now()); }
              });
              const timer = setTimeout(() => { observer.disconnect(); resolve(-1); }, 30000);
              observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
            });
          };
          // Milliseconds from the stamped action to the armed marker, or -1 when the marker never came (30 s).
          cc.wait = async from => { const t = await cc.pending; return t < 0 ? -1 : t - cc[from]; };
        })();
        """;

    public static Task ArmAsync(IPage page, string marker, string? argument = null) =>
        page.EvaluateAsync("([name, arg]) => window.__cc.arm(name, arg)", new object?[] { marker, argument });

    /// <summary>The time from the last <paramref name="action"/> (input or click) to the armed marker.</summary>
    public static async Task<double> WaitAsync(IPage page, string action, string what)
    {
        var ms = await page.EvaluateAsync<double>("from => window.__cc.wait(from)", action);
        return ms < 0 ? throw new TimeoutException($"{what}: not shown within 30 s") : ms;
    }

    /// <summary>
    /// On the start page after a sign-in: click → search box shown (total), and its parts from the navigation timing.
    /// The POST's redirect is part of the same navigation (redirectStart … redirectEnd).
    /// </summary>
    public static async Task<SignInTiming> SignInAsync(IPage page)
    {
        var t = await page.EvaluateAsync<double[]>("""
            () => {
              const cc = window.__cc, origin = performance.timeOrigin, clickAt = Number(sessionStorage.getItem('cc.clickAt'));
              const n = performance.getEntriesByType('navigation')[0];
              const ready = cc.searchReady ?? performance.now();
              const htmlFrom = n.redirectEnd > 0 ? n.redirectEnd : n.fetchStart;
              return [origin + ready - clickAt, n.redirectEnd > 0 ? n.redirectEnd - n.redirectStart : -1,
                      n.responseEnd - htmlFrom, n.domContentLoadedEventEnd - n.responseEnd, ready - n.domContentLoadedEventEnd,
                      origin - clickAt + (n.redirectEnd > 0 ? n.redirectStart : n.fetchStart)];
            }
            """);
        return new SignInTiming(t[0], t[1], t[2], t[3], t[4], t[5]);
    }

    /// <summary>What a page weighs in the browser: elements, JS heap after a GC, and elements per repeated row.</summary>
    public static async Task<PageWeight> WeighAsync(IPage page, string name, string? rowSelector)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("HeapProfiler.collectGarbage");
        await cdp.SendAsync("Performance.enable");
        var metrics = await cdp.SendAsync("Performance.getMetrics");
        double heap = 0;
        if (metrics is { } m)
        {
            foreach (var metric in m.GetProperty("metrics").EnumerateArray())
            {
                if (metric.GetProperty("name").GetString() == "JSHeapUsedSize")
                {
                    heap = metric.GetProperty("value").GetDouble();
                }
            }
        }
        await cdp.DetachAsync();
        var counts = await page.EvaluateAsync<int[]>("""
            sel => {
              const rows = sel ? [...document.querySelectorAll(sel)] : [];
              const inRows = rows.reduce((n, r) => n + 1 + r.getElementsByTagName('*').length, 0);
              return [document.getElementsByTagName('*').length, rows.length, inRows];
            }
            """, rowSelector);
        return new PageWeight(name, counts[0], counts[1], counts[1] == 0 ? 0 : (double)counts[2] / counts[1], heap / 1024 / 1024);
    }
}

/// <summary>
/// One sign-in, from the click on 「サインイン」 to the start page's search box: <see cref="Total"/>, and its parts: the
/// click until the browser sent the POST (<see cref="Submit"/>), the POST and its redirect (password check, session,
/// audit row, cookie; <see cref="Post"/>, -1 when the browser gave no redirect timing), the start page's HTML (prerender;
/// <see cref="Html"/>), the HTML until its scripts ran (DOMContentLoaded; <see cref="Scripts"/>) and from there until the
/// circuit was live and the search box rendered (<see cref="Circuit"/>).
/// </summary>
public sealed record SignInTiming(double Total, double Post, double Html, double Scripts, double Circuit, double Submit);

/// <summary>One page's weight in the browser.</summary>
public sealed record PageWeight(string Page, int Elements, int Rows, double ElementsPerRow, double JsHeapMegabytes);
