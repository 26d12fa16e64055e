using CallCenter.Data.Outbound;
using CallCenter.Data.Towns;

namespace CallCenter.Tests.Data.Outbound;

public abstract class OutboundDistrictsTests<TDb> : OutboundDatabaseTests<TDb> where TDb : IDatabaseKind
{
    [SkippableFact]
    public async Task Assignment_GivesADistrictOnlyToItsOperator_AndToThemFirst()
    {
        // 川区 (HI1, HC1... HN1) to Ops[5] alone: others never get 川区 households; Ops[5] gets them before 浜区's.
        Assert.Null(await Districts.AssignAsync(TownScope.All, 1, "川区", Ops[5].UserId, null, Ops[11]));

        var others = new List<string>();
        foreach (var op in Ops.Take(5))
        {
            if (await NextAsync(op) is { } no)
            {
                others.Add(no);
            }
        }

        Assert.Equal(["HV1", "HO1", "HA1", "HP1"], others);
        Assert.Equal("HI1", await NextAsync(Ops[5]));
        Assert.True((await Attempts.RecordAttemptAsync(await IdAsync("HI1"), "0240-10-0005", OutboundOutcome.Busy, null, null, Ops[5])).Saved);
        Assert.Equal("HC1", await NextAsync(Ops[5]));
        Assert.Null(await NextAsync(Ops[6]));
    }
}

public sealed class OutboundDistrictsTestsOnSqlite : OutboundDistrictsTests<OnSqlite>;

public sealed class OutboundDistrictsTestsOnSqlServer : OutboundDistrictsTests<OnSqlServer>;
