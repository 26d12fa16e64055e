using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Outbound;
using CallCenter.Data.Reports;
using CallCenter.Data.Settings;
using CallCenter.Tests.Data.Calls;
using Dapper;

namespace CallCenter.Tests.Data.Outbound;

public abstract class OutboundWorklistTests<TDb> : OutboundDatabaseTests<TDb> where TDb : IDatabaseKind
{
    /// <summary>Every household the queue hands out, in order, one operator each (a claim holds its household).</summary>
    private async Task<List<string>> DrainAsync()
    {
        var order = new List<string>();
        foreach (var op in Ops)
        {
            if (await NextAsync(op) is not { } no)
            {
                break;
            }
            order.Add(no);
        }
        return order;
    }

    private async Task ConfirmAsync(string residentNo, SafetyStatus status = SafetyStatus.Safe, TimeProvider? at = null)
    {
        var resident = await CallTestData.ResidentAsync(Connections, residentNo);
        var report = status == SafetyStatus.Deceased
            ? CallTestData.Report(resident, status, null, null, null)
            : CallTestData.Report(resident, status);
        var result = await new CallRecordingService(Connections, at ?? Clock).SaveAsync(CallTestData.Draft(report), new OperatorContext(null, "inbound", "いわき"));
        Assert.True(result.Saved, string.Join(" ", result.Errors.Select(e => e.Message)));
    }

    [SkippableFact]
    public async Task Queue_PutsEveryPriorityRuleBeforePlainHouseholds_And_ReconfirmationLast()
    {
        var twentyDaysAgo = new TestClock(OutboundTestData.Start.AddDays(-20));
        await ConfirmAsync("C001", at: twentyDaysAgo);
        await ConfirmAsync("C002", at: twentyDaysAgo);
        await OutboundTestData.SaveRulesAsync(Connections, new OutboundRules { ReconfirmDays = 14 });

        var order = await DrainAsync();

        // Tier 1 (unconfirmed with a reason) in household order, then HP1 (unconfirmed), then HC1 (stale confirmation);
        // HN1 has no number and is never handed out.
        Assert.Equal(["HV1", "HO1", "HA1", "HI1", "HP1", "HC1"], order);
        var needing = await Escalations.NeedingNumbersAsync();
        Assert.Equal("HN1", Assert.Single(needing).HouseholdNo);
    }

    [SkippableTheory]
    [InlineData("vulnerable", "HV1")]
    [InlineData("old", "HO1")]
    [InlineData("alone", "HA1")]
    [InlineData("infant", "HI1")]
    public async Task Queue_PutsTheRulesHouseholdFirst_When_OnlyThatRuleIsOn(string rule, string expectedFirst)
    {
        await OutboundTestData.SaveRulesAsync(Connections, OutboundTestData.AllOff);
        Assert.Equal("HP1", await NextAsync(Ops[0]));

        var rules = rule switch
        {
            "vulnerable" => OutboundTestData.AllOff with { VulnerableFirst = true },
            "old" => OutboundTestData.AllOff with { OldAge = 75 },
            "alone" => OutboundTestData.AllOff with { LivingAloneFirst = true },
            _ => OutboundTestData.AllOff with { InfantAge = 3 },
        };
        await OutboundTestData.SaveRulesAsync(Connections, rules);
        await Queue.RebuildAsync();

        Assert.Equal(expectedFirst, await NextAsync(Ops[1]));
    }

    [SkippableFact]
    public async Task Queue_CallsConfirmedHouseholdsAgain_OnlyWhenAMembersLastReportIsOlderThanTheRule()
    {
        await ConfirmAsync("C001", at: new TestClock(OutboundTestData.Start.AddDays(-5)));
        await ConfirmAsync("C002", at: new TestClock(OutboundTestData.Start.AddDays(-10)));

        await OutboundTestData.SaveRulesAsync(Connections, new OutboundRules { ReconfirmDays = 14 });
        await Queue.RebuildAsync();
        Assert.False(await QueuedAsync("HC1"));

        await OutboundTestData.SaveRulesAsync(Connections, new OutboundRules { ReconfirmDays = 7 });
        await Queue.RebuildAsync();
        Assert.True(await QueuedAsync("HC1"));

        await OutboundTestData.SaveRulesAsync(Connections, new OutboundRules { ReconfirmDays = 0 });
        await Queue.RebuildAsync();
        Assert.False(await QueuedAsync("HC1"));
    }

