using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CallCenter.Tests.Browser;

/// <summary>
/// A loaded server as the browser sees it: every message the server sends on the page's Blazor circuit arrives a fixed
/// time late, in order, while the browser keeps taking keys at once. Call before the page opens the circuit (before
/// signing in). The browser tests of the call form failed this way on a busy machine (issue 15): an answer to a key the
/// operator had already moved on from (Tab) came back after the next key.
/// </summary>
public static partial class SlowCircuit
{
    /// <summary>Delays the server's messages on this page's circuit by <paramref name="latency"/>.</summary>
    public static Task DelayServerAsync(this IPage page, TimeSpan latency) =>
        page.RouteWebSocketAsync(BlazorHub(), browserSide =>
        {
            var serverSide = browserSide.ConnectToServer();
            browserSide.OnMessage(frame => Forward(frame, serverSide));
            var gate = new object();
            var delivered = Task.CompletedTask;
            serverSide.OnMessage(frame =>
            {
                var due = DateTime.UtcNow + latency;
                lock (gate)
                {
                    delivered = delivered.ContinueWith(async _ =>
                    {
                        var wait = due - DateTime.UtcNow;
                        if (wait > TimeSpan.Zero)
                        {
                            await Task.Delay(wait);
                        }
                        Forward(frame, browserSide);
                    }, TaskScheduler.Default).Unwrap();
                }
            });
        });

    /// <summary>
    /// Records, in the page, the <c>data-testid</c> of every element that takes focus (or its tag when it has none);
    /// read it with <see cref="FocusedSinceAsync"/>. Call before the page loads.
    /// </summary>
    public static Task RecordFocusAsync(this IPage page) =>
        page.AddInitScriptAsync("""
            window.__focusLog = [];
            document.addEventListener('focusin', e => window.__focusLog.push(
              e.target.closest('[data-testid]')?.getAttribute('data-testid') ?? e.target.tagName), true);
            """);

    /// <summary>How many focus moves were recorded so far: a mark for <see cref="FocusedSinceAsync"/>.</summary>
    public static Task<int> FocusMarkAsync(this IPage page) => page.EvaluateAsync<int>("window.__focusLog.length");

    /// <summary>The elements that took focus after <paramref name="mark"/>, in order.</summary>
    public static Task<string[]> FocusedSinceAsync(this IPage page, int mark) =>
        page.EvaluateAsync<string[]>("mark => window.__focusLog.slice(mark)", mark);

    private static void Forward(IWebSocketFrame frame, IWebSocketRoute to)
    {
        if (frame.Binary is { } bytes)
        {
            to.Send(bytes);
        }
        else
        {
            to.Send(frame.Text ?? "");
        }
    }

    [GeneratedRegex("/_blazor")]
    private static partial Regex BlazorHub();
}
