using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Outbound;
using CallCenter.Data.Settings;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Tests.Data.Outbound;

public abstract class OutboundWorklistTests<TDb> : OutboundDatabaseTests<TDb> where TDb : IDatabaseKind
{
    [SkippableFact]
    public async Task ClaimNext_NeverGivesTwoOperatorsTheSameHousehold_When_TheyPressAtTheSameMoment()
    {
        // Twelve operators, six households to hand out: each presses 「次へ」 on its own connection at once.
        using var start = new Barrier(Ops.Count);
        var results = await Task.WhenAll(Ops.Select(op => Task.Run(async () =>
        {
            var worklist = new OutboundWorklist(Connections, new SettingsRepository(Connections), Clock);
            start.SignalAndWait();
            return (await worklist.ClaimNextAsync(op, TownScope.All)).Household?.HouseholdNo;
        })));

        var claimed = results.OfType<string>().ToList();
        Assert.Equal(6, claimed.Count);
        Assert.Equal(claimed.Count, claimed.Distinct().Count());
        Assert.Equal(6, results.Count(r => r is null));
        await using var connection = await Connections.OpenAsync();
        Assert.Equal(6, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM OutboundClaims"));
        Assert.Equal(6, await connection.ExecuteScalarAsync<int>("SELECT COUNT(DISTINCT UserId) FROM OutboundClaims"));
        Assert.Equal(6, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM AuditLog WHERE Action = @A", new { A = AuditActions.ClaimHousehold }));
    }

    [SkippableFact]
    public async Task ClaimNext_RepeatedRoundsUnderContention_HandOutEachHouseholdOnce()
    {
        // Operators keep pressing: each press gives up the previous household, which returns to the queue; at no
        // moment may two claims name the same household.
        var rounds = 5;
        var worklists = Ops.Take(6).Select(_ => new OutboundWorklist(Connections, new SettingsRepository(Connections), Clock)).ToList();
        for (var round = 0; round < rounds; round++)
        {
            using var start = new Barrier(worklists.Count);
            var results = await Task.WhenAll(worklists.Select((w, i) => Task.Run(async () =>
            {
                start.SignalAndWait();
                return (await w.ClaimNextAsync(Ops[i], TownScope.All)).Household?.HouseholdId;
            })));
            var claimed = results.OfType<int>().ToList();
            Assert.Equal(claimed.Count, claimed.Distinct().Count());
        }
    }

    [SkippableFact]
    public async Task Claim_ReturnsToTheQueue_When_ItExpiresOrIsReleased()
    {
        Assert.Equal("HV1", await NextAsync(Ops[0]));
        Assert.Equal("HO1", await NextAsync(Ops[1]));

        Clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal("HA1", await NextAsync(Ops[2]));
        Clock.Advance(TimeSpan.FromMinutes(2));
        // Ops[0]'s claim on HV1 (15 minutes) has expired: the next operator gets it.
        Assert.Equal("HV1", await NextAsync(Ops[3]));
        var late = await Attempts.RecordAttemptAsync(await IdAsync("HV1"), "0240-10-0002", OutboundOutcome.NoAnswer, null, null, Ops[0]);
        Assert.False(late.Saved);
        Assert.Contains("他のオペレーター", late.Error);

        Assert.True(await Worklist.ReleaseAsync(await IdAsync("HV1"), Ops[3]));
        Assert.Equal("HV1", await NextAsync(Ops[4]));
    }

    [SkippableFact]
    public async Task Callback_ComesBackAtItsTime_ToTheSameOperator_When_TheyAreSignedIn()
    {
        var sessions = new SessionRepository(Connections, Clock);
        var session = await sessions.StartAsync(Ops[0].UserId!.Value, Ops[0].Site);
        Assert.Equal("HV1", await NextAsync(Ops[0]));
        var hv1 = await IdAsync("HV1");
        var at = Clock.GetUtcNow().UtcDateTime.AddHours(2);

        var saved = await Attempts.RecordAttemptAsync(hv1, "0240-10-0002", OutboundOutcome.CallbackRequested, at, "夕方なら在宅", Ops[0]);

        Assert.True(saved.Saved);
        Assert.True(saved.Released);
        Assert.Equal("HO1", await NextAsync(Ops[1]));
        Clock.Advance(TimeSpan.FromHours(2));
        await sessions.TouchAsync(session);
        // Due, but held for Ops[0], who is signed in: others do not get it.
        Assert.NotEqual("HV1", await NextAsync(Ops[2]));
        var back = await Worklist.ClaimNextAsync(Ops[0], TownScope.All);
        Assert.Equal("HV1", back.Household?.HouseholdNo);
        Assert.True(back.IsCallback);
        Assert.Equal(at, back.Household!.CallbackAt);
    }

    [SkippableFact]
    public async Task Callback_GoesToAnyone_When_ItsOperatorIsAway()
    {
        Assert.Equal("HV1", await NextAsync(Ops[0]));
        var at = Clock.GetUtcNow().UtcDateTime.AddMinutes(30);
        Assert.True((await Attempts.RecordAttemptAsync(await IdAsync("HV1"), "0240-10-0002", OutboundOutcome.CallbackRequested, at, null, Ops[0])).Saved);

        Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.NotEqual("HV1", await NextAsync(Ops[1]));
        Clock.Advance(TimeSpan.FromMinutes(1));
        var result = await Worklist.ClaimNextAsync(Ops[2], TownScope.All);
        Assert.Equal("HV1", result.Household?.HouseholdNo);
        Assert.True(result.IsCallback);
    }

    [SkippableFact]
    public async Task NoAnswer_BringsTheHouseholdBackAfterTheRetryInterval()
    {
        await OutboundTestData.SaveRulesAsync(Connections, new OutboundRules { ClaimMinutes = 240 });
        Assert.Equal("HV1", await NextAsync(Ops[0]));
        Assert.True((await Attempts.RecordAttemptAsync(await IdAsync("HV1"), "0240-10-0002", OutboundOutcome.NoAnswer, null, null, Ops[0])).Saved);
        Assert.True(await Worklist.ReleaseAsync(await IdAsync("HV1"), Ops[0]));

        Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(["HO1", "HA1", "HI1", "HP1", "HC1"], await DrainAsync());
        Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("HV1", await NextAsync(Ops[6]));
    }
}

public sealed class OutboundWorklistTestsOnSqlite : OutboundWorklistTests<OnSqlite>;

public sealed class OutboundWorklistTestsOnSqlServer : OutboundWorklistTests<OnSqlServer>;
