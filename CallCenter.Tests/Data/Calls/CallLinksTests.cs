using CallCenter.Data.Towns;
using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Provisional;
using CallCenter.Data.Common;
using CallCenter.Data.Residents;
using Dapper;

namespace CallCenter.Tests.Data.Calls;

public abstract class CallLinksTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private readonly TestClock clock = new(new DateTimeOffset(2026, 3, 14, 1, 30, 0, TimeSpan.Zero));
    private OperatorContext aizu = null!;
    private OperatorContext iwaki = null!;
    private OperatorContext supervisor = null!;
    private long callId;

    private CallLinks Links => new(Connections, clock);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CallTestData.ImportAsync(Connections, CallTestData.FiveMemberRegister);
        aizu = await CallTestData.StaffAsync(Connections, clock, "op-aizu", "会津 一子", UserRole.Operator, "会津若松");
        iwaki = await CallTestData.StaffAsync(Connections, clock, "op-iwaki", "いわき 二郎", UserRole.Operator, "いわき");
        supervisor = await CallTestData.StaffAsync(Connections, clock, "sv", "監督 三郎", UserRole.Supervisor, "会津若松");
        var code = (await new WrapUpCodes(Connections).ListAsync()).First().WrapUpCodeId;
        callId = (await new UnregisteredCalls(Connections, clock).SaveAsync(
            new UnregisteredCallDraft(CallDirection.Inbound, "佐藤 浩二", "090-2222-3333", code, "父の安否を聞かれた"), aizu)).CallId!.Value;
    }

    private async Task<int> CountAsync(string sql)
    {
        await using var connection = await Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<int>(sql, new { callId });
    }

    [SkippableFact]
    public async Task Link_AddsThePerson_With_AJapaneseAuditRow_And_TwiceIsHarmless()
    {
        var first = await Links.LinkAsync(callId, " K0001 ", aizu, ownCallOnly: true);
        var second = await Links.LinkAsync(callId, "K0001", supervisor, ownCallOnly: false);

        Assert.Equal((null, true, "佐藤　正男"), (first.Error, first.Added, first.Person?.Name));
        Assert.Equal((null, false, "K0001"), (second.Error, second.Added, second.Person?.ResidentNo));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM CallResidents WHERE CallId = @callId"));
        var audit = Assert.Single(await new AuditRepository(Connections, clock).RecentAsync(20), a => a.Action == AuditActions.LinkCall);
        var head = await CallTestData.ResidentAsync(Connections, "K0001");
        Assert.Equal(("op-aizu", head.ResidentId, $"通話 {callId} の対象者に 佐藤　正男（住民番号 K0001）を追加"), (audit.UserName, audit.ResidentId, audit.Details));
        Assert.Equal(["K0001"], (await new CallLog(Connections).DetailAsync(callId, TownScope.All))!.Persons.Select(p => p.ResidentNo));
    }

    [SkippableFact]
    public async Task Link_RefusesAnotherOperatorsCall_But_NotASupervisor()
    {
        var refused = await Links.LinkAsync(callId, "K0002", iwaki, ownCallOnly: true);
        var allowed = await Links.LinkAsync(callId, "K0002", supervisor, ownCallOnly: false);

        Assert.Contains("通話を受けたオペレーターとスーパーバイザー", refused.Error, StringComparison.Ordinal);
        Assert.False(refused.Added);
        Assert.True(allowed.Added);
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM CallResidents WHERE CallId = @callId"));
    }

    [SkippableFact]
    public async Task Link_SaysWhatIsWrong_And_WritesNothing_When_TheCallOrPersonIsUnknownOrMerged()
    {
        var (provisionalNo, _) = await new ProvisionalPersonService(Connections, clock).CreateAsync(
            new ProvisionalPersonDraft("佐藤", "仮子", "サトウ", "カリコ", null, Sex.Female, null, null), aizu);
        var merged = await new ProvisionalPersonService(Connections, clock).MergeAsync(
            (await CallTestData.ResidentAsync(Connections, provisionalNo!)).ResidentId, (await CallTestData.ResidentAsync(Connections, "K0003")).ResidentId, supervisor);
        Assert.Null(merged);
        var auditBefore = await CountAsync("SELECT COUNT(*) FROM AuditLog");

        Assert.Equal("通話（番号 999999）は見つかりません。", (await Links.LinkAsync(999_999, "K0001", supervisor, false)).Error);
        Assert.Equal("住民番号「Z9999」の人は見つかりません。", (await Links.LinkAsync(callId, "Z9999", supervisor, false)).Error);
        Assert.Equal("住民番号を入力してください。", (await Links.LinkAsync(callId, " ", supervisor, false)).Error);
        Assert.Contains("統合された仮登録者", (await Links.LinkAsync(callId, provisionalNo!, supervisor, false)).Error, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM CallResidents WHERE CallId = @callId"));
        Assert.Equal(auditBefore, await CountAsync("SELECT COUNT(*) FROM AuditLog"));
    }
}

public sealed class CallLinksTestsOnSqlite : CallLinksTests<OnSqlite>;

public sealed class CallLinksTestsOnSqlServer : CallLinksTests<OnSqlServer>;
