using System.Data.Common;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using Dapper;

namespace CallCenter.Data.Requests;

/// <summary>One entry of a list admins edit (a request category or a department).</summary>
/// <param name="Id">Its id, stored on each request.</param>
/// <param name="Label">What staff see: 住まい・住宅, 復興推進課 …</param>
/// <param name="SortOrder">Position in the list (ascending).</param>
/// <param name="IsActive">Offered for new requests; a retired entry stays on the requests that carry it.</param>
public sealed record ListEntry(int Id, string Label, int SortOrder, bool IsActive)
{
    // For Dapper: SQLite returns every integer as Int64; with this constructor Dapper sets the properties and converts.
    private ListEntry() : this(0, "", 0, false)
    {
    }
}

/// <summary>The statements of one editable list, each selecting or binding <c>Id</c>, <c>Label</c>, <c>SortOrder</c>, <c>IsActive</c>.</summary>
/// <param name="List">Every entry in list order.</param>
/// <param name="Find">One entry by <c>@Id</c>.</param>
/// <param name="LabelTaken">How many other entries (<c>Id &lt;&gt; @Id</c>) carry <c>@Label</c>.</param>
/// <param name="MaxSortOrder">The largest sort order (0 when empty).</param>
/// <param name="Add">Inserts <c>@Label</c> at <c>@SortOrder</c> and selects the new id (with <c>{last_id}</c>).</param>
/// <param name="Rename">Sets <c>@Label</c> of <c>@Id</c>.</param>
/// <param name="SetSortOrder">Sets <c>@SortOrder</c> of <c>@Id</c>.</param>
/// <param name="SetActive">Sets <c>@IsActive</c> of <c>@Id</c>.</param>
public sealed record EditableListStatements(string List, string Find, string LabelTaken, string MaxSortOrder, string Add, string Rename,
    string SetSortOrder, string SetActive);

/// <summary>
/// A short list staff edit (request categories and departments by admins, the calls' wrap-up codes by supervisors): list,
/// add, rename, move, retire and restore. Each edit is one transaction with its audit row in Japanese; a refused edit
/// writes nothing and says why in Japanese. Entries are never deleted: the requests or calls that carry one keep it. The
/// lists differ only in their statements, their noun, their audit action and where their entries are chosen.
/// </summary>
public abstract class EditableList(ConnectionFactory connections, TimeProvider? time)
{
    /// <summary>The longest label (the columns are NVARCHAR(30) on SQL Server).</summary>
    public const int MaxLabelLength = 30;

    private readonly TimeProvider clock = time ?? TimeProvider.System;

    /// <summary>The list's noun in Japanese (分類, 担当課): messages and audit details name it.</summary>
    public abstract string Noun { get; }

    /// <summary>Where staff choose an entry (要望の記録, 着信の記録): the message after an add names it.</summary>
    public virtual string ChosenIn => "要望の記録";

    /// <summary>What retiring an entry means, for the message after it.</summary>
    public virtual string RetiredNote => "新しい要望では選べません（これまでの要望には残ります）";

    /// <summary>The audit row's target type (request-category, department, wrap-up-code).</summary>
    protected abstract string TargetType { get; }

    /// <summary>The audit action of every edit (<see cref="AuditActions.EditRequestLists"/> unless the list has its own).</summary>
    protected virtual string AuditAction => AuditActions.EditRequestLists;

    /// <summary>The list's statements.</summary>
    protected abstract EditableListStatements Sql { get; }

    /// <summary>Every entry in list order; retired ones too when <paramref name="includeRetired"/>.</summary>
    public async Task<IReadOnlyList<ListEntry>> ListAsync(bool includeRetired = false, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var entries = await connection.QueryAsync<ListEntry>(new CommandDefinition(Sql.List, cancellationToken: cancellationToken));
        return entries.Where(c => includeRetired || c.IsActive).ToList();
    }

    /// <summary>The problem with a typed label (empty, too long, a refused character), in Japanese; null when it can be stored.</summary>
    public string? LabelProblem(string? label)
    {
        var text = label?.Trim() ?? "";
        if (text.Length == 0)
        {
            return $"{Noun}の名前を入力してください。";
        }
        if (text.Length > MaxLabelLength)
        {
            return $"{Noun}の名前は{MaxLabelLength}文字以内にしてください。";
        }
        return TextSafety.FieldProblem($"{Noun}の名前", text);
    }

