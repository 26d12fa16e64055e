using Bunit;
using CallCenter.Data.Calls;
using CallCenter.Data.Residents;
using CallCenter.Web.Components.Pages.Residents;

namespace CallCenter.Tests.Web.Residents;

/// <summary>The resident page's call history: each call with its 要件 and how long it lasted.</summary>
public sealed class CallHistoryTests : MudTestContext
{
    [Fact]
    public void EachCall_ShowsItsWrapUpCode_And_Duration()
    {
        var start = new DateTime(2026, 3, 14, 1, 30, 0, DateTimeKind.Utc);
        IReadOnlyList<CallSummary> calls =
        [
            new() { CallId = 2, Direction = CallDirection.Inbound, CallerName = "佐藤 美穂", StartedAt = start, EndedAt = start.AddSeconds(192), WrapUpLabel = "安否報告" },
            new() { CallId = 1, Direction = CallDirection.Outbound, CallerName = "佐藤 浩二", StartedAt = start, EndedAt = start.AddSeconds(45) },
            // Recorded before calls kept their start: no duration to tell.
            new() { CallId = 0, Direction = CallDirection.Inbound, CallerName = "佐藤 節子", StartedAt = start, EndedAt = start },
        ];

        var cut = Render<CallHistory>(p => p.Add(x => x.Calls, calls));

        Assert.Equal(["安否報告", "—", "—"], cut.FindAll("[data-testid=call-wrap-up]").Select(c => c.TextContent.Trim()));
        Assert.Equal(["3分12秒", "45秒", "—"], cut.FindAll("[data-testid=call-duration]").Select(c => c.TextContent.Trim()));
    }

    [Fact]
    public void ALongHistory_ShowsTheNewestTen_And_TheRestOnRequest()
    {
        var start = new DateTime(2026, 3, 14, 1, 30, 0, DateTimeKind.Utc);
        IReadOnlyList<CallSummary> calls = Enumerable.Range(0, 13).Select(i => new CallSummary
        {
            CallId = 13 - i, Direction = CallDirection.Inbound, CallerName = $"佐藤 美穂{i}", StartedAt = start.AddHours(-i), EndedAt = start.AddHours(-i).AddMinutes(2),
        }).ToList();

        var cut = Render<CallHistory>(p => p.Add(x => x.Calls, calls));

        Assert.Equal(CallHistory.FirstShown, cut.FindAll("[data-testid=call-row]").Count);
        Assert.Contains("佐藤 美穂0", cut.FindAll("[data-testid=call-row]")[0].TextContent, StringComparison.Ordinal);
        Assert.Equal("以前の通話も表示（ほか 3 件）", cut.Find("[data-testid=calls-more]").TextContent.Trim());

        cut.Find("[data-testid=calls-more]").Click();

        Assert.Equal(13, cut.FindAll("[data-testid=call-row]").Count);
        Assert.Empty(cut.FindAll("[data-testid=calls-more]"));
    }

    [Fact]
    public void TheCalls_AreNotRenderedAgain_When_ThePageRendersWithTheSameList()
    {
        IReadOnlyList<CallSummary> calls = [new() { CallId = 1, Direction = CallDirection.Inbound, CallerName = "佐藤 美穂", StartedAt = DateTime.UtcNow, EndedAt = DateTime.UtcNow }];
        var cut = Render<CallHistory>(p => p.Add(x => x.Calls, calls));
        cut.Render(p => p.Add(x => x.Calls, calls));
        var renders = cut.RenderCount;

        // A presence heartbeat renders the page again with the same list: the table stays as it is.
        cut.Render(p => p.Add(x => x.Calls, calls));
        Assert.Equal(renders, cut.RenderCount);

        // Another list (another person opened in the same page): rendered.
        cut.Render(p => p.Add(x => x.Calls, [.. calls, calls[0] with { CallId = 2, CallerName = "佐藤 浩二" }]));
        Assert.Equal(renders + 1, cut.RenderCount);
        Assert.Equal(2, cut.FindAll("[data-testid=call-row]").Count);
    }
}
