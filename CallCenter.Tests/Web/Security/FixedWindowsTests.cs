using CallCenter.Tests.Data.Calls;
using CallCenter.Web.Security;

namespace CallCenter.Tests.Web.Security;

/// <summary>The rate limits' windows, counted on a clock the test moves (RateLimitTests drive them through the app).</summary>
public sealed class FixedWindowsTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void WithinAWindow_ThePermitsPass_TheNextIsToldWhenTheWindowEnds_AndANewWindowPassesAgain()
    {
        var clock = new TestClock(Start);
        var windows = new FixedWindows(clock, TimeSpan.FromMinutes(1));

        for (var i = 0; i < 5; i++)
        {
            Assert.True(windows.TryAcquire("sign-in 10.0.0.1", 5, out var none));
            Assert.Equal(TimeSpan.Zero, none);
            clock.Advance(TimeSpan.FromSeconds(1));
        }
        clock.Advance(TimeSpan.FromSeconds(15));
        Assert.False(windows.TryAcquire("sign-in 10.0.0.1", 5, out var retryAfter));
        // The window opened with the first request, 20 s ago.
        Assert.Equal(TimeSpan.FromSeconds(40), retryAfter);
        clock.Advance(TimeSpan.FromSeconds(39));
        Assert.False(windows.TryAcquire("sign-in 10.0.0.1", 5, out retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(1), retryAfter);

        clock.Advance(TimeSpan.FromSeconds(1));
        for (var i = 0; i < 5; i++)
        {
            Assert.True(windows.TryAcquire("sign-in 10.0.0.1", 5, out _));
        }
        Assert.False(windows.TryAcquire("sign-in 10.0.0.1", 5, out retryAfter));
        Assert.Equal(TimeSpan.FromMinutes(1), retryAfter);
    }

    [Fact]
    public void EachKey_HasItsOwnWindow()
    {
        var windows = new FixedWindows(new TestClock(Start), TimeSpan.FromMinutes(1));

        Assert.True(windows.TryAcquire("sign-in 10.0.0.1", 1, out _));
        Assert.False(windows.TryAcquire("sign-in 10.0.0.1", 1, out _));
        Assert.True(windows.TryAcquire("sign-in 10.0.0.2", 1, out _));
        Assert.True(windows.TryAcquire("api 10.0.0.1", 1, out _));
    }

    [Fact]
    public async Task ThirtyAtOnce_ExactlyThePermitsPass()
    {
        var windows = new FixedWindows(new TestClock(Start), TimeSpan.FromMinutes(1));
        using var go = new ManualResetEventSlim();

        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(n => Task.Run(() =>
        {
            go.Wait();
            return windows.TryAcquire("sign-in 10.0.0.1", 5, out _);
        })).Append(Task.Run(() =>
        {
            go.Set();
            return false;
        })));

        Assert.Equal(5, results.Count(passed => passed));
    }

    [Fact]
    public void AClockSetBack_OpensANewWindow_RatherThanRefusingUntilItCatchesUp()
    {
        var clock = new TestClock(Start);
        var windows = new FixedWindows(clock, TimeSpan.FromMinutes(1));
        Assert.True(windows.TryAcquire("api 10.0.0.1", 1, out _));
        Assert.False(windows.TryAcquire("api 10.0.0.1", 1, out _));

        clock.Advance(TimeSpan.FromHours(-1));

        Assert.True(windows.TryAcquire("api 10.0.0.1", 1, out _));
        Assert.False(windows.TryAcquire("api 10.0.0.1", 1, out var retryAfter));
        Assert.Equal(TimeSpan.FromMinutes(1), retryAfter);
    }

    [Fact]
    public void AFloodFromManyAddresses_LeavesOnlyTheRecentWindowsHeld()
    {
        var clock = new TestClock(Start);
        var windows = new FixedWindows(clock, TimeSpan.FromMinutes(1));
        for (var i = 0; i < 10_000; i++)
        {
            Assert.True(windows.TryAcquire($"api 10.{i / 65536}.{i / 256 % 256}.{i % 256}", 60, out _));
        }
        Assert.Equal(10_000, windows.Count);

        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True(windows.TryAcquire("api 192.0.2.1", 60, out _));
        Assert.Equal(10_001, windows.Count);

        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.True(windows.TryAcquire("api 192.0.2.2", 60, out _));
        // The 10,000 windows ended (61 s old) and went; the one opened 31 s ago and the new one stay.
        Assert.Equal(2, windows.Count);
        Assert.False(windows.TryAcquire("api 192.0.2.1", 1, out _));
    }
}
