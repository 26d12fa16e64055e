using System.Data.Common;
using System.Globalization;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Provisional;
using CallCenter.Data.Reports;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Data.Imports;

/// <summary>
/// The review queue (要確認) of the status lists: the lines that matched no one or several wait here until an
/// operator picks the person (the report is written then), creates a provisional person (仮登録) for them, or skips
/// the line. Two operators cannot both apply one line: a line is closed only while it is still pending.
/// </summary>
/// <remarks>
/// Each line belongs to the town its list was imported into (<c>StatusImports.TownId</c>): a reviewer lists, counts and
/// acts on the lines of their <see cref="TownScope"/> only (a line of another town acted on by id is not found), the
/// candidates and the person chosen must be residents of the line's town, and a provisional person created from a
/// line belongs to that town.
/// </remarks>
public sealed class StatusReviewQueue(ConnectionFactory connections, TimeProvider time, Approvals.ApprovalPolicy? approval = null)
{
    private const string QueueColumns = """
        r.StatusImportRowId, r.StatusImportId, i.TownId, i.FileName, i.Source, r.Line, r.ResidentNo, r.FamilyName, r.GivenName,
               r.FamilyNameKana, r.GivenNameKana, r.BirthDate, r.Sex, r.District, r.Address, r.Status, r.WhereaboutsType,
               r.PrefectureCode, r.Municipality, r.Place, r.ContactPhone, r.ReportedAt, r.MatchState, r.Reason,
               r.CandidateIds, i.CommittedAt
        """;

    private const string PendingSql = $"""
          SELECT {QueueColumns}
            FROM StatusImportRows r
            JOIN StatusImports i ON i.StatusImportId = r.StatusImportId
           WHERE r.MatchState IN (2, 3)/*town*/
        ORDER BY r.StatusImportRowId
        {"{page}"}
        """;

    /// <summary>Lines of the towns of <paramref name="scope"/> waiting for review, oldest first, with their candidates.</summary>
    public async Task<IReadOnlyList<StatusImportQueueItem>> PendingAsync(TownScope scope, int skip = 0, int take = 50,
        CancellationToken cancellationToken = default)
    {
        if (scope.TownIds is { Count: 0 })
        {
            return [];
        }
        await using var connection = await connections.OpenAsync(cancellationToken);
        var items = (await connection.QueryAsync<StatusImportQueueItem>(new CommandDefinition(connections.Dialect.Render(InTowns(PendingSql, scope)),
            new { Skip = Math.Max(0, skip), Take = Math.Clamp(take, 1, 500), TownIds = scope.TownIds ?? [] }, cancellationToken: cancellationToken))).AsList();
        // One look-up command for the page's candidates (up to ten per line), not one built per candidate.
        await using var byId = StatusListMatching.CandidateById(connection, null);
        var result = new List<StatusImportQueueItem>(items.Count);
        foreach (var item in items)
        {
            result.Add(item with { Candidates = await StatusListMatching.CandidatesAsync(byId, item.CandidateIds, item.TownId, cancellationToken) });
        }
        return result;
    }

    // All towns: the lines alone (as before towns); a limited scope: through their imports' towns.
    private const string CountPendingSql = """
        SELECT COUNT(*)
          FROM StatusImportRows
         WHERE MatchState IN (2, 3)
        """;

    private const string CountPendingInTownsSql = """
        SELECT COUNT(*)
          FROM StatusImportRows r
          JOIN StatusImports i ON i.StatusImportId = r.StatusImportId
         WHERE r.MatchState IN (2, 3)/*town*/
        """;

