using CallCenter.Data.Outbound;
using CallCenter.Data.Towns;

namespace CallCenter.Tests.Data.Outbound;

public abstract class OutboundFiguresTests<TDb> : OutboundDatabaseTests<TDb> where TDb : IDatabaseKind
{
    [SkippableFact]
    public async Task Figures_CountTheQueueByPriority()
    {
        await Queue.RebuildAsync();

        var figures = await Figures.FiguresAsync(TownScope.All);

        Assert.Equal([(1, 4), (2, 2), (9, 1)], figures.QueueByPriority.Select(p => (p.Priority, p.Households)));
        Assert.Equal(6, figures.QueueLength);
        Assert.Equal(1, figures.NeedNewNumber);
        Assert.Null(figures.ContactRate);
    }
}

public sealed class OutboundFiguresTestsOnSqlite : OutboundFiguresTests<OnSqlite>;

public sealed class OutboundFiguresTestsOnSqlServer : OutboundFiguresTests<OnSqlServer>;
