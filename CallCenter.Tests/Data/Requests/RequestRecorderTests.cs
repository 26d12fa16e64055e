using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Requests;
using CallCenter.Data.Residents;
using CallCenter.Tests.Data.Calls;
using Dapper;

namespace CallCenter.Tests.Data.Requests;

/// <summary>
/// Recording requests: on their own (request + 受付 step + audit row in one transaction) and inside a call's transaction
/// (all or nothing with the call and its reports); refusals in Japanese write nothing.
/// </summary>
public abstract class RequestRecorderTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private const int Housing = 1;      // 住まい・住宅
    private const int Other = 12;       // その他
    private const int Residents = 2;    // 住民課
    private const int Recovery = 6;     // 復興推進課

    private readonly TestClock clock = new(new DateTimeOffset(2026, 3, 14, 1, 30, 0, TimeSpan.Zero));
    private OperatorContext aizu = null!;
    private ResidentSummary head = null!;
    private ResidentSummary neighbour = null!;

    private RequestRecorder Recorder => new(Connections, clock);

    private CallRecordingService Calls => new(Connections, clock);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CallTestData.ImportAsync(Connections, CallTestData.FiveMemberRegister);
        aizu = await CallTestData.StaffAsync(Connections, clock, "op-aizu", "会津 一子", UserRole.Operator, "会津若松");
        head = await CallTestData.ResidentAsync(Connections, "K0001");
        neighbour = await CallTestData.ResidentAsync(Connections, "K0101");
    }

    private int Household => head.HouseholdId!.Value;

    private RequestDraft Draft(int? residentId = null, int category = Housing, int department = Recovery, bool urgent = false,
        string body = "仮設住宅の入居期限の延長について相談したい") => new(Household, residentId, category, department, urgent, body);

    private async Task<int> CountAsync(string sql)
    {
        await using var connection = await Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<int>(sql);
    }

    private async Task AssertNoRequestAsync()
    {
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM Requests"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM RequestSteps"));
        Assert.Equal(0, await CountAsync($"SELECT COUNT(*) FROM AuditLog WHERE Action = '{AuditActions.RecordRequest}'"));
    }

    [SkippableFact]
    public async Task Save_WritesTheRequest_ItsReceivedStep_AndAnAuditRow()
    {
        var (id, errors) = await Recorder.SaveAsync(Draft(head.ResidentId, urgent: true), aizu);

        Assert.Empty(errors);
        await using var connection = await Connections.OpenAsync();
        var row = await connection.QuerySingleAsync<(long HouseholdId, long ResidentId, long Status, long Version, bool IsUrgent, string Body, long CreatedBy)>(
            "SELECT HouseholdId, ResidentId, Status, Version, IsUrgent, Body, CreatedBy FROM Requests WHERE RequestId = @id", new { id });
        Assert.Equal((Household, head.ResidentId, 0L, 0L, true, "仮設住宅の入居期限の延長について相談したい", (long)aizu.UserId!),
            ((int)row.HouseholdId, (int)row.ResidentId, row.Status, row.Version, row.IsUrgent, row.Body, row.CreatedBy));
        var step = await connection.QuerySingleAsync<(long Status, long DepartmentId, long UserId)>(
            "SELECT Status, DepartmentId, UserId FROM RequestSteps WHERE RequestId = @id", new { id });
        Assert.Equal((0L, (long)Recovery, (long)aizu.UserId!), step);
        var audit = await connection.QuerySingleAsync<(string TargetId, long ResidentId, string Details)>(
            "SELECT TargetId, ResidentId, Details FROM AuditLog WHERE Action = @Action", new { Action = AuditActions.RecordRequest });
        Assert.Equal((id.ToString(), (long)head.ResidentId, "要望 住まい・住宅・担当課 復興推進課・至急"), audit);
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { "   ", "要望の内容を入力してください。" },
        { new string('あ', 1001), "要望の内容は1000文字以内にしてください。" },
        { "延長\u202E", "要望の内容に使用できない制御文字 U+202E が含まれています。削除してから保存してください。" },
    };

    [SkippableTheory]
    [MemberData(nameof(BadBodies))]
    public async Task Save_RefusesABadBody_InJapanese(string body, string message)
    {
        var (id, errors) = await Recorder.SaveAsync(Draft(body: body), aizu);

        Assert.Null(id);
        Assert.Equal([new DraftError(null, "requests[0].body", message)], errors);
        await AssertNoRequestAsync();
    }

    [SkippableFact]
    public async Task Save_RefusesARetiredCategory_AnUnknownDepartment_AndAMemberOfAnotherHousehold()
    {
        Assert.Null(await new RequestCategories(Connections, clock).SetActiveAsync(Other, false, aizu));

        var (id, errors) = await Recorder.SaveAsync(Draft(neighbour.ResidentId, category: Other, department: 99), aizu);

        Assert.Null(id);
        Assert.Equal([
            new DraftError(null, "requests[0].category", "分類「その他」は使われなくなりました。分類を選び直してください。"),
            new DraftError(null, "requests[0].department", "担当課を選んでください。"),
            new DraftError(null, "requests[0].resident", "対象の人はこの世帯の人ではありません。対象を選び直してください。"),
        ], errors);
        await AssertNoRequestAsync();
    }

    [SkippableFact]
    public async Task CallSave_WritesItsRequests_LinkedToTheCall_InTheSameTransaction()
    {
        var draft = CallTestData.Draft(CallTestData.Report(head)) with
        {
            Requests = [Draft(), Draft(head.ResidentId, category: Other, department: Residents, body: "罹災証明書の再発行")],
        };

        var result = await Calls.SaveAsync(draft, aizu);

        Assert.True(result.Saved, string.Join(" ", result.Errors.Select(e => e.Message)));
        await using var connection = await Connections.OpenAsync();
        Assert.Equal([result.CallId!.Value, result.CallId.Value],
            (await connection.QueryAsync<long>("SELECT CallId FROM Requests ORDER BY RequestId")).ToList());
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM RequestSteps"));
        Assert.Equal([$"要望 住まい・住宅・担当課 復興推進課・通常・世帯全体・通話 #{result.CallId}", $"要望 その他・担当課 住民課・通常・通話 #{result.CallId}"],
            (await connection.QueryAsync<string>("SELECT Details FROM AuditLog WHERE Action = @Action ORDER BY AuditId",
                new { Action = AuditActions.RecordRequest })).ToList());
    }

    [SkippableFact]
    public async Task CallSave_WithAHalfFilledRequest_IsRefused_AndWritesNothing()
    {
        var draft = CallTestData.Draft(CallTestData.Report(head)) with { Requests = [Draft(), Draft(body: "")] };

        var result = await Calls.SaveAsync(draft, aizu);

        Assert.False(result.Saved);
        Assert.Equal([new DraftError(null, "requests[1].body", "2件目の要望の内容を入力してください。")], result.Errors);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM Calls"));
        await AssertNoRequestAsync();
    }

    [SkippableFact]
    public async Task CallSave_WhenARequestIsRefusedInTheTransaction_RollsBackTheCallAndItsReports()
    {
        await new Departments(Connections, clock).SetActiveAsync(Residents, false, aizu);
        var draft = CallTestData.Draft(CallTestData.Report(head)) with { Requests = [Draft(department: Residents)] };

        var result = await Calls.SaveAsync(draft, aizu);

        Assert.False(result.Saved);
        Assert.Equal("担当課「住民課」は使われなくなりました。担当課を選び直してください。", Assert.Single(result.Errors).Message);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM Calls"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM SafetyReports"));
        Assert.Equal(0, await CountAsync($"SELECT COUNT(*) FROM AuditLog WHERE Action = '{AuditActions.RecordCall}'"));
        await AssertNoRequestAsync();
    }

    [SkippableFact]
    public async Task CallSave_WhenWritingARequestFails_RollsBackTheCallAndItsReports()
    {
        Skip.If(Db.Provider != CallCenter.Data.Database.DatabaseProvider.Sqlite, "the failure is made by a SQLite trigger");
        await ExecuteAsync("CREATE TRIGGER TR_Test_FailStep BEFORE INSERT ON RequestSteps BEGIN SELECT RAISE(ABORT, 'disk says no'); END");
        var draft = CallTestData.Draft(CallTestData.Report(head)) with { Requests = [Draft()] };

        await Assert.ThrowsAnyAsync<Exception>(() => Calls.SaveAsync(draft, aizu));

        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM Calls"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM SafetyReports"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM Requests"));
    }

    [SkippableFact]
    public async Task CallSave_WhenWritingAReportFails_WritesNoRequest()
    {
        Skip.If(Db.Provider != CallCenter.Data.Database.DatabaseProvider.Sqlite, "the failure is made by a SQLite trigger");
        await ExecuteAsync("CREATE TRIGGER TR_Test_FailReport BEFORE INSERT ON SafetyReports BEGIN SELECT RAISE(ABORT, 'disk says no'); END");
        var draft = CallTestData.Draft(CallTestData.Report(head)) with { Requests = [Draft()] };

        await Assert.ThrowsAnyAsync<Exception>(() => Calls.SaveAsync(draft, aizu));

        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM Calls"));
        await AssertNoRequestAsync();
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await Connections.OpenAsync();
        await connection.ExecuteAsync(sql);
    }
}

public sealed class RequestRecorderTestsOnSqlite : RequestRecorderTests<OnSqlite>;

public sealed class RequestRecorderTestsOnSqlServer : RequestRecorderTests<OnSqlServer>;
