using System.Globalization;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using Dapper;

namespace CallCenter.Data.Requests;

/// <summary>
/// Records residents' requests (要望・相談): each one the request row (受付, version 0), its first step (受付: who, when,
/// the department) and its audit row, in one transaction — on its own from the resident page (<see cref="SaveAsync"/>), or
/// inside a call's transaction after its reports (<see cref="AppendAsync"/>, called by <see cref="CallRecordingService"/>).
/// Every check runs before the first write; a refused request writes nothing and names the field in Japanese.
/// </summary>
public sealed class RequestRecorder(ConnectionFactory connections, TimeProvider time)
{
    /// <summary>The longest body.</summary>
    public const int MaxBodyLength = 1000;

    /// <summary>The field key of request <paramref name="index"/>'s <paramref name="field"/> in a <see cref="DraftError"/>: <c>requests[0].category</c>.</summary>
    public static string FieldKey(int index, string field) => $"requests[{index.ToString(CultureInfo.InvariantCulture)}].{field}";

    /// <summary>The checks that need no database (body length and characters), for every draft; field keys by <see cref="FieldKey"/>.</summary>
    public static IReadOnlyList<DraftError> Validate(IReadOnlyList<RequestDraft>? drafts)
    {
        var errors = new List<DraftError>();
        for (var i = 0; drafts is not null && i < drafts.Count; i++)
        {
            var body = drafts[i].Body?.Trim() ?? "";
            var number = drafts.Count > 1 ? $"{i + 1}件目の" : "";
            if (body.Length == 0)
            {
                errors.Add(new DraftError(null, FieldKey(i, "body"), $"{number}要望の内容を入力してください。"));
            }
            else if (body.Length > MaxBodyLength)
            {
                errors.Add(new DraftError(null, FieldKey(i, "body"), $"{number}要望の内容は{MaxBodyLength}文字以内にしてください。"));
            }
            else if (TextSafety.FieldProblem($"{number}要望の内容", body) is { } problem)
            {
                errors.Add(new DraftError(null, FieldKey(i, "body"), problem));
            }
        }
        return errors;
    }

    /// <summary>Saves one request from the resident page: the request, its 受付 step and its audit row in one transaction.</summary>
    /// <returns>The new request's id, or the field errors (nothing written).</returns>
    public async Task<(long? RequestId, IReadOnlyList<DraftError> Errors)> SaveAsync(RequestDraft draft, OperatorContext by,
        CancellationToken cancellationToken = default)
    {
        var errors = Validate([draft]);
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        await using var write = await AuditedWrite.BeginAsync(connections, time, by, cancellationToken);
        var (ids, refused) = await AppendAsync(write, connections.Dialect, [draft], null, cancellationToken);
        if (refused.Count > 0)
        {
            return (null, refused);
        }
        await write.CommitAsync();
        return (ids[0], []);
    }

    private const string CategorySql = """
        SELECT CategoryId AS Id, Label, SortOrder, IsActive
          FROM RequestCategories
         WHERE CategoryId = @Id
        """;

    private const string DepartmentSql = """
        SELECT DepartmentId AS Id, Name AS Label, SortOrder, IsActive
          FROM Departments
         WHERE DepartmentId = @Id
        """;

    private const string MemberSql = """
        SELECT HouseholdId
          FROM Residents
         WHERE ResidentId = @ResidentId
        """;

    private const string HouseholdSql = """
        SELECT COUNT(*)
          FROM Households
         WHERE HouseholdId = @HouseholdId
        """;

    private const string InsertRequestSql = """
        INSERT INTO Requests (HouseholdId, ResidentId, CategoryId, DepartmentId, IsUrgent, Body, Status, CallId,
                              CreatedAt, CreatedBy, UpdatedAt, Version)
             VALUES (@HouseholdId, @ResidentId, @CategoryId, @DepartmentId, @IsUrgent, @Body, 0, @CallId,
                     @Now, @UserId, @Now, 0);
        {last_id}
        """;

    private const string InsertStepSql = """
        INSERT INTO RequestSteps (RequestId, Status, DepartmentId, Note, UserId, At)
             VALUES (@RequestId, 0, @DepartmentId, NULL, @UserId, @Now)
        """;

