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
}
