using CallCenter.Data.Audit;
using CallCenter.Data.Outbound;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Tests.Data.Outbound;

public abstract class OutboundAttemptsTests<TDb> : OutboundDatabaseTests<TDb> where TDb : IDatabaseKind
{
    [SkippableFact]
    public async Task Callback_NeedsATimeInTheFuture()
    {
        var result = await Attempts.RecordAttemptAsync(await IdAsync("HV1"), "0240-10-0002", OutboundOutcome.CallbackRequested,
            Clock.GetUtcNow().UtcDateTime.AddMinutes(-1), null, Ops[0]);

        Assert.False(result.Saved);
        await using var connection = await Connections.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM OutboundAttempts"));
    }

    [SkippableFact]
    public async Task Escalates_AfterKNoAnswersOnEveryNumber()
    {
        var ho1 = await IdAsync("HO1");
        // K = 3; HO1 has two numbers: three on the first are not enough.
        for (var i = 0; i < 3; i++)
        {
            var r = await Attempts.RecordAttemptAsync(ho1, "0240-10-0003", i == 1 ? OutboundOutcome.Voicemail : OutboundOutcome.NoAnswer, null, null, Ops[0]);
            Assert.Equal(OutboundEscalation.None, r.Escalation);
        }
        Assert.Equal(OutboundEscalation.None, (await Attempts.RecordAttemptAsync(ho1, "090-1000-0003", OutboundOutcome.Busy, null, null, Ops[0])).Escalation);
        Assert.Equal(OutboundEscalation.None, (await Attempts.RecordAttemptAsync(ho1, "090-1000-0003", OutboundOutcome.NoAnswer, null, null, Ops[0])).Escalation);

        var third = await Attempts.RecordAttemptAsync(ho1, "090-1000-0003", OutboundOutcome.NoAnswer, null, null, Ops[0]);

        Assert.Equal(OutboundEscalation.AttemptsExhausted, third.Escalation);
        var listed = Assert.Single(await Escalations.NeedingNumbersAsync(TownScope.All), h => h.HouseholdNo == "HO1");
        Assert.Equal(OutboundEscalation.AttemptsExhausted, listed.Escalation);
        Assert.Equal("上田　トメ", listed.HeadName);
        Clock.Advance(TimeSpan.FromDays(1));
        Assert.DoesNotContain("HO1", await DrainAsync());

        // A supervisor found a new number and puts it back: the count starts again.
        await using (var connection = await Connections.OpenAsync())
        {
            await connection.ExecuteAsync("DELETE FROM OutboundClaims");
        }
        Assert.True(await Escalations.RequeueAsync(ho1, TownScope.All, forgetBadNumbers: false, Ops[11]));
        Assert.Contains("HO1", await DrainAsync());
    }

    [SkippableFact]
    public async Task WrongNumber_MarksTheNumber_And_AllNumbersBad_Escalates()
    {
        var ho1 = await IdAsync("HO1");
        Assert.Equal("HV1", await NextAsync(Ops[0]));
        Assert.Equal("HO1", await NextAsync(Ops[1]));

        var wrong = await Attempts.RecordAttemptAsync(ho1, "0240-10-0003", OutboundOutcome.WrongNumber, null, "別の家の番号", Ops[1]);

        Assert.True(wrong.Saved);
        Assert.False(wrong.Released);
        var household = (await Households.GetHouseholdAsync(ho1, TownScope.All))!;
        Assert.Equal([("0240-10-0003", true), ("090-1000-0003", false)], household.Numbers.Select(n => (n.Phone, n.IsBad)));
        Assert.Equal(OutboundOutcome.WrongNumber, household.Numbers[0].BadOutcome);
        Assert.Equal("090-1000-0003", Assert.Single(household.UsableNumbers).Phone);

        var dead = await Attempts.RecordAttemptAsync(ho1, "090-1000-0003", OutboundOutcome.Unreachable, null, null, Ops[1]);

        Assert.Equal(OutboundEscalation.NoUsableNumber, dead.Escalation);
        Assert.True(dead.Released);
        Assert.Contains(await Escalations.NeedingNumbersAsync(TownScope.All), h => h.HouseholdNo == "HO1" && h.Escalation == OutboundEscalation.NoUsableNumber);
    }

    [SkippableFact]
    public async Task Connected_KeepsTheClaim_And_RecordsTheAttemptWithAudit()
    {
        Assert.Equal("HV1", await NextAsync(Ops[0]));
        var hv1 = await IdAsync("HV1");

        var result = await Attempts.RecordAttemptAsync(hv1, "0240-10-0002", OutboundOutcome.Connected, null, null, Ops[0]);

        Assert.True(result.Saved);
        Assert.False(result.Released);
        var household = (await Households.GetHouseholdAsync(hv1, TownScope.All))!;
        Assert.NotNull(household.ClaimExpiresAt);
        var attempt = Assert.Single(household.Attempts);
        Assert.Equal((OutboundOutcome.Connected, "0240-10-0002", "オペレーター1"), (attempt.Outcome, attempt.Phone, attempt.UserDisplayName));
        await using var connection = await Connections.OpenAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM AuditLog WHERE Action = @A AND TargetId = @Id",
            new { A = AuditActions.OutboundAttempt, Id = hv1.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        var figures = await Figures.FiguresAsync(TownScope.All);
        Assert.Equal((1, 1, 1.0), (figures.AttemptsToday, figures.ConnectedToday, figures.ContactRate));
        Assert.Equal(1, figures.ClaimedNow);
    }
}

public sealed class OutboundAttemptsTestsOnSqlite : OutboundAttemptsTests<OnSqlite>;

public sealed class OutboundAttemptsTestsOnSqlServer : OutboundAttemptsTests<OnSqlServer>;