    /// <summary>How many lines of the towns of <paramref name="scope"/> wait for review (the navigation shows it).</summary>
    public async Task<int> CountPendingAsync(TownScope scope, CancellationToken cancellationToken = default)
    {
        if (scope.TownIds is { Count: 0 })
        {
            return 0;
        }
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            scope.IsAll ? CountPendingSql : InTowns(CountPendingInTownsSql, scope), new { TownIds = scope.TownIds ?? [] },
            cancellationToken: cancellationToken));
    }

    private const string QueueItemSql = $"""
        SELECT {QueueColumns}
          FROM StatusImportRows r
          JOIN StatusImports i ON i.StatusImportId = r.StatusImportId
         WHERE r.StatusImportRowId = @RowId/*town*/
        """;

    /// <summary>One queue line by id (in any state), or null when missing or of a town outside <paramref name="scope"/>.</summary>
    public async Task<StatusImportQueueItem?> GetAsync(int rowId, TownScope scope, CancellationToken cancellationToken = default)
    {
        if (scope.TownIds is { Count: 0 })
        {
            return null;
        }
        await using var connection = await connections.OpenAsync(cancellationToken);
        var item = await connection.QuerySingleOrDefaultAsync<StatusImportQueueItem>(new CommandDefinition(
            InTowns(QueueItemSql, scope), new { RowId = rowId, TownIds = scope.TownIds ?? [] }, cancellationToken: cancellationToken));
        if (item is null)
        {
            return null;
        }
        await using var byId = StatusListMatching.CandidateById(connection, null);
        return item with { Candidates = await StatusListMatching.CandidatesAsync(byId, item.CandidateIds, item.TownId, cancellationToken) };
    }

    private static string InTowns(string sql, TownScope scope) => sql.Replace("/*town*/", scope.Filter("i.TownId"), StringComparison.Ordinal);

    /// <summary>The statements a limited scope sends (the SQL Server checks parse and bind each).</summary>
    public static IEnumerable<(string Name, string Sql)> TownStatements()
    {
        var towns = TownScope.Only([1, 2]);
        return
        [
            ("Pending.towns", TownSql.Expanded(InTowns(PendingSql, towns))),
            ("CountPending.towns", TownSql.Expanded(InTowns(CountPendingInTownsSql, towns))),
            ("QueueItem.towns", TownSql.Expanded(InTowns(QueueItemSql, towns))),
        ];
    }

    private const string CloseRowSql = """
        UPDATE StatusImportRows
           SET MatchState = @MatchState, ResidentId = @ResidentId, ResolvedByUserId = @UserId,
               ResolvedByName = @UserName, ResolvedAt = @Now, SkipReason = @SkipReason
         WHERE StatusImportRowId = @RowId
           AND MatchState IN (2, 3)
        """;

    private const string TargetSql = """
        SELECT IsProvisional, MergedIntoResidentId, TownId
          FROM Residents
         WHERE ResidentId = @ResidentId
        """;

    /// <summary>
    /// An operator chose the person a queued line is about: the report is written. Returns null or the reason it cannot
    /// (a line outside <paramref name="scope"/>, or a person who is not a resident of the line's town, is not found).
    /// </summary>
    public async Task<string?> ResolveAsync(int rowId, int residentId, OperatorContext by, TownScope scope, CancellationToken cancellationToken = default)
    {
        await using var write = await AuditedWrite.BeginAsync(connections, time, by, cancellationToken);
        var (connection, transaction, now) = (write.Connection, write.Transaction, write.Now);
        var (item, problem) = await PendingItemAsync(connection, transaction, rowId, scope, cancellationToken);
        if (item is null)
        {
            return problem;
        }
        var target = await connection.QuerySingleOrDefaultAsync<TargetRow>(new CommandDefinition(
            TargetSql, new { ResidentId = residentId }, transaction, cancellationToken: cancellationToken));
        if (target is null || target.TownId != item.TownId)
        {
            return "選んだ人は見つかりません。画面を開き直してください。";
        }
        if (target.MergedIntoResidentId is not null)
        {
            return "選んだ仮登録者は住民に統合されています。統合先の住民を選んでください。";
        }
        if (!await WriteAndCloseAsync(write, item, residentId, StatusImportMatchState.Resolved, cancellationToken))
        {
            return AlreadyHandled;
        }
        await write.CommitAsync();
        return null;
    }

    /// <summary>
    /// Creates a provisional person (仮登録) in the line's town from a queued line and writes the report on them. Returns
    /// the new person's number, or the reason it cannot (a line outside <paramref name="scope"/> is not found).
    /// </summary>
    public async Task<(string? ResidentNo, string? Problem)> CreateProvisionalAsync(int rowId, OperatorContext by, TownScope scope,
        CancellationToken cancellationToken = default)
    {
        await using var write = await AuditedWrite.BeginAsync(connections, time, by, cancellationToken);
        var (connection, transaction, now) = (write.Connection, write.Transaction, write.Now);
        var (item, problem) = await PendingItemAsync(connection, transaction, rowId, scope, cancellationToken);
        if (item is null)
        {
            return (null, problem);
        }
        var (residentId, residentNo) = await ProvisionalPersonService.InsertAsync(connection, transaction, connections.Dialect,
            item.FamilyName, item.GivenName, item.FamilyNameKana, item.GivenNameKana, item.BirthDate, item.Sex, null, now, cancellationToken,
            item.TownId);
        await write.AuditAsync(AuditActions.CreateProvisional, "resident", residentNo, residentId, $"名簿取り込み: {item.FileName} {item.Line}行目");
        if (!await WriteAndCloseAsync(write, item, residentId, StatusImportMatchState.Provisional, cancellationToken))
        {
            return (null, AlreadyHandled);
        }
        await write.CommitAsync();
        return (residentNo, null);
    }

    /// <summary>
    /// Takes a queued line out of the queue without a report. Returns null or the reason it cannot (a line outside
    /// <paramref name="scope"/> is not found).
    /// </summary>
    public async Task<string?> SkipAsync(int rowId, string? reason, OperatorContext by, TownScope scope, CancellationToken cancellationToken = default)
    {
        if (TextSafety.FieldProblem("見送りの理由", reason) is { } unsafeText)
        {
            return unsafeText;
        }
        await using var write = await AuditedWrite.BeginAsync(connections, time, by, cancellationToken);
        var (connection, transaction, now) = (write.Connection, write.Transaction, write.Now);
        var (item, problem) = await PendingItemAsync(connection, transaction, rowId, scope, cancellationToken);
        if (item is null)
        {
            return problem;
        }
        var text = Truncate(string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), 200);
        if (await connection.ExecuteAsync(new CommandDefinition(CloseRowSql, new
            {
                MatchState = (byte)StatusImportMatchState.Skipped, ResidentId = (int?)null, by.UserId, by.UserName, Now = now,
                SkipReason = text, RowId = rowId,
            }, transaction, cancellationToken: cancellationToken)) != 1)
        {
            return AlreadyHandled;
        }
        await write.AuditAsync(AuditActions.SkipStatusImport, "status-import-row", rowId.ToString(CultureInfo.InvariantCulture),
            details: AuditDetails.Join($"{item.FileName} {item.Line}行目", text is null ? "理由の記入なし" : $"理由「{text}」"));
        await write.CommitAsync();
        return null;
    }

    // A line of a town outside the scope is not found, exactly as a line that does not exist: nothing is written.
    private static async Task<(StatusImportQueueItem? Item, string? Problem)> PendingItemAsync(DbConnection connection, DbTransaction transaction,
        int rowId, TownScope scope, CancellationToken cancellationToken)
    {
        var item = scope.TownIds is { Count: 0 } ? null : await connection.QuerySingleOrDefaultAsync<StatusImportQueueItem>(new CommandDefinition(
            InTowns(QueueItemSql, scope), new { RowId = rowId, TownIds = scope.TownIds ?? [] }, transaction, cancellationToken: cancellationToken));
        if (item is null)
        {
            return (null, "この行は見つかりません。画面を開き直してください。");
        }
        if (!item.MatchState.IsPending())
        {
            return (null, $"この行は処理済みです（{item.MatchState.Label()}）。画面を開き直してください。");
        }
        return (item, null);
    }

    private const string AlreadyHandled = "この行は他の人が処理しました。画面を開き直してください。";

    private const string SetReportSql = """
        UPDATE StatusImportRows
           SET ReportId = @ReportId
         WHERE StatusImportRowId = @RowId
        """;

    private sealed class TargetRow
    {
        public bool IsProvisional { get; init; }
        public int? MergedIntoResidentId { get; init; }
        public int TownId { get; init; }
    }

    // Closes the line first (only while it is still pending, so two operators cannot both apply it), then
    // writes the report and links it.
    private async Task<bool> WriteAndCloseAsync(AuditedWrite write, StatusImportQueueItem item, int residentId,
        StatusImportMatchState state, CancellationToken cancellationToken)
    {
        var (connection, transaction, by, now) = (write.Connection, write.Transaction, write.By, write.Now);
        if (await connection.ExecuteAsync(new CommandDefinition(CloseRowSql, new
            {
                MatchState = (byte)state, ResidentId = (int?)residentId, by.UserId, by.UserName, Now = now,
                SkipReason = (string?)null, RowId = item.StatusImportRowId,
            }, transaction, cancellationToken: cancellationToken)) != 1)
        {
            return false;
        }
        var whereabouts = item.WhereaboutsType is { } type
            ? new Whereabouts(type, item.PrefectureCode, item.Municipality, item.Place, item.ContactPhone)
            : null;
        var reportId = await ReportRepository.AppendAsync(connection, transaction, connections.Dialect, new NewSafetyReport(
            residentId, item.Status, item.Source, whereabouts, Consent.NotAsked, null, null, by.UserId, item.ReportedAt,
            Truncate($"名簿取り込み: {item.FileName} {item.Line}行目", 2000)), now, cancellationToken, approval);
        await connection.ExecuteAsync(new CommandDefinition(SetReportSql, new { ReportId = reportId, RowId = item.StatusImportRowId },
            transaction, cancellationToken: cancellationToken));
        await write.AuditAsync(AuditActions.ResolveStatusImport, "status-import-row", item.StatusImportRowId.ToString(CultureInfo.InvariantCulture),
            residentId, AuditDetails.Join($"{item.FileName} {item.Line}行目", state.Label(), $"安否報告 #{reportId}"));
        return true;
    }

    private static string? Truncate(string? text, int max) => text is null || text.Length <= max ? text : text[..max];
}