    /// <summary>
    /// Checks and writes <paramref name="drafts"/> inside <paramref name="write"/>'s transaction (the caller commits):
    /// the category and the department exist and are offered, the household exists, the member belongs to it. When any
    /// check fails nothing is written and the errors are returned; the caller must not commit.
    /// </summary>
    public static async Task<(IReadOnlyList<long> RequestIds, IReadOnlyList<DraftError> Errors)> AppendAsync(AuditedWrite write, SqlDialect dialect,
        IReadOnlyList<RequestDraft>? drafts, long? callId, CancellationToken cancellationToken = default)
    {
        if (drafts is not { Count: > 0 })
        {
            return ([], []);
        }
        var errors = new List<DraftError>();
        var labels = new List<(string Category, string Department)>();
        for (var i = 0; i < drafts.Count; i++)
        {
            var d = drafts[i];
            var number = drafts.Count > 1 ? $"{i + 1}件目の" : "";
            var category = await OneAsync(write, CategorySql, new { Id = d.CategoryId }, cancellationToken);
            var department = await OneAsync(write, DepartmentSql, new { Id = d.DepartmentId }, cancellationToken);
            if (category is not { IsActive: true })
            {
                errors.Add(new DraftError(null, FieldKey(i, "category"), category is null
                    ? $"{number}分類を選んでください。"
                    : $"分類「{category.Label}」は使われなくなりました。{number}分類を選び直してください。"));
            }
            if (department is not { IsActive: true })
            {
                errors.Add(new DraftError(null, FieldKey(i, "department"), department is null
                    ? $"{number}担当課を選んでください。"
                    : $"担当課「{department.Label}」は使われなくなりました。{number}担当課を選び直してください。"));
            }
            if (await write.Connection.ExecuteScalarAsync<int>(new CommandDefinition(HouseholdSql, new { d.HouseholdId }, write.Transaction,
                    cancellationToken: cancellationToken)) == 0)
            {
                errors.Add(new DraftError(null, FieldKey(i, "household"), "この世帯は見つかりません。画面を開き直してください。"));
            }
            else if (d.ResidentId is { } residentId && await write.Connection.ExecuteScalarAsync<int?>(new CommandDefinition(MemberSql,
                         new { ResidentId = residentId }, write.Transaction, cancellationToken: cancellationToken)) != d.HouseholdId)
            {
                errors.Add(new DraftError(null, FieldKey(i, "resident"), $"{number}対象の人はこの世帯の人ではありません。対象を選び直してください。"));
            }
            labels.Add((category?.Label ?? "", department?.Label ?? ""));
        }
        if (errors.Count > 0)
        {
            return ([], errors);
        }
        var ids = new List<long>();
        for (var i = 0; i < drafts.Count; i++)
        {
            var d = drafts[i];
            var id = await write.Connection.ExecuteScalarAsync<long>(new CommandDefinition(dialect.Render(InsertRequestSql), new
            {
                d.HouseholdId, d.ResidentId, d.CategoryId, d.DepartmentId, d.IsUrgent, Body = d.Body.Trim(), CallId = callId,
                write.Now, write.By.UserId,
            }, write.Transaction, cancellationToken: cancellationToken));
            await write.Connection.ExecuteAsync(new CommandDefinition(InsertStepSql, new { RequestId = id, d.DepartmentId, write.By.UserId, write.Now },
                write.Transaction, cancellationToken: cancellationToken));
            await write.AuditAsync(AuditActions.RecordRequest, "request", id.ToString(CultureInfo.InvariantCulture), d.ResidentId,
                AuditDetails(labels[i].Category, labels[i].Department, d.IsUrgent, d.ResidentId is null, callId));
            ids.Add(id);
        }
        return (ids, []);
    }

    /// <summary>The record-request audit row's details: 「要望 住まい・住宅・担当課 復興推進課・至急・世帯全体・通話 #12」.</summary>
    public static string AuditDetails(string category, string department, bool urgent, bool wholeHousehold, long? callId) =>
        Audit.AuditDetails.Join($"要望 {category}", $"担当課 {department}", urgent ? "至急" : "通常", wholeHousehold ? "世帯全体" : null,
            callId is { } id ? $"通話 #{id.ToString(CultureInfo.InvariantCulture)}" : null) ?? "";

    private static async Task<ListEntry?> OneAsync(AuditedWrite write, string sql, object args, CancellationToken cancellationToken) =>
        await write.Connection.QuerySingleOrDefaultAsync<ListEntry>(new CommandDefinition(sql, args, write.Transaction, cancellationToken: cancellationToken));
}
