using CallCenter.Data.Outbound;
using CallCenter.Data.Reports;
using CallCenter.Tests.Data.Calls;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Tests.Data.Outbound;

public abstract class OutboundQueueTests<TDb> : OutboundDatabaseTests<TDb> where TDb : IDatabaseKind
{
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
        var needing = await Escalations.NeedingNumbersAsync(TownScope.All);
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
}

public sealed class OutboundQueueTestsOnSqlite : OutboundQueueTests<OnSqlite>;

public sealed class OutboundQueueTestsOnSqlServer : OutboundQueueTests<OnSqlServer>;
