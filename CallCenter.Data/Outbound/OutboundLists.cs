using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using Dapper;

namespace CallCenter.Data.Outbound;

/// <summary>
/// List assignments of outbound calling: named households handed to an operator or a site. A list works as a district
/// assignment does and wins over it: a household on a list goes only to the list's operator or site, even when its
/// district is assigned to someone else, and a household is on one list at most (a newer list takes it over).
/// </summary>
public sealed class OutboundLists(ConnectionFactory connections, TimeProvider time)
{
    /// <summary>At most this many numbers are read from one paste.</summary>
    public const int MaxListNumbers = 5000;

    /// <summary>A list name's maximum length.</summary>
    public const int MaxListName = 50;

    private const string ListsSql = """
          SELECT l.ListName, MIN(l.UserId) AS UserId, MIN(u.DisplayName) AS UserDisplayName, MIN(l.Site) AS Site,
                 COUNT(*) AS Households,
                 SUM(CASE WHEN q.Priority < 9 AND (o.HouseholdId IS NULL OR (o.Escalation = 0 AND o.IsRefused = 0)) THEN 1 ELSE 0 END) AS Remaining,
                 MAX(l.CreatedAt) AS CreatedAt, MAX(l.CreatedBy) AS CreatedBy
            FROM OutboundListAssignments l
            LEFT JOIN Users u ON u.UserId = l.UserId
            LEFT JOIN OutboundQueue q ON q.HouseholdId = l.HouseholdId
            LEFT JOIN OutboundHouseholds o ON o.HouseholdId = l.HouseholdId
        GROUP BY l.ListName
        ORDER BY l.ListName
        """;

