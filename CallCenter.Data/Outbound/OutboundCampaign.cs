using System.Globalization;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Settings;
using Dapper;

namespace CallCenter.Data.Outbound;

/// <summary>
/// The supervisors' side of outbound calling: figures, the 要対応 list, district and list assignments and the rules.
/// Assignment semantics: a district assigned to operators or sites is handed out only to them (to them before any
/// other district); districts assigned to no one are open to every operator. A list (named households) works the
/// same way and wins over the district: a household on a list goes only to the list's operator or site, even when
/// its district is assigned to someone else, and a household is on one list at most (a newer list takes it over).
/// </summary>
public sealed class OutboundCampaign(ConnectionFactory connections, SettingsRepository settings, AuditRepository audit, TimeProvider time)
{
    private const string QueueByPrioritySql = """
          SELECT q.Priority, COUNT(*) AS Households
            FROM OutboundQueue q
           WHERE NOT EXISTS (SELECT 1
                               FROM OutboundHouseholds o
                              WHERE o.HouseholdId = q.HouseholdId
                                AND (o.Escalation <> 0 OR o.IsRefused = 1))
        GROUP BY q.Priority
        ORDER BY q.Priority
        """;

    private const string OutcomesSinceSql = """
          SELECT Outcome, COUNT(*) AS Attempts
            FROM OutboundAttempts
           WHERE AttemptedAt >= @Since
        GROUP BY Outcome
        """;

    private const string CallbackCountsSql = """
        SELECT SUM(CASE WHEN CallbackAt <= @Now THEN 1 ELSE 0 END) AS Due,
               SUM(CASE WHEN CallbackAt > @Now THEN 1 ELSE 0 END) AS Later
          FROM OutboundHouseholds
         WHERE CallbackAt IS NOT NULL
           AND IsRefused = 0
           AND Escalation = 0
        """;

    private const string ClaimedNowSql = """
        SELECT COUNT(*)
          FROM OutboundClaims
         WHERE ExpiresAt > @Now
        """;

    private const string EscalatedCountSql = """
        SELECT COUNT(*)
          FROM OutboundHouseholds
         WHERE Escalation <> 0
           AND IsRefused = 0
        """;

