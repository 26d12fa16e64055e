using CallCenter.Web.Components.Shared;
using CallCenter.Tests.Data.Calls;

namespace CallCenter.Tests.Web.Shared;

public sealed class MenuCountsTests
{
    private readonly TestClock clock = new(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));
    private int reads;

    private Task<int> Read() => Task.FromResult(Interlocked.Increment(ref reads));

    [Fact]
    public async Task ACount_IsReadOncePerMaxAge_ForEveryCaller()
    {
        var counts = new MenuCounts(clock);
        Assert.Equal(1, await counts.GetAsync("review", Read));
        Assert.Equal(1, await counts.GetAsync("review", Read));
        clock.Advance(MenuCounts.MaxAge - TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, await counts.GetAsync("review", Read));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, await counts.GetAsync("review", Read));
        Assert.Equal(2, reads);
    }

    [Fact]
    public async Task Keys_AreApart_And_Forget_ReadsAgain()
    {
        var counts = new MenuCounts(clock);
        Assert.Equal(1, await counts.GetAsync("requests:1", Read));
        Assert.Equal(2, await counts.GetAsync("requests:2", Read));
        counts.Forget("requests:1");
        Assert.Equal(3, await counts.GetAsync("requests:1", Read));
        Assert.Equal(2, await counts.GetAsync("requests:2", Read));
    }

    [Fact]
    public async Task CallersDuringARead_ShareIt()
    {
        var counts = new MenuCounts(clock);
        var gate = new TaskCompletionSource<int>();
        var started = 0;
        Task<int> Slow()
        {
            Interlocked.Increment(ref started);
            return gate.Task;
        }
        var waiting = Enumerable.Range(0, 20).Select(_ => counts.GetAsync("review", Slow)).ToList();
        gate.SetResult(7);
        Assert.All(await Task.WhenAll(waiting), n => Assert.Equal(7, n));
        Assert.Equal(1, started);
    }

    [Fact]
    public async Task AFailedRead_IsNotKept()
    {
        var counts = new MenuCounts(clock);
        await Assert.ThrowsAsync<InvalidOperationException>(() => counts.GetAsync("review", () => throw new InvalidOperationException("locked")));
        Assert.Equal(1, await counts.GetAsync("review", Read));
    }
}
