using System.Data.Common;
using CallCenter.Data.Audit;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
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
/// retire and restore. Each edit is one transaction with its audit row; a refused edit writes nothing and says why
/// in Japanese. Codes are never deleted: old calls keep theirs.
/// </summary>
public sealed class WrapUpCodes(ConnectionFactory connections, TimeProvider? time = null)
{
    /// <summary>The longest label (the column is NVARCHAR(30) on SQL Server).</summary>
    public const int MaxLabelLength = 30;

    private readonly TimeProvider clock = time ?? TimeProvider.System;

    private const string ListSql = """
          SELECT WrapUpCodeId, Label, SortOrder, IsActive
            FROM WrapUpCodes
        ORDER BY SortOrder, WrapUpCodeId
        """;

    /// <summary>Every code in list order; retired ones too when <paramref name="includeRetired"/>.</summary>
    public async Task<IReadOnlyList<WrapUpCode>> ListAsync(bool includeRetired = false, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var codes = await connection.QueryAsync<WrapUpCode>(new CommandDefinition(ListSql, cancellationToken: cancellationToken));
        return codes.Where(c => includeRetired || c.IsActive).ToList();
    }

    /// <summary>
    /// The problem with a label a supervisor typed (empty, longer than <see cref="MaxLabelLength"/>, a refused
    /// character), in Japanese; null when it can be stored. Uniqueness is checked when writing.
    /// </summary>
    public static string? LabelProblem(string? label)
    {
        var text = label?.Trim() ?? "";
        if (text.Length == 0)
        {
            return "要件の名前を入力してください。";
        }
        if (text.Length > MaxLabelLength)
        {
            return $"要件の名前は{MaxLabelLength}文字以内にしてください。";
        }
        return TextSafety.FieldProblem("要件の名前", text);
    }