    private async Task<bool> QueuedAsync(string householdNo)
    {
        await using var connection = await Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM OutboundQueue q JOIN Households h ON h.HouseholdId = q.HouseholdId WHERE h.HouseholdNo = @No", new { No = householdNo }) == 1;
    }

    [SkippableFact]
    public async Task ClaimNext_NeverGivesTwoOperatorsTheSameHousehold_When_TheyPressAtTheSameMoment()
    {
        // Twelve operators, six households to hand out: each presses 「次へ」 on its own connection at once.
        using var start = new Barrier(Ops.Count);
        var results = await Task.WhenAll(Ops.Select(op => Task.Run(async () =>
        {
            var worklist = new OutboundWorklist(Connections, new SettingsRepository(Connections), Clock);
            start.SignalAndWait();
            return (await worklist.ClaimNextAsync(op)).Household?.HouseholdNo;
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
                return (await w.ClaimNextAsync(Ops[i])).Household?.HouseholdId;
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
        var back = await Worklist.ClaimNextAsync(Ops[0]);
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
        var result = await Worklist.ClaimNextAsync(Ops[2]);
        Assert.Equal("HV1", result.Household?.HouseholdNo);
        Assert.True(result.IsCallback);
    }

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
        var listed = Assert.Single(await Escalations.NeedingNumbersAsync(), h => h.HouseholdNo == "HO1");
        Assert.Equal(OutboundEscalation.AttemptsExhausted, listed.Escalation);
        Assert.Equal("上田　トメ", listed.HeadName);
        Clock.Advance(TimeSpan.FromDays(1));
        Assert.DoesNotContain("HO1", await DrainAsync());

        // A supervisor found a new number and puts it back: the count starts again.
        await using (var connection = await Connections.OpenAsync())
        {
            await connection.ExecuteAsync("DELETE FROM OutboundClaims");
        }
        Assert.True(await Escalations.RequeueAsync(ho1, forgetBadNumbers: false, Ops[11]));
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
        var household = (await Households.GetHouseholdAsync(ho1))!;
        Assert.Equal([("0240-10-0003", true), ("090-1000-0003", false)], household.Numbers.Select(n => (n.Phone, n.IsBad)));
        Assert.Equal(OutboundOutcome.WrongNumber, household.Numbers[0].BadOutcome);
        Assert.Equal("090-1000-0003", Assert.Single(household.UsableNumbers).Phone);

        var dead = await Attempts.RecordAttemptAsync(ho1, "090-1000-0003", OutboundOutcome.Unreachable, null, null, Ops[1]);

        Assert.Equal(OutboundEscalation.NoUsableNumber, dead.Escalation);
        Assert.True(dead.Released);
        Assert.Contains(await Escalations.NeedingNumbersAsync(), h => h.HouseholdNo == "HO1" && h.Escalation == OutboundEscalation.NoUsableNumber);
    }

    [SkippableFact]
    public async Task Households_LeaveTheQueue_When_ConfirmedDeceasedOrRefused()
    {
        await Queue.RebuildAsync();
        // After the queue was built: HP1 confirmed by an inbound call, HA1's only member deceased, HV1 refuses, and
        // only one of HI1's two members confirmed (HI1 stays).
        await ConfirmAsync("P001");
        await ConfirmAsync("P002");
        await ConfirmAsync("A001", SafetyStatus.Deceased);
        await ConfirmAsync("I001");
        Assert.True((await Attempts.RecordAttemptAsync(await IdAsync("HV1"), "0240-10-0002", OutboundOutcome.Refused, null, "電話しないでほしい", Ops[0])).LeftQueue);

        var order = await DrainAsync();

        Assert.Equal(["HO1", "HI1", "HC1"], order);
        await Queue.RebuildAsync();
        await using var connection = await Connections.OpenAsync();
        Assert.Equal(["HC1", "HI1", "HN1", "HO1"], (await connection.QueryAsync<string>(
            "SELECT h.HouseholdNo FROM OutboundQueue q JOIN Households h ON h.HouseholdId = q.HouseholdId ORDER BY h.HouseholdNo")).ToList());
    }

    [SkippableFact]
    public async Task Queue_SkipsAResident_WithADeathReportAwaitingApproval_And_TakesThemBack_When_ItIsRejected()
    {
        // A 死亡 report waits for a supervisor's approval while the current status stays 未確認: nobody should ring
        // the family meanwhile. Rejected, the resident is unconfirmed again and back in the queue.
        await ConfirmAsync("A001", SafetyStatus.Deceased);
        await Queue.RebuildAsync();

        Assert.Equal(SafetyStatus.Unconfirmed, (await CallTestData.ResidentAsync(Connections, "A001")).Status);
        Assert.False(await QueuedAsync("HA1"));
        Assert.DoesNotContain("HA1", await DrainAsync());

        long reportId;
        await using (var connection = await Connections.OpenAsync())
        {
            reportId = await connection.ExecuteScalarAsync<long>("SELECT PendingReportId FROM Residents WHERE ResidentNo = 'A001'");
        }
        var rejected = await new CallCenter.Data.Approvals.ApprovalService(Connections, Clock)
            .RejectAsync(reportId, "遺体の身元確認が取れていない", Ops[1]);
        Assert.True(rejected.Done, rejected.Problem);
        await Queue.RebuildAsync();

        Assert.True(await QueuedAsync("HA1"));
    }

    [SkippableFact]
    public async Task Connected_KeepsTheClaim_And_RecordsTheAttemptWithAudit()
    {
        Assert.Equal("HV1", await NextAsync(Ops[0]));
        var hv1 = await IdAsync("HV1");

        var result = await Attempts.RecordAttemptAsync(hv1, "0240-10-0002", OutboundOutcome.Connected, null, null, Ops[0]);

        Assert.True(result.Saved);
        Assert.False(result.Released);
        var household = (await Households.GetHouseholdAsync(hv1))!;
        Assert.NotNull(household.ClaimExpiresAt);
        var attempt = Assert.Single(household.Attempts);
        Assert.Equal((OutboundOutcome.Connected, "0240-10-0002", "オペレーター1"), (attempt.Outcome, attempt.Phone, attempt.UserDisplayName));
        await using var connection = await Connections.OpenAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM AuditLog WHERE Action = @A AND TargetId = @Id",
            new { A = AuditActions.OutboundAttempt, Id = hv1.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        var figures = await Figures.FiguresAsync();
        Assert.Equal((1, 1, 1.0), (figures.AttemptsToday, figures.ConnectedToday, figures.ContactRate));
        Assert.Equal(1, figures.ClaimedNow);
    }

    [SkippableFact]
    public async Task Assignment_GivesADistrictOnlyToItsOperator_AndToThemFirst()
    {
        // 川区 (HI1, HC1... HN1) to Ops[5] alone: others never get 川区 households; Ops[5] gets them before 浜区's.
        Assert.Null(await Districts.AssignAsync("川区", Ops[5].UserId, null, Ops[11]));

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

    [SkippableFact]
    public async Task Rules_AreSavedAsSettings_And_OutOfRangeValuesSaveNothing()
    {
        Assert.Equal(new OutboundRules(), await Queue.RulesAsync());

        var bad = await Campaign.SaveRulesAsync(new OutboundRules { OldAge = 70, ClaimMinutes = 0 }, Ops[11]);
        Assert.Equal(["担当時間は1～240の範囲で入力してください。"], bad);
        Assert.Equal(75, (await Queue.RulesAsync()).OldAge);

        Assert.Empty(await Campaign.SaveRulesAsync(new OutboundRules { OldAge = 70, MaxAttempts = 5, ReconfirmDays = 10 }, Ops[11]));
        Assert.Equal(new OutboundRules { OldAge = 70, MaxAttempts = 5, ReconfirmDays = 10 }, await Queue.RulesAsync());
        Assert.Equal("70", await new SettingsRepository(Connections).GetAsync("Outbound.OldAge"));
    }

    [SkippableFact]
    public async Task Figures_CountTheQueueByPriority()
    {
        await Queue.RebuildAsync();

        var figures = await Figures.FiguresAsync();

        Assert.Equal([(1, 4), (2, 2), (9, 1)], figures.QueueByPriority.Select(p => (p.Priority, p.Households)));
        Assert.Equal(6, figures.QueueLength);
        Assert.Equal(1, figures.NeedNewNumber);
        Assert.Null(figures.ContactRate);
    }
}

public sealed class OutboundWorklistTestsOnSqlite : OutboundWorklistTests<OnSqlite>;

public sealed class OutboundWorklistTestsOnSqlServer : OutboundWorklistTests<OnSqlServer>;
