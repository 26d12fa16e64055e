using System.Globalization;
using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Data.Requests;

/// <summary>
/// Works a request through its life: 受付 → 回付 (to a department) or 対応中, 回付 → 対応中, 対応中 → 完了, 対応不可 or
/// 回付 again (re-routing). Each move is one <see cref="AuditedWrite"/>: a <c>RequestSteps</c> row, the request's
/// status, department, times and version (optimistic: the version the clerk saw, else nothing is written), and an
/// audit row in Japanese. A department clerk works only their department's requests; supervisors and admins any.
/// </summary>
public sealed class RequestWork(ConnectionFactory connections, TimeProvider time)
{
    /// <summary>The message when another clerk moved the request first.</summary>
    public const string ConflictMessage = "他の職員が先に更新しました。画面を読み直してください。";

    /// <summary>The moves allowed from each status (nothing from 完了 and 対応不可).</summary>
    public static IReadOnlyList<RequestStatus> NextSteps(RequestStatus from) => from switch
    {
        RequestStatus.Received => [RequestStatus.Routed, RequestStatus.InProgress],
        RequestStatus.Routed => [RequestStatus.InProgress],
        RequestStatus.InProgress => [RequestStatus.Done, RequestStatus.Declined, RequestStatus.Routed],
        _ => [],
    };

    private const string DepartmentOfUserSql = """
        SELECT u.DepartmentId AS Id, d.Name AS Label
          FROM Users u
          JOIN Departments d ON d.DepartmentId = u.DepartmentId
         WHERE u.UserId = @UserId
        """;

    /// <summary>
    /// What <paramref name="userId"/> may see and work: supervisors and admins every request, anyone else their
    /// department's (<c>Users.DepartmentId</c>), or nothing when they belong to none.
    /// </summary>
    public async Task<RequestScope> ScopeAsync(int? userId, UserRole role, CancellationToken cancellationToken = default)
    {
        if (role is UserRole.Supervisor or UserRole.Admin)
        {
            return new RequestScope(true, null, null);
        }
        if (userId is null)
        {
            return new RequestScope(false, null, null);
        }
        await using var connection = await connections.OpenAsync(cancellationToken);
        var department = await connection.QuerySingleOrDefaultAsync<RequestChoice>(new CommandDefinition(DepartmentOfUserSql,
            new { UserId = userId }, cancellationToken: cancellationToken));
        return new RequestScope(false, department?.Id, department?.Label);
    }

    private const string CurrentSql = """
        SELECT r.Status, r.DepartmentId, r.Version, r.ResidentId, r.SubjectResidentId, r.TownId
          FROM Requests r
         WHERE r.RequestId = @RequestId
        """;

    private const string DepartmentNameSql = """
        SELECT Name
          FROM Departments
         WHERE DepartmentId = @DepartmentId
           AND IsActive = 1
        """;

    private const string MoveSql = """
        UPDATE Requests
           SET Status = @Status,
               DepartmentId = @DepartmentId,
               UpdatedAt = @Now,
               ClosedAt = @ClosedAt,
               Version = Version + 1
         WHERE RequestId = @RequestId
           AND Version = @ExpectedVersion
        """;

    private const string InsertStepSql = """
        INSERT INTO RequestSteps (RequestId, Status, DepartmentId, Note, UserId, At)
        VALUES (@RequestId, @Status, @DepartmentId, @Note, @UserId, @Now)
        """;

