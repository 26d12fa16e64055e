using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Dashboard;
using CallCenter.Data.Towns;
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
                 MAX(l.CreatedAt) AS CreatedAt, MAX(l.CreatedBy) AS CreatedBy, MIN(h.TownId) AS TownId
            FROM OutboundListAssignments l
            JOIN Households h ON h.HouseholdId = l.HouseholdId
            LEFT JOIN Users u ON u.UserId = l.UserId
            LEFT JOIN OutboundQueue q ON q.HouseholdId = l.HouseholdId
            LEFT JOIN OutboundHouseholds o ON o.HouseholdId = l.HouseholdId
           WHERE 1 = 1 /*towns*/
        GROUP BY l.ListName
        ORDER BY l.ListName
        """;

    /// <summary>
    /// Every assigned list with its size and the households still waiting in the queue, counting only households of
    /// <paramref name="scope"/>'s towns (a list of another town is not shown).
    /// </summary>
    public async Task<IReadOnlyList<OutboundListAssignment>> ListsAsync(TownScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<OutboundListAssignment>(new CommandDefinition(TownFilter.Apply(ListsSql, scope, "h.TownId"), new { scope.TownIds },
            cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>
    /// The numbers of a paste: one a line, or separated by commas, 、, spaces or tabs (full-width forms too), each
    /// NFKC-normalized like the register's identifiers; duplicates once, in the order given.
    /// </summary>
    public static IReadOnlyList<string> ParseNumbers(string? text) =>
        [.. (text ?? "").Normalize(System.Text.NormalizationForm.FormKC)
            .Split(['\r', '\n', ',', '、', ';', ' ', '\t', '\u3000'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal)];

    // A 世帯番号 first; else a 住民番号, standing for the resident's household: each town's, of the towns allowed
    // (numbers are unique within a town only, so a number may name a household in each of several towns).
    private const string HouseholdsOfNumberSql = """
        SELECT h.HouseholdId, h.TownId
          FROM Households h
         WHERE h.HouseholdNo = @No /*towns*/
        UNION
        SELECT r.HouseholdId, r.TownId
          FROM Residents r
         WHERE r.ResidentNo = @No
           AND r.HouseholdId IS NOT NULL /*residents-towns*/
           AND NOT EXISTS (SELECT 1 FROM Households k WHERE k.HouseholdNo = @No AND k.TownId = r.TownId)
        """;

    private const string ListOfHouseholdSql = """
        SELECT ListName
          FROM OutboundListAssignments
         WHERE HouseholdId = @HouseholdId
        """;

    private const string DeleteListSql = """
        DELETE FROM OutboundListAssignments
         WHERE ListName = @ListName /*towns*/
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
    /// Numbers are looked up in <paramref name="townId"/> when given, else in every town of <paramref name="scope"/>
    /// (a number found in two of them is refused: the town must be chosen); a number of a town outside the scope is
    /// unknown. An operator is given only households of their own towns.
    /// </summary>
    public async Task<ListAssignmentResult> AssignListAsync(string? listName, string? numbers, int? userId, string? site, OperatorContext by,
        TownScope scope, int? townId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (townId is { } chosen)
        {
            if (!scope.Includes(chosen))
            {
                return ListAssignmentResult.Fail("選んだ町が見つかりません。何も割り当てていません。");
            }
            scope = TownScope.Only([chosen]);
        }
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
        var towns = new HashSet<int>();
        var unknown = new List<string>();
        var ambiguous = new List<string>();
        var lookup = TownFilter.Apply(HouseholdsOfNumberSql, scope, "h.TownId").Replace("/*residents-towns*/", scope.Filter("r.TownId"), StringComparison.Ordinal);
        foreach (var no in parsed)
        {
            var found = (await connection.QueryAsync<HouseholdTown>(new CommandDefinition(lookup, new { No = no, scope.TownIds }, transaction,
                cancellationToken: cancellationToken))).AsList();
            if (found.Count == 0)
            {
                unknown.Add(no);
            }
            else if (found.Select(f => f.TownId).Distinct().Count() > 1)
            {
                ambiguous.Add(no);
            }
            else
            {
                households.AddRange(found.Select(f => f.HouseholdId));
                towns.Add(found[0].TownId);
            }
        }
        if (unknown.Count > 0)
        {
            await write.RollbackAsync();
            return ListAssignmentResult.Fail($"見つからない番号があります（{unknown.Count}件）: {string.Join("、", unknown.Take(20))}"
                + (unknown.Count > 20 ? $" ほか{unknown.Count - 20}件" : "") + "。何も割り当てていません。");
        }
        if (ambiguous.Count > 0)
        {
            await write.RollbackAsync();
            return ListAssignmentResult.Fail($"複数の町にある番号です（{ambiguous.Count}件）: {string.Join("、", ambiguous.Take(20))}"
                + (ambiguous.Count > 20 ? $" ほか{ambiguous.Count - 20}件" : "") + "。町を選んでください。何も割り当てていません。");
        }
        if (userId is { } operatorId)
        {
            foreach (var town in towns.Order())
            {
                if (!await OutboundTowns.UserMaySeeAsync(connection, transaction, operatorId, town, cancellationToken))
                {
                    var problem = OutboundTowns.NotTheirTown(await write.StaffLabelAsync(operatorId), await OutboundTowns.NameAsync(connection, transaction, town, cancellationToken));
                    await write.RollbackAsync();
                    return ListAssignmentResult.Fail(problem + "何も割り当てていません。");
                }
            }
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

    // DeleteListSql's households of the scope's towns only (at its /*towns*/ marker).
    private const string InTowns = " AND HouseholdId IN (SELECT h.HouseholdId FROM Households h WHERE h.TownId IN @TownIds)";

    /// <summary>
    /// Removes a list's households of <paramref name="scope"/>'s towns: they go back to the general queue (to their
    /// district's assignee, if any); households of other towns stay on it.
    /// </summary>
    public async Task<int> UnassignListAsync(string listName, TownScope scope, OperatorContext by, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var write = await AuditedWrite.BeginAsync(connections, time, by, cancellationToken);
        var (connection, transaction) = (write.Connection, write.Transaction);
        var removed = await connection.ExecuteAsync(new CommandDefinition(DeleteListSql.Replace("/*towns*/", scope.IsAll ? "" : InTowns, StringComparison.Ordinal),
            new { ListName = listName, scope.TownIds }, transaction, cancellationToken: cancellationToken));
        if (removed > 0)
        {
            await write.AuditAsync(AuditActions.OutboundAssign, "list", listName, details: $"リストを解除（{AuditDetails.Count(removed, "世帯")}を通常の発信リストへ戻す）");
        }
        await write.CommitAsync();
        return removed;
    }

    private sealed class HouseholdTown
    {
        public int HouseholdId { get; init; }
        public int TownId { get; init; }
    }
}
