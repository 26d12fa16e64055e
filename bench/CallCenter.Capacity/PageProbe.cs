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
          addEventListener('click', () => cc.click = performance.now(), true);
          const tests = {
            // The search box's results (or its "nothing found") for exactly this text.
            results: q => [...document.querySelectorAll('[data-testid=result-count],[data-testid=search-empty]')]
                            .some(e => e.dataset.query === q),
            resident: no => location.pathname.endsWith('/residents/' + no) &&
                            document.querySelector('[data-testid=resident-no]')?.textContent.trim() === no,
            callForm: no => location.pathname.endsWith('/residents/' + no + '/call') &&
                            !!document.querySelector('[data-testid=caller-name]'),
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

/// <summary>One page's weight in the browser.</summary>
public sealed record PageWeight(string Page, int Elements, int Rows, double ElementsPerRow, double JsHeapMegabytes);
