using CallCenter.Data.Towns;
using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using Dapper;

namespace CallCenter.Tests.Data.Calls;

public abstract class UnregisteredCallsTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private static readonly DateTime Now = new(2026, 3, 14, 1, 30, 0, DateTimeKind.Utc);
    private readonly TestClock clock = new(new DateTimeOffset(Now));
    private OperatorContext aizu = null!;

    private UnregisteredCalls Service => new(Connections, clock);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        aizu = await CallTestData.StaffAsync(Connections, clock, "op-aizu", "会津 一子", UserRole.Operator, "会津若松");
    }

    private async Task<int> CodeAsync(string label) =>
        (await new WrapUpCodes(Connections).ListAsync()).Single(c => c.Label == label).WrapUpCodeId;

    private async Task<int> CountAsync(string sql)
    {
        await using var connection = await Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<int>(sql);
    }

    [SkippableFact]
    public async Task Save_WritesTheCallWithNoPerson_And_AJapaneseAuditRow_InOneGo()
    {
        var code = await CodeAsync("問い合わせ");
        var draft = new UnregisteredCallDraft(CallDirection.Inbound, " 双葉 次郎 ", "０９０－１１１１－２２２２", code,
            "仮設住宅の申し込み方法を聞かれた", Now.AddMinutes(-4));

        var result = await Service.SaveAsync(draft, aizu);

        Assert.True(result.Saved, string.Join(" ", result.Errors.Select(e => e.Message)));
        var call = await new CallLog(Connections).DetailAsync(result.CallId!.Value, TownScope.All);
        Assert.NotNull(call);
        Assert.Equal((CallDirection.Inbound, "双葉 次郎", "090-1111-2222", "問い合わせ", "会津 一子", "会津若松"),
            (call.Direction, call.CallerName, call.CallerPhone, call.WrapUpLabel, call.OperatorName, call.Site));
        Assert.Equal((Now.AddMinutes(-4), Now), (call.StartedAt, call.EndedAt!.Value));
        Assert.Equal(TimeSpan.FromMinutes(4), call.Duration);
        Assert.Empty(call.Persons);
        var audit = (await new AuditRepository(Connections, clock).RecentAsync(10)).Single(a => a.Action == AuditActions.RecordCall);
        Assert.Equal(("call", result.CallId.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "op-aizu"),
            (audit.TargetType, audit.TargetId, audit.UserName));
        Assert.Equal("着信・要件 問い合わせ・登録のない方の通話", audit.Details);
    }

    [SkippableFact]
    public async Task Save_RefusesAnInboundCallWithoutWrapUpCode_And_WritesNothing()
    {
        var result = await Service.SaveAsync(new UnregisteredCallDraft(CallDirection.Inbound, "匿名", null, null, "間違い電話らしい"), aizu);

        Assert.False(result.Saved);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("wrapUpCode", "着信の要件を選んでください。"), (error.Field, error.Message));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM Calls"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM AuditLog"));
    }

    [SkippableFact]
    public async Task Save_TakesAnOutboundCallWithoutWrapUpCode()
    {
        var result = await Service.SaveAsync(new UnregisteredCallDraft(CallDirection.Outbound, null, "0240-22-3333", null, "折り返し: 不在"), aizu);

        Assert.True(result.Saved);
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM Calls WHERE WrapUpCodeId IS NULL AND CallerPhoneKey = '0240223333'"));
    }

    [SkippableFact]
    public async Task Save_NamesEveryBadField_InJapanese()
    {
        var result = await Service.SaveAsync(new UnregisteredCallDraft(CallDirection.Inbound, new string('あ', 101), "電話なし",
            await CodeAsync("苦情"), new string('x', 2001)), aizu);

        Assert.Equal(["callerName", "note", "callerPhone"], result.Errors.Select(e => e.Field));
        Assert.Contains("通話相手の氏名は100文字以内", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("電話番号として読めません（電話なし）", result.Errors[2].Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM Calls"));
    }

    [SkippableFact]
    public async Task Save_RefusesARetiredWrapUpCode_And_WritesNothing()
    {
        var code = await CodeAsync("その他");
        await using (var connection = await Connections.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE WrapUpCodes SET IsActive = 0 WHERE WrapUpCodeId = @code", new { code });
        }

        var result = await Service.SaveAsync(new UnregisteredCallDraft(CallDirection.Inbound, "浪江 花子", null, code, null), aizu);

        Assert.Equal("wrapUpCode", Assert.Single(result.Errors).Field);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM Calls"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM AuditLog"));
    }

    [SkippableFact]
    public async Task Save_TakesTheSaveTime_WhenTheStartIsAfterIt_OrMoreThanTwelveHoursBefore()
    {
        var code = await CodeAsync("照会");
        var late = await Service.SaveAsync(new UnregisteredCallDraft(CallDirection.Inbound, "a", null, code, null, Now.AddMinutes(5)), aizu);
        var early = await Service.SaveAsync(new UnregisteredCallDraft(CallDirection.Inbound, "b", null, code, null, Now.AddDays(-2)), aizu);
        var none = await Service.SaveAsync(new UnregisteredCallDraft(CallDirection.Inbound, "c", null, code, null), aizu);

        var log = new CallLog(Connections);
        Assert.Equal(Now, (await log.DetailAsync(late.CallId!.Value, TownScope.All))!.StartedAt);
        Assert.Equal(Now, (await log.DetailAsync(early.CallId!.Value, TownScope.All))!.StartedAt);
        Assert.Equal(TimeSpan.Zero, (await log.DetailAsync(none.CallId!.Value, TownScope.All))!.Duration);
    }
}

public sealed class UnregisteredCallsTestsOnSqlite : UnregisteredCallsTests<OnSqlite>;

public sealed class UnregisteredCallsTestsOnSqlServer : UnregisteredCallsTests<OnSqlServer>;
