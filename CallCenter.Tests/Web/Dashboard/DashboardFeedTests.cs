using CallCenter.Data.Towns;
using CallCenter.Data.Dashboard;
using CallCenter.Web.Components.Pages.Dashboard;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCenter.Tests.Web.Dashboard;

public sealed class DashboardFeedTests
{
    private readonly FakeDashboardSource source = new();
    private readonly DashboardFeed feed;

    public DashboardFeedTests()
    {
        feed = new DashboardFeed(source, Options.Create(new DashboardFeedOptions()), TimeProvider.System, NullLogger<DashboardFeed>.Instance);
    }

    private static readonly DashboardFilter Hama = new(District: "浜区");

    [Fact]
    public async Task TwoSubscribersOfOneFilter_CauseOneLoadPerChange_NotTwo()
    {
        var first = new List<DashboardSnapshot>();
        var second = new List<DashboardSnapshot>();
        using var a = feed.Subscribe(Hama, TownScope.All, s => Add(first, s));
        using var b = feed.Subscribe(Hama with { }, TownScope.All, s => Add(second, s));

        await feed.PollAsync();
        Assert.Equal(1, source.LoadsOf(Hama));
        source.Stamp = 2;
        await feed.PollAsync();

        Assert.Equal(2, source.LoadsOf(Hama));
        Assert.Equal(2, first.Count);
        Assert.Equal(2, second.Count);
        Assert.Equal(1, feed.WatchedFilters);
    }

    [Fact]
    public async Task NoChange_CausesNoReload_And_NoCallback()
    {
        var received = new List<DashboardSnapshot>();
        using var subscription = feed.Subscribe(Hama, TownScope.All, s => Add(received, s));
        await feed.PollAsync();

        await feed.PollAsync();
        await feed.PollAsync();

        Assert.Equal(1, source.LoadsOf(Hama));
        Assert.Single(received);
        Assert.Equal(3, source.StampReads);
    }

    [Fact]
    public async Task Unsubscribing_StopsCallbacks_And_DropsTheFilter()
    {
        var received = new List<DashboardSnapshot>();
        var subscription = feed.Subscribe(Hama, TownScope.All, s => Add(received, s));
        await feed.PollAsync();

        subscription.Dispose();
        source.Stamp = 2;
        await feed.PollAsync();

        Assert.Single(received);
        Assert.Equal(1, source.LoadsOf(Hama));
        Assert.Equal(0, feed.WatchedFilters);
        Assert.Equal(1, source.StampReads); // nothing watched: the stamp is not even read
    }

    [Fact]
    public async Task DifferentFilters_AreLoadedOnceEach_PerChange()
    {
        var vulnerable = new DashboardFilter(VulnerableOnly: true);
        using var a = feed.Subscribe(Hama, TownScope.All, _ => Task.CompletedTask);
        using var b = feed.Subscribe(vulnerable, TownScope.All, _ => Task.CompletedTask);

        await feed.PollAsync();
        source.Stamp = 5;
        await feed.PollAsync();

        Assert.Equal(2, source.LoadsOf(Hama));
        Assert.Equal(2, source.LoadsOf(vulnerable));
    }

    [Fact]
    public async Task GetAsync_ServesTheSharedSnapshot_When_ItIsCurrent()
    {
        using var subscription = feed.Subscribe(Hama, TownScope.All, _ => Task.CompletedTask);
        await feed.PollAsync();

        var snapshot = await feed.GetAsync(Hama, TownScope.All);

        Assert.Equal("浜区", snapshot.Filter.District);
        Assert.Equal(1, source.LoadsOf(Hama));
    }

    [Fact]
    public async Task GetAsync_ThenSubscribe_LoadsOnce_And_TellsOtherSubscribersOfANewerSnapshot()
    {
        var received = new List<DashboardSnapshot>();
        using var watching = feed.Subscribe(Hama, TownScope.All, s => Add(received, s));
        await feed.PollAsync();
        source.Stamp = 2;

        // A second page opens before the next poll: it loads the newer figures, and the first page gets them too.
        await feed.GetAsync(Hama, TownScope.All);
        using var opened = feed.Subscribe(Hama, TownScope.All, _ => Task.CompletedTask);
        await feed.PollAsync();

        Assert.Equal(2, source.LoadsOf(Hama));
        Assert.Equal(2, received.Count);
    }

    [Fact]
    public async Task AFilterAskedForButNeverSubscribed_IsDroppedByTheFollowingPolls()
    {
        await feed.GetAsync(Hama, TownScope.All);

        await feed.PollAsync();
        await feed.PollAsync();

        Assert.Equal(0, feed.WatchedFilters);
    }

    [Fact]
    public async Task AFailingSubscriber_DoesNotStopTheOthers()
    {
        var received = new List<DashboardSnapshot>();
        using var broken = feed.Subscribe(Hama, TownScope.All, _ => throw new InvalidOperationException("circuit gone"));
        using var working = feed.Subscribe(Hama, TownScope.All, s => Add(received, s));

        await feed.PollAsync();

        Assert.Single(received);
    }

    [Fact]
    public async Task TheLoop_PicksUpAChange_WithinTheConfiguredInterval()
    {
        using var looping = new DashboardFeed(source, Options.Create(new DashboardFeedOptions { RefreshSeconds = 0.2 }),
            TimeProvider.System, NullLogger<DashboardFeed>.Instance);
        var received = new TaskCompletionSource<DashboardSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        var count = 0;
        using var subscription = looping.Subscribe(Hama, TownScope.All, s =>
        {
            if (Interlocked.Increment(ref count) == 2)
            {
                received.TrySetResult(s);
            }
            return Task.CompletedTask;
        });
        await looping.StartAsync(CancellationToken.None);
        try
        {
            await Task.Delay(500);
            source.Stamp = 9;
            await received.Task.WaitAsync(TimeSpan.FromSeconds(5));
        }
        finally
        {
            await looping.StopAsync(CancellationToken.None);
        }
        Assert.Equal(2, source.LoadsOf(Hama));
    }

    private static Task Add(List<DashboardSnapshot> list, DashboardSnapshot snapshot)
    {
        lock (list)
        {
            list.Add(snapshot);
        }
        return Task.CompletedTask;
    }
}
