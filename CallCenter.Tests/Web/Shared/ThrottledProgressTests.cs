using CallCenter.Web.Components.Shared;

namespace CallCenter.Tests.Web.Shared;

public sealed class ThrottledProgressTests
{
    [Fact]
    public void Report_KeepsTheLatestValue_And_AsksForNoRender_WithinTheInterval()
    {
        var renders = 0;
        var progress = new ThrottledProgress(() => { renders++; return Task.CompletedTask; }, TimeSpan.FromHours(1));

        for (var rows = 5000; rows <= 1_000_000; rows += 5000)
        {
            progress.Report(rows);
        }

        Assert.Equal(1_000_000, progress.Value);
        Assert.Equal(0, renders);
    }

    [Fact]
    public void Report_AsksForARender_When_TheIntervalHasPassed()
    {
        var renders = 0;
        var progress = new ThrottledProgress(() => { renders++; return Task.CompletedTask; }, TimeSpan.Zero);

        progress.Report(5000);
        progress.Report(10000);

        Assert.Equal(2, renders);
        Assert.Equal(10000, progress.Value);
    }
}