    /// <summary>Adds an entry at the end of the list, offered at once; returns the refusal in Japanese, or null when added.</summary>
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
        var last = await write.Connection.ExecuteScalarAsync<int>(new CommandDefinition(Sql.MaxSortOrder, transaction: write.Transaction,
            cancellationToken: cancellationToken));
        if (await TryWriteAsync(write, connections.Dialect.Render(Sql.Add), new { Label = text, SortOrder = last + 10 }, cancellationToken) is not { } id)
        {
            return Taken(text);
        }
        await write.AuditAsync(AuditAction, TargetType, Id((int)id), details: $"{Noun}「{text}」を追加");
        await write.CommitAsync();
        return null;
    }

    /// <summary>Renames an entry; the requests that carry it show the new name. Returns the refusal, or null when renamed (or unchanged).</summary>
    public async Task<string?> RenameAsync(int id, string label, OperatorContext by, CancellationToken cancellationToken = default)
    {
        if (LabelProblem(label) is { } problem)
        {
            return problem;
        }
        var text = label.Trim();
        await using var write = await AuditedWrite.BeginAsync(connections, clock, by, cancellationToken);
        if (await FindAsync(write.Connection, write.Transaction, id, cancellationToken) is not { } entry)
        {
            return Missing;
        }
        if (entry.Label == text)
        {
            return null;
        }
        if (await TakenAsync(write, text, id, cancellationToken) is { } taken)
        {
            return taken;
        }
        if (await TryWriteAsync(write, Sql.Rename, new { Label = text, Id = id }, cancellationToken) is null)
        {
            return Taken(text);
        }
        await write.AuditAsync(AuditAction, TargetType, Id(id), details: $"{Noun}「{entry.Label}」を「{text}」に名前を変更");
        await write.CommitAsync();
        return null;
    }

    /// <summary>
    /// Moves an entry one place up (<paramref name="steps"/> -1) or down (+1), retired ones counted; the list is numbered
    /// again 10, 20, 30 … Returns the refusal in Japanese, or null when moved (or already at that end).
    /// </summary>
    public async Task<string?> MoveAsync(int id, int steps, OperatorContext by, CancellationToken cancellationToken = default)
    {
        await using var write = await AuditedWrite.BeginAsync(connections, clock, by, cancellationToken);
        var entries = (await write.Connection.QueryAsync<ListEntry>(new CommandDefinition(Sql.List, transaction: write.Transaction,
            cancellationToken: cancellationToken))).ToList();
        var from = entries.FindIndex(c => c.Id == id);
        if (from < 0)
        {
            return Missing;
        }
        var to = Math.Clamp(from + steps, 0, entries.Count - 1);
        if (to == from)
        {
            return null;
        }
        var moved = entries[from];
        entries.RemoveAt(from);
        entries.Insert(to, moved);
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].SortOrder != (i + 1) * 10)
            {
                await write.Connection.ExecuteAsync(new CommandDefinition(Sql.SetSortOrder, new { SortOrder = (i + 1) * 10, entries[i].Id },
                    write.Transaction, cancellationToken: cancellationToken));
            }
        }
        await write.AuditAsync(AuditAction, TargetType, Id(id),
            details: $"{Noun}「{moved.Label}」を{(to < from ? "上" : "下")}へ移動（{to + 1}番目）");
        await write.CommitAsync();
        return null;
    }

    /// <summary>Retires an entry (no longer offered; old requests keep it) or restores it. Returns the refusal, or null when done.</summary>
    public async Task<string?> SetActiveAsync(int id, bool active, OperatorContext by, CancellationToken cancellationToken = default)
    {
        await using var write = await AuditedWrite.BeginAsync(connections, clock, by, cancellationToken);
        if (await FindAsync(write.Connection, write.Transaction, id, cancellationToken) is not { } entry)
        {
            return Missing;
        }
        if (entry.IsActive == active)
        {
            return null;
        }
        await write.Connection.ExecuteAsync(new CommandDefinition(Sql.SetActive, new { IsActive = active, Id = id },
            write.Transaction, cancellationToken: cancellationToken));
        await write.AuditAsync(AuditAction, TargetType, Id(id),
            details: active ? $"{Noun}「{entry.Label}」を再び使う" : $"{Noun}「{entry.Label}」の使用を停止");
        await write.CommitAsync();
        return null;
    }

    /// <summary>One entry inside the caller's transaction (a save checks the entry it stores), or null.</summary>
    internal Task<ListEntry?> FindAsync(DbConnection connection, DbTransaction? transaction, int id, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<ListEntry>(new CommandDefinition(Sql.Find, new { Id = id }, transaction, cancellationToken: cancellationToken));

    private string Missing => $"この{Noun}は見つかりません。画面を開き直してください。";

    private string Taken(string label) => $"{Noun}「{label}」は既にあります。別の名前にしてください。";

    private static string Id(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<string?> TakenAsync(AuditedWrite write, string label, int exceptId, CancellationToken cancellationToken) =>
        await write.Connection.ExecuteScalarAsync<int>(new CommandDefinition(Sql.LabelTaken, new { Label = label, Id = exceptId },
            write.Transaction, cancellationToken: cancellationToken)) > 0 ? Taken(label) : null;

    // Under SQL Server's READ COMMITTED two admins may both pass the check: the unique constraint decides.
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