    private const string LabelTakenSql = """
        SELECT COUNT(*)
          FROM WrapUpCodes
         WHERE Label = @Label
           AND WrapUpCodeId <> @WrapUpCodeId
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

    /// <summary>Adds a code at the end of the list, offered at once; returns the refusal in Japanese, or null when added.</summary>
    public async Task<string?> AddAsync(string label, OperatorContext by, CancellationToken cancellationToken = default)
    {
        if (LabelProblem(label) is { } problem)
        {
            return problem;
        }
        var text = label.Trim();
        await using var write = await AuditedWrite.BeginAsync(connections, clock, by, cancellationToken);
        if (await TakenAsync(write, text, 0, cancellationToken) is { } taken)
        {
            return taken;
        }
        var last = await write.Connection.ExecuteScalarAsync<int>(new CommandDefinition(MaxSortOrderSql, transaction: write.Transaction,
            cancellationToken: cancellationToken));
        if (await TryWriteAsync(write, connections.Dialect.Render(AddSql), new { Label = text, SortOrder = last + 10 }, cancellationToken) is not { } id)
        {
            return Taken(text);
        }
        await write.AuditAsync(AuditActions.EditWrapUpCodes, "wrap-up-code", Id((int)id), details: $"要件「{text}」を追加");
        await write.CommitAsync();
        return null;
    }

    private const string RenameSql = """
        UPDATE WrapUpCodes
           SET Label = @Label
         WHERE WrapUpCodeId = @WrapUpCodeId
        """;

    /// <summary>
    /// Renames a code; the calls that carry it show the new name. Returns the refusal in Japanese, or null when renamed
    /// (or when the name did not change).
    /// </summary>
    public async Task<string?> RenameAsync(int wrapUpCodeId, string label, OperatorContext by, CancellationToken cancellationToken = default)
    {
        if (LabelProblem(label) is { } problem)
        {
            return problem;
        }
        var text = label.Trim();
        await using var write = await AuditedWrite.BeginAsync(connections, clock, by, cancellationToken);
        if (await FindAsync(write, wrapUpCodeId, cancellationToken) is not { } code)
        {
            return Missing;
        }
        if (code.Label == text)
        {
            return null;
        }
        if (await TakenAsync(write, text, wrapUpCodeId, cancellationToken) is { } taken)
        {
            return taken;
        }
        if (await TryWriteAsync(write, RenameSql, new { Label = text, WrapUpCodeId = wrapUpCodeId }, cancellationToken) is null)
        {
            return Taken(text);
        }
        await write.AuditAsync(AuditActions.EditWrapUpCodes, "wrap-up-code", Id(wrapUpCodeId), details: $"要件「{code.Label}」を「{text}」に名前を変更");
        await write.CommitAsync();
        return null;
    }

    private const string SetSortOrderSql = """
        UPDATE WrapUpCodes
           SET SortOrder = @SortOrder
         WHERE WrapUpCodeId = @WrapUpCodeId
        """;

    /// <summary>
    /// Moves a code one place up (<paramref name="steps"/> -1) or down (+1) in the list, retired codes counted; the
    /// list is numbered again 10, 20, 30 … Returns the refusal in Japanese, or null when moved (or already at that end).
    /// </summary>
    public async Task<string?> MoveAsync(int wrapUpCodeId, int steps, OperatorContext by, CancellationToken cancellationToken = default)
    {
        await using var write = await AuditedWrite.BeginAsync(connections, clock, by, cancellationToken);
        var codes = (await write.Connection.QueryAsync<WrapUpCode>(new CommandDefinition(ListSql, transaction: write.Transaction,
            cancellationToken: cancellationToken))).ToList();
        var from = codes.FindIndex(c => c.WrapUpCodeId == wrapUpCodeId);
        if (from < 0)
        {
            return Missing;
        }
        var to = Math.Clamp(from + steps, 0, codes.Count - 1);
        if (to == from)
        {
            return null;
        }
        var moved = codes[from];
        codes.RemoveAt(from);
        codes.Insert(to, moved);
        for (var i = 0; i < codes.Count; i++)
        {
            if (codes[i].SortOrder != (i + 1) * 10)
            {
                await write.Connection.ExecuteAsync(new CommandDefinition(SetSortOrderSql, new { SortOrder = (i + 1) * 10, codes[i].WrapUpCodeId },
                    write.Transaction, cancellationToken: cancellationToken));
            }
        }
        await write.AuditAsync(AuditActions.EditWrapUpCodes, "wrap-up-code", Id(wrapUpCodeId),
            details: $"要件「{moved.Label}」を{(to < from ? "上" : "下")}へ移動（{to + 1}番目）");
        await write.CommitAsync();
        return null;
    }

    private const string SetActiveSql = """
        UPDATE WrapUpCodes
           SET IsActive = @IsActive
         WHERE WrapUpCodeId = @WrapUpCodeId
        """;

    /// <summary>
    /// Retires a code (no longer offered on new calls; old calls keep it) or restores it. Returns the refusal in
    /// Japanese, or null when done (or when it already was so).
    /// </summary>
    public async Task<string?> SetActiveAsync(int wrapUpCodeId, bool active, OperatorContext by, CancellationToken cancellationToken = default)
    {
        await using var write = await AuditedWrite.BeginAsync(connections, clock, by, cancellationToken);
        if (await FindAsync(write, wrapUpCodeId, cancellationToken) is not { } code)
        {
            return Missing;
        }
        if (code.IsActive == active)
        {
            return null;
        }
        await write.Connection.ExecuteAsync(new CommandDefinition(SetActiveSql, new { IsActive = active, WrapUpCodeId = wrapUpCodeId },
            write.Transaction, cancellationToken: cancellationToken));
        await write.AuditAsync(AuditActions.EditWrapUpCodes, "wrap-up-code", Id(wrapUpCodeId),
            details: active ? $"要件「{code.Label}」を再び使う" : $"要件「{code.Label}」の使用を停止");
        await write.CommitAsync();
        return null;
    }

    private const string FindSql = """
        SELECT WrapUpCodeId, Label, SortOrder, IsActive
          FROM WrapUpCodes
         WHERE WrapUpCodeId = @WrapUpCodeId
        """;

    /// <summary>One code inside the caller's transaction (the call save checks the code it stores), or null.</summary>
    internal static Task<WrapUpCode?> FindAsync(DbConnection connection, DbTransaction transaction, int wrapUpCodeId, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<WrapUpCode>(new CommandDefinition(FindSql, new { WrapUpCodeId = wrapUpCodeId }, transaction,
            cancellationToken: cancellationToken));

    private static Task<WrapUpCode?> FindAsync(AuditedWrite write, int wrapUpCodeId, CancellationToken cancellationToken) =>
        FindAsync(write.Connection, write.Transaction, wrapUpCodeId, cancellationToken);

    private const string Missing = "この要件は見つかりません。画面を開き直してください。";

    private static string Taken(string label) => $"要件「{label}」は既にあります。別の名前にしてください。";

    private static string Id(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<string?> TakenAsync(AuditedWrite write, string label, int exceptId, CancellationToken cancellationToken) =>
        await write.Connection.ExecuteScalarAsync<int>(new CommandDefinition(LabelTakenSql, new { Label = label, WrapUpCodeId = exceptId },
            write.Transaction, cancellationToken: cancellationToken)) > 0 ? Taken(label) : null;

    // Under SQL Server's READ COMMITTED two supervisors may both pass the check: the unique constraint decides.
    // Returns the statement's scalar (the new id of an insert), or null when the label was taken meanwhile.
    private async Task<long?> TryWriteAsync(AuditedWrite write, string sql, object args, CancellationToken cancellationToken)
    {
        try
        {
            return await write.Connection.ExecuteScalarAsync<long?>(new CommandDefinition(sql, args, write.Transaction, cancellationToken: cancellationToken)) ?? 0;
        }
        catch (DbException e) when (connections.Dialect.IsDuplicateKey(e))
        {
            return null;
        }
    }
}
