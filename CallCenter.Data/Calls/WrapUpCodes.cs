using System.Data.Common;
using CallCenter.Data.Audit;
using CallCenter.Data.Database;
using CallCenter.Data.Requests;
using Dapper;

namespace CallCenter.Data.Calls;

/// <summary>A wrap-up code (要件): what a call was about, from the list supervisors edit.</summary>
/// <param name="WrapUpCodeId">Its id, stored on each call.</param>
/// <param name="Label">What operators see: 安否報告, 所在変更, 照会 …</param>
/// <param name="SortOrder">Position in the list (ascending).</param>
/// <param name="IsActive">Offered for new calls; a retired code stays on the calls that carry it.</param>
public sealed record WrapUpCode(int WrapUpCodeId, string Label, int SortOrder, bool IsActive)
{
    // For Dapper: SQLite returns every integer as Int64 and the positional constructor matches column types exactly;
    // with this one Dapper sets the properties and converts each value.
    private WrapUpCode() : this(0, "", 0, false)
    {
    }
}

/// <summary>
/// The wrap-up codes (要件) offered on the call forms, and the supervisors' edits of the list: add, rename, move,
/// retire and restore, as <see cref="EditableList"/> does for the request categories and departments (one transaction
/// with its audit row <see cref="AuditActions.EditWrapUpCodes"/>; a refusal in Japanese). Codes are never deleted: old
/// calls keep theirs.
/// </summary>
public sealed class WrapUpCodes(ConnectionFactory connections, TimeProvider? time = null) : EditableList(connections, time)
{
    private const string ListSql = """
          SELECT WrapUpCodeId AS Id, Label, SortOrder, IsActive
            FROM WrapUpCodes
        ORDER BY SortOrder, WrapUpCodeId
        """;

    private const string FindSql = """
        SELECT WrapUpCodeId AS Id, Label, SortOrder, IsActive
          FROM WrapUpCodes
         WHERE WrapUpCodeId = @Id
        """;

    private const string LabelTakenSql = """
        SELECT COUNT(*)
          FROM WrapUpCodes
         WHERE Label = @Label
           AND WrapUpCodeId <> @Id
        """;

    private const string MaxSortOrderSql = """
        SELECT COALESCE(MAX(SortOrder), 0)
          FROM WrapUpCodes
        """;

    private const string AddSql = """
        INSERT INTO WrapUpCodes (Label, SortOrder, IsActive)
             VALUES (@Label, @SortOrder, 1);
        {last_id}
        """;

    private const string RenameSql = """
        UPDATE WrapUpCodes
           SET Label = @Label
         WHERE WrapUpCodeId = @Id
        """;

    private const string SetSortOrderSql = """
        UPDATE WrapUpCodes
           SET SortOrder = @SortOrder
         WHERE WrapUpCodeId = @Id
        """;

    private const string SetActiveSql = """
        UPDATE WrapUpCodes
           SET IsActive = @IsActive
         WHERE WrapUpCodeId = @Id
        """;

    private static readonly EditableListStatements Statements =
        new(ListSql, FindSql, LabelTakenSql, MaxSortOrderSql, AddSql, RenameSql, SetSortOrderSql, SetActiveSql);

    /// <inheritdoc/>
    public override string Noun => "要件";

    /// <inheritdoc/>
    public override string ChosenIn => "着信の記録";

    /// <inheritdoc/>
    public override string RetiredNote => "新しい通話では選べません（過去の通話には残ります）";

    /// <inheritdoc/>
    protected override string TargetType => "wrap-up-code";

    /// <inheritdoc/>
    protected override string AuditAction => AuditActions.EditWrapUpCodes;

    /// <inheritdoc/>
    protected override EditableListStatements Sql => Statements;

    /// <summary>Every code in list order; retired ones too when <paramref name="includeRetired"/>.</summary>
    public new async Task<IReadOnlyList<WrapUpCode>> ListAsync(bool includeRetired = false, CancellationToken cancellationToken = default) =>
        (await base.ListAsync(includeRetired, cancellationToken)).Select(e => new WrapUpCode(e.Id, e.Label, e.SortOrder, e.IsActive)).ToList();

    /// <summary>One code inside the caller's transaction (the call save checks the code it stores), or null.</summary>
    internal static new async Task<WrapUpCode?> FindAsync(DbConnection connection, DbTransaction? transaction, int wrapUpCodeId, CancellationToken cancellationToken) =>
        await connection.QuerySingleOrDefaultAsync<ListEntry>(new CommandDefinition(FindSql, new { Id = wrapUpCodeId }, transaction,
            cancellationToken: cancellationToken)) is { } e ? new WrapUpCode(e.Id, e.Label, e.SortOrder, e.IsActive) : null;
}