    /// <summary>Every assigned list with its size and the households still waiting in the queue.</summary>
    public async Task<IReadOnlyList<OutboundListAssignment>> ListsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<OutboundListAssignment>(new CommandDefinition(ListsSql, cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>
    /// The numbers of a paste: one a line, or separated by commas, 、, spaces or tabs (full-width forms too), each
    /// NFKC-normalized like the register's identifiers; duplicates once, in the order given.
    /// </summary>
    public static IReadOnlyList<string> ParseNumbers(string? text) =>
        [.. (text ?? "").Normalize(System.Text.NormalizationForm.FormKC)
            .Split(['\r', '\n', ',', '、', ';', ' ', '\t', '\u3000'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal)];

    // A 世帯番号 first; else a 住民番号, standing for the resident's household. NULL when neither is known.
    private const string HouseholdOfNumberSql = """
        SELECT COALESCE((SELECT h.HouseholdId
                           FROM Households h
                          WHERE h.HouseholdNo = @No),
                        (SELECT r.HouseholdId
                           FROM Residents r
                          WHERE r.ResidentNo = @No))
        """;

    private const string ListOfHouseholdSql = """
        SELECT ListName
          FROM OutboundListAssignments
         WHERE HouseholdId = @HouseholdId
        """;

    private const string DeleteListSql = """
        DELETE FROM OutboundListAssignments
         WHERE ListName = @ListName
        """;

    private const string DeleteListHouseholdSql = """
        DELETE FROM OutboundListAssignments
         WHERE HouseholdId = @HouseholdId
        """;

    private const string InsertListHouseholdSql = """
        INSERT INTO OutboundListAssignments (HouseholdId, ListName, UserId, Site, CreatedAt, CreatedBy)
             VALUES (@HouseholdId, @ListName, @UserId, @Site, @Now, @CreatedBy)
        """;

    /// <summary>
    /// Assigns a list of households, pasted as 世帯番号 or 住民番号 (standing for the resident's household), to an
    /// operator or a site (exactly one of them). All or nothing: an unknown number writes nothing and is named in the
    /// message. A list assigned again under the same name is replaced (its households and its assignee); a household
    /// on another list is moved to this one (the result says from which). Audited as an assignment.
    /// </summary>
    public async Task<ListAssignmentResult> AssignListAsync(string? listName, string? numbers, int? userId, string? site, OperatorContext by,
        CancellationToken cancellationToken = default)
    {
        var name = (listName ?? "").Trim();
        if (name.Length == 0)
        {
            return ListAssignmentResult.Fail("リストの名前を入力してください。");
        }
        if (name.Length > MaxListName)
        {
            return ListAssignmentResult.Fail($"リストの名前は{MaxListName}文字以内にしてください。");
        }
        if (TextSafety.FieldProblem("リストの名前", name) is { } unsafeName)
        {
            return ListAssignmentResult.Fail(unsafeName);
        }
        var parsed = ParseNumbers(numbers);
        if (parsed.Count == 0)
        {
            return ListAssignmentResult.Fail("世帯番号または住民番号を入力してください。");
        }
        if (parsed.Count > MaxListNumbers)
        {
            return ListAssignmentResult.Fail($"一度に割り当てられるのは{MaxListNumbers:N0}件までです（{parsed.Count:N0}件あります）。");
        }
        if ((userId is null) == string.IsNullOrWhiteSpace(site))
        {
            return ListAssignmentResult.Fail("オペレーターか拠点のどちらか一方を選んでください。");
        }
        site = string.IsNullOrWhiteSpace(site) ? null : site.Trim();
        await using var write = await AuditedWrite.BeginAsync(connections, time, by, cancellationToken);
        var (connection, transaction, now) = (write.Connection, write.Transaction, write.Now);
        // One indexed lookup per pasted number (a unique key each), not a pass over the queue.
        var households = new List<int>();
        var unknown = new List<string>();
        foreach (var no in parsed)
        {
            var id = await connection.ExecuteScalarAsync<int?>(new CommandDefinition(HouseholdOfNumberSql, new { No = no }, transaction, cancellationToken: cancellationToken));
            if (id is { } householdId)
            {
                households.Add(householdId);
            }
            else
            {
                unknown.Add(no);
            }
        }
        if (unknown.Count > 0)
        {
            await write.RollbackAsync();
            return ListAssignmentResult.Fail($"見つからない番号があります（{unknown.Count}件）: {string.Join("、", unknown.Take(20))}"
                + (unknown.Count > 20 ? $" ほか{unknown.Count - 20}件" : "") + "。何も割り当てていません。");
        }
        households = [.. households.Distinct()];
        var replaced = await connection.ExecuteAsync(new CommandDefinition(DeleteListSql, new { ListName = name }, transaction, cancellationToken: cancellationToken)) > 0;
        var moved = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var householdId in households)
        {
            var args = new { HouseholdId = householdId };
            if (await connection.ExecuteScalarAsync<string?>(new CommandDefinition(ListOfHouseholdSql, args, transaction, cancellationToken: cancellationToken)) is { } other)
            {
                moved[other] = moved.GetValueOrDefault(other) + 1;
                await connection.ExecuteAsync(new CommandDefinition(DeleteListHouseholdSql, args, transaction, cancellationToken: cancellationToken));
            }
        }
        await connection.ExecuteAsync(new CommandDefinition(InsertListHouseholdSql,
            households.Select(h => new { HouseholdId = h, ListName = name, UserId = userId, Site = site, Now = now, CreatedBy = by.UserName }),
            transaction, cancellationToken: cancellationToken));
        var movedList = moved.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => new MovedHouseholds(m.Key, m.Value)).ToList();
        await write.AuditAsync(AuditActions.OutboundAssign, "list", name,
            details: AuditDetails.Join([AuditDetails.Count(households.Count, "世帯"), $"担当 {(userId is { } u ? await write.StaffLabelAsync(u) : $"拠点 {site}")}",
                replaced ? "同名のリストを置き換え" : null, .. movedList.Select(m => $"リスト「{m.ListName}」から{AuditDetails.Count(m.Households, "世帯")}を移動")]));
        await write.CommitAsync();
        return new ListAssignmentResult(null, name, households.Count, replaced, movedList);
    }

    /// <summary>Removes a list: its households go back to the general queue (to their district's assignee, if any).</summary>
    public async Task<int> UnassignListAsync(string listName, OperatorContext by, CancellationToken cancellationToken = default)
    {
        await using var write = await AuditedWrite.BeginAsync(connections, time, by, cancellationToken);
        var (connection, transaction) = (write.Connection, write.Transaction);
        var removed = await connection.ExecuteAsync(new CommandDefinition(DeleteListSql, new { ListName = listName }, transaction, cancellationToken: cancellationToken));
        if (removed > 0)
        {
            await write.AuditAsync(AuditActions.OutboundAssign, "list", listName, details: $"リストを解除（{AuditDetails.Count(removed, "世帯")}を通常の発信リストへ戻す）");
        }
        await write.CommitAsync();
        return removed;
    }
}