    /// <summary>
    /// Moves a request to its next status as <paramref name="by"/> within <paramref name="scope"/> and
    /// <paramref name="towns"/>; a refused move (not allowed, out of scope, note missing, another clerk first) returns its
    /// Japanese message and writes nothing. A request of a town outside <paramref name="towns"/> does not exist for the caller.
    /// </summary>
    public async Task<RequestMoveResult> MoveAsync(RequestMove move, RequestScope scope, TownScope towns, OperatorContext by,
        CancellationToken cancellationToken = default)
    {
        var note = string.IsNullOrWhiteSpace(move.Note) ? null : move.Note.Trim();
        if (TextSafety.FieldProblem("メモ", note) is { } problem)
        {
            return new RequestMoveResult(problem, move.ExpectedVersion);
        }
        if (note is { Length: > 1000 })
        {
            return new RequestMoveResult("メモは1000文字以内で入力してください。", move.ExpectedVersion);
        }
        if (move.To == RequestStatus.Declined && note is null)
        {
            return new RequestMoveResult("対応不可にするときはメモに理由を入力してください。", move.ExpectedVersion);
        }
        if (move.To == RequestStatus.Routed && move.DepartmentId is null)
        {
            return new RequestMoveResult("回付先の担当課を選んでください。", move.ExpectedVersion);
        }

        await using var write = await AuditedWrite.BeginAsync(connections, time, by, cancellationToken);
        var current = await write.Connection.QuerySingleOrDefaultAsync<CurrentRow>(new CommandDefinition(CurrentSql,
            new { move.RequestId }, write.Transaction, cancellationToken: cancellationToken));
        if (current is null || !towns.Includes(current.TownId))
        {
            return new RequestMoveResult($"受付番号 {Number(move.RequestId)} の要望はありません。", move.ExpectedVersion);
        }
        if (!scope.Covers(current.DepartmentId))
        {
            return new RequestMoveResult("この要望は他の担当課の担当です。", move.ExpectedVersion);
        }
        if (current.Version != move.ExpectedVersion)
        {
            return new RequestMoveResult(ConflictMessage, current.Version);
        }
        var from = (RequestStatus)current.Status;
        if (!NextSteps(from).Contains(move.To))
        {
            return new RequestMoveResult($"「{from.Label()}」から「{move.To.Label()}」にはできません。", current.Version);
        }
        string? departmentName = null;
        if (move.To == RequestStatus.Routed)
        {
            departmentName = await write.Connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(DepartmentNameSql,
                new { move.DepartmentId }, write.Transaction, cancellationToken: cancellationToken));
            if (departmentName is null)
            {
                return new RequestMoveResult("回付先の担当課が見つかりません。", current.Version);
            }
            if (move.DepartmentId == current.DepartmentId)
            {
                return new RequestMoveResult($"すでに{departmentName}の担当です。別の担当課を選んでください。", current.Version);
            }
        }

        var changed = await write.Connection.ExecuteAsync(new CommandDefinition(MoveSql, new
        {
            Status = (byte)move.To,
            DepartmentId = move.DepartmentId ?? current.DepartmentId,
            write.Now,
            ClosedAt = move.To.IsClosed() ? write.Now : (DateTime?)null,
            move.RequestId,
            move.ExpectedVersion,
        }, write.Transaction, cancellationToken: cancellationToken));
        if (changed != 1)
        {
            return new RequestMoveResult(ConflictMessage, current.Version);
        }
        await write.Connection.ExecuteAsync(new CommandDefinition(InsertStepSql, new
        {
            move.RequestId,
            Status = (byte)move.To,
            DepartmentId = move.To == RequestStatus.Routed ? move.DepartmentId : null,
            Note = note,
            by.UserId,
            write.Now,
        }, write.Transaction, cancellationToken: cancellationToken));
        await write.AuditAsync(RequestAuditActions.MoveRequest, "request", Number(move.RequestId), current.ResidentId ?? current.SubjectResidentId,
            AuditDetails.Join($"受付番号 {Number(move.RequestId)}", $"{from.Label()}→{move.To.Label()}",
                AuditDetails.Labelled("回付先", departmentName), note is null ? null : $"メモ「{note}」"));
        await write.CommitAsync();
        return new RequestMoveResult(null, current.Version + 1);
    }

    private static string Number(long requestId) => requestId.ToString(CultureInfo.InvariantCulture);

    private sealed class CurrentRow
    {
        public int Status { get; init; }
        public int DepartmentId { get; init; }
        public int Version { get; init; }
        public int? ResidentId { get; init; }
        public int? SubjectResidentId { get; init; }
        public int TownId { get; init; }
    }
}

/// <summary>The audit actions of the requests' work queue (the rows' details say the rest in Japanese).</summary>
public static class RequestAuditActions
{
    /// <summary>A request was moved to its next status (回付, 対応中, 完了, 対応不可).</summary>
    public const string MoveRequest = "move-request";

    /// <summary>A request's page (its person and history) was opened.</summary>
    public const string ViewRequest = "view-request";
}