    /// <summary>The figures now; "today" is the Japan day.</summary>
    public async Task<CampaignFigures> FiguresAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var since = JapanTime.StartOfDayUtc(JapanTime.Today(time));
        await using var connection = await connections.OpenAsync(cancellationToken);
        var queue = (await connection.QueryAsync<(int Priority, int Households)>(new CommandDefinition(QueueByPrioritySql, cancellationToken: cancellationToken)))
            .Select(q => new PriorityCount(q.Priority, q.Households)).ToList();
        var outcomes = (await connection.QueryAsync<(int Outcome, int Attempts)>(new CommandDefinition(OutcomesSinceSql, new { Since = since }, cancellationToken: cancellationToken)))
            .Select(o => new OutcomeCount((OutboundOutcome)o.Outcome, o.Attempts)).OrderBy(o => o.Outcome).ToList();
        var callbacks = await connection.QuerySingleAsync<(int? Due, int? Later)>(new CommandDefinition(CallbackCountsSql, new { Now = now }, cancellationToken: cancellationToken));
        var claimed = await connection.ExecuteScalarAsync<int>(new CommandDefinition(ClaimedNowSql, new { Now = now }, cancellationToken: cancellationToken));
        var escalated = await connection.ExecuteScalarAsync<int>(new CommandDefinition(EscalatedCountSql, cancellationToken: cancellationToken));
        var noNumber = queue.Where(q => q.Priority == OutboundPriority.NoNumber).Sum(q => q.Households);
        return new CampaignFigures(queue, outcomes.Sum(o => o.Attempts), outcomes.Where(o => o.Outcome == OutboundOutcome.Connected).Sum(o => o.Attempts),
            outcomes, callbacks.Due ?? 0, callbacks.Later ?? 0, claimed, escalated + noNumber);
    }

    private const string EscalatedSql = """
          SELECT o.HouseholdId, h.HouseholdNo, h.District,
                 hd.FamilyName AS HeadFamilyName, hd.GivenName AS HeadGivenName,
                 o.Escalation, o.EscalatedAt, o.Attempts, o.LastOutcome
            FROM OutboundHouseholds o
            JOIN Households h ON h.HouseholdId = o.HouseholdId
            LEFT JOIN Residents hd ON hd.ResidentId = (SELECT MIN(r.ResidentId) FROM Residents r WHERE r.HouseholdId = h.HouseholdId AND r.Relationship = @Head)
           WHERE o.Escalation <> 0
             AND o.IsRefused = 0
        ORDER BY o.EscalatedAt DESC, o.HouseholdId
        {page}
        """;

    private const string NoNumberSql = """
          SELECT q.HouseholdId, h.HouseholdNo, h.District,
                 hd.FamilyName AS HeadFamilyName, hd.GivenName AS HeadGivenName,
                 0 AS Escalation, 0 AS Attempts
            FROM OutboundQueue q
            JOIN Households h ON h.HouseholdId = q.HouseholdId
            LEFT JOIN Residents hd ON hd.ResidentId = (SELECT MIN(r.ResidentId) FROM Residents r WHERE r.HouseholdId = h.HouseholdId AND r.Relationship = @Head)
           WHERE q.Priority = 9
        ORDER BY h.HouseholdNo
        {page}
        """;

    /// <summary>Households needing a new number: escalated ones (newest first), then those with no number at all.</summary>
    public async Task<IReadOnlyList<EscalatedHousehold>> NeedingNumbersAsync(int take = 200, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var args = new { Skip = 0, Take = take, Head = "世帯主" };
        var list = (await connection.QueryAsync<EscalatedHousehold>(new CommandDefinition(connections.Dialect.Render(EscalatedSql), args, cancellationToken: cancellationToken))).AsList();
        if (list.Count < take)
        {
            list.AddRange(await connection.QueryAsync<EscalatedHousehold>(new CommandDefinition(connections.Dialect.Render(NoNumberSql),
                new { Skip = 0, Take = take - list.Count, Head = "世帯主" }, cancellationToken: cancellationToken)));
        }
        return list;
    }

    private const string RequeueSql = """
        UPDATE OutboundHouseholds
           SET Escalation = 0, EscalatedAt = NULL, CountFrom = @Now, NextAttemptAt = NULL, UpdatedAt = @Now
         WHERE HouseholdId = @HouseholdId
           AND Escalation <> 0
        """;

    private const string ForgetBadNumbersSql = """
        DELETE FROM OutboundBadNumbers
         WHERE HouseholdId = @HouseholdId
        """;

    /// <summary>
    /// Puts an escalated household back in the queue (after a new number was found): its no-answer count starts
    /// again; with <paramref name="forgetBadNumbers"/> its wrong/out-of-service marks are cleared too.
    /// </summary>
    public async Task<bool> RequeueAsync(int householdId, bool forgetBadNumbers, OperatorContext by, CancellationToken cancellationToken = default)
    {
        await using var write = await AuditedWrite.BeginAsync(connections, time, by, cancellationToken);
        var (connection, transaction, now) = (write.Connection, write.Transaction, write.Now);
        var args = new { HouseholdId = householdId, Now = now };
        var done = await connection.ExecuteAsync(new CommandDefinition(RequeueSql, args, transaction, cancellationToken: cancellationToken)) > 0;
        if (done && forgetBadNumbers)
        {
            await connection.ExecuteAsync(new CommandDefinition(ForgetBadNumbersSql, args, transaction, cancellationToken: cancellationToken));
        }
        if (done)
        {
            await write.AuditAsync(AuditActions.OutboundRequeue, "household", householdId.ToString(CultureInfo.InvariantCulture),
                details: forgetBadNumbers ? "bad numbers cleared" : null);
        }
        await write.CommitAsync();
        return done;
    }

    private const string AssignmentsSql = """
          SELECT a.AssignmentId, a.District, a.UserId, u.DisplayName AS UserDisplayName, a.Site, a.CreatedAt, a.CreatedBy
            FROM OutboundAssignments a
            LEFT JOIN Users u ON u.UserId = a.UserId
        ORDER BY a.District, a.AssignmentId
        """;

    /// <summary>Every district assignment.</summary>
    public async Task<IReadOnlyList<OutboundAssignment>> AssignmentsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<OutboundAssignment>(new CommandDefinition(AssignmentsSql, cancellationToken: cancellationToken))).AsList();
    }

    // From the dashboard's summary rather than a DISTINCT over every household (150 ms at 1,000,000 residents).
    private const string DistrictsSql = """
          SELECT DISTINCT District
            FROM ResidentCounts
           WHERE District <> ''
        ORDER BY District
        """;

    /// <summary>The districts registered residents live in.</summary>
    public async Task<IReadOnlyList<string>> DistrictsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<string>(new CommandDefinition(DistrictsSql, cancellationToken: cancellationToken))).AsList();
    }

    private const string InsertAssignmentSql = """
        INSERT INTO OutboundAssignments (District, UserId, Site, CreatedAt, CreatedBy)
             VALUES (@District, @UserId, @Site, @Now, @CreatedBy)
        """;

    /// <summary>Assigns a district to an operator or a site (exactly one of them).</summary>
    public async Task<string?> AssignAsync(string district, int? userId, string? site, OperatorContext by, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(district))
        {
            return "行政区を選んでください。";
        }
        if ((userId is null) == string.IsNullOrWhiteSpace(site))
        {
            return "オペレーターか拠点のどちらか一方を選んでください。";
        }
        if ((TextSafety.FieldProblem("行政区", district) ?? TextSafety.FieldProblem("拠点", site)) is { } unsafeText)
        {
            return unsafeText;
        }
        await using var write = await AuditedWrite.BeginAsync(connections, time, by, cancellationToken);
        var (connection, transaction, now) = (write.Connection, write.Transaction, write.Now);
        await connection.ExecuteAsync(new CommandDefinition(InsertAssignmentSql,
            new { District = district.Trim(), UserId = userId, Site = string.IsNullOrWhiteSpace(site) ? null : site.Trim(), Now = now, CreatedBy = by.UserName },
            transaction, cancellationToken: cancellationToken));
        await write.AuditAsync(AuditActions.OutboundAssign, "district", district.Trim(), details: userId is { } u ? $"user {u}" : $"site {site}");
        await write.CommitAsync();
        return null;
    }

    private const string DeleteAssignmentSql = """
        DELETE FROM OutboundAssignments
         WHERE AssignmentId = @AssignmentId
        """;

    /// <summary>Removes an assignment: the district is open to everyone again (unless assigned otherwise).</summary>
    public async Task UnassignAsync(int assignmentId, OperatorContext by, CancellationToken cancellationToken = default)
    {
        await using var write = await AuditedWrite.BeginAsync(connections, time, by, cancellationToken);
        var (connection, transaction) = (write.Connection, write.Transaction);
        if (await connection.ExecuteAsync(new CommandDefinition(DeleteAssignmentSql, new { AssignmentId = assignmentId }, transaction, cancellationToken: cancellationToken)) > 0)
        {
            await write.AuditAsync(AuditActions.OutboundAssign, "assignment", assignmentId.ToString(CultureInfo.InvariantCulture), details: "removed");
        }
        await write.CommitAsync();
    }

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
            details: $"{households.Count} households; " + (userId is { } u ? $"user {u}" : $"site {site}") + (replaced ? "; replaced" : "")
                + string.Concat(movedList.Select(m => $"; moved {m.Households} from {m.ListName}")));
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
            await write.AuditAsync(AuditActions.OutboundAssign, "list", listName, details: $"removed; {removed} households");
        }
        await write.CommitAsync();
        return removed;
    }

    /// <summary>Saves the rules (all of them, or none when one is out of range); returns the problems.</summary>
    public async Task<IReadOnlyList<string>> SaveRulesAsync(OutboundRules rules, OperatorContext by, CancellationToken cancellationToken = default)
    {
        var errors = rules.Validate();
        if (errors.Count > 0)
        {
            return errors;
        }
        foreach (var (name, value) in rules.ToSettings())
        {
            await settings.SetAsync(name, value, cancellationToken);
        }
        await audit.WriteAsync(by, AuditActions.OutboundRules, "settings", "Outbound",
            details: string.Join("; ", rules.ToSettings().Select(s => $"{s.Name}={s.Value}")), cancellationToken: cancellationToken);
        return [];
    }
}
