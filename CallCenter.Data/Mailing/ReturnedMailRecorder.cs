using System.Globalization;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Outbound;
using CallCenter.Data.Settings;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Data.Mailing;

/// <summary>
/// Returned mail (宛所不明, issue 18): a clerk records letters that came back, by 世帯番号, one at a time or as a pasted
/// list. Each marks the household's current 送付先 as returned (HouseholdMailing.ReturnedOn, the earliest return
/// since the address was recorded) and adds a ReturnedMail row, audited. While ReturnedOn is set the household is on
/// the outbound worklist as 再確認（優先） (<see cref="OutboundQueries.ReturnedMailNeed"/>); recording a new address
/// clears it. The queue is rebuilt once the returns are saved, so the households are on the worklist at once.
/// </summary>
public sealed class ReturnedMailRecorder(ConnectionFactory connections, AuditRepository audit, SettingsRepository settings, TimeProvider time)
{
    /// <summary>At most this many numbers are read from one paste (as list assignments).</summary>
    public const int MaxNumbers = OutboundLists.MaxListNumbers;

    /// <summary>A note's maximum length (ReturnedMail.Note).</summary>
    public const int MaxNote = 200;

    // The household of one town and its current 送付先 (NULL columns when none is recorded); NULL row when no such household.
    private const string HouseholdSql = """
        SELECT h.HouseholdId, m.AddressId, a.RecordedAt
          FROM Households h
          LEFT JOIN HouseholdMailing m ON m.HouseholdId = h.HouseholdId
          LEFT JOIN MailingAddresses a ON a.AddressId = m.AddressId
         WHERE h.HouseholdNo = @No
           AND h.TownId = @TownId
        """;

    private const string InsertReturnSql = """
        INSERT INTO ReturnedMail (HouseholdId, AddressId, ReturnedOn, Note, RecordedAt, RecordedBy)
             VALUES (@HouseholdId, @AddressId, @ReturnedOn, @Note, @Now, @UserId)
        """;

    // Only the address letters were sent to (a new one recorded meanwhile is not marked), and the earliest return kept.
    private const string MarkReturnedSql = """
        UPDATE HouseholdMailing
           SET ReturnedOn = @ReturnedOn
         WHERE HouseholdId = @HouseholdId
           AND AddressId = @AddressId
           AND (ReturnedOn IS NULL OR ReturnedOn > @ReturnedOn)
        """;

    /// <summary>
    /// Records letters returned on <paramref name="returnedOn"/> (null: today, Japan date) to the households of
    /// <paramref name="numbers"/> (世帯番号, one a line or separated by commas, 、 or spaces). All or nothing: an unknown
    /// number, a household without a 送付先, a date in the future or before the address was recorded writes nothing, and
    /// the message names every number concerned. Household numbers are a town's own: they are looked up in
    /// <paramref name="townId"/>'s register (null: the only town; refused when several exist), which must lie inside
    /// <paramref name="scope"/> (null: all towns).
    /// </summary>
    public async Task<ReturnedMailResult> RecordAsync(string? numbers, DateOnly? returnedOn, string? note, OperatorContext by,
        int? townId = null, TownScope? scope = null, CancellationToken cancellationToken = default)
    {
        var parsed = OutboundLists.ParseNumbers(numbers);
        if (parsed.Count == 0)
        {
            return ReturnedMailResult.Fail("世帯番号を入力してください。");
        }
        if (parsed.Count > MaxNumbers)
        {
            return ReturnedMailResult.Fail($"一度に記録できるのは{MaxNumbers:N0}件までです（{parsed.Count:N0}件あります）。");
        }
        var today = JapanTime.Today(time);
        var day = returnedOn ?? today;
        if (day > today)
        {
            return ReturnedMailResult.Fail($"返戻日 {JapaneseDates.FormatWestern(day)} は未来の日付です。");
        }
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (note is { Length: > MaxNote })
        {
            return ReturnedMailResult.Fail($"メモは{MaxNote}文字以内にしてください（{note.Length}文字あります）。");
        }
        if (TextSafety.FieldProblem("メモ", note) is { } unsafeNote)
        {
            return ReturnedMailResult.Fail(unsafeNote);
        }
        await using var write = await AuditedWrite.BeginAsync(connections, time, by, cancellationToken);
        var (connection, transaction, now) = (write.Connection, write.Transaction, write.Now);
        var (town, joint, townProblem) = await TownRepository.ImportTownAsync(connection, transaction, townId, cancellationToken);
        if (town is null || !(scope ?? TownScope.All).Includes(town.TownId))
        {
            await write.RollbackAsync();
            return ReturnedMailResult.Fail((townProblem ?? "指定された町は担当外です。").Replace("取り込む町", "世帯の町", StringComparison.Ordinal));
        }
        // One indexed lookup per number (HouseholdNo is unique), inside the write so nothing changes between check and write.
        var found = new List<(string No, HouseholdRow Row)>();
        var unknown = new List<string>();
        var noAddress = new List<string>();
        var tooEarly = new List<string>();
        foreach (var no in parsed)
        {
            var row = await connection.QuerySingleOrDefaultAsync<HouseholdRow>(new CommandDefinition(HouseholdSql, new { No = no, town.TownId }, transaction,
                cancellationToken: cancellationToken));
            if (row is null)
            {
                unknown.Add(no);
            }
            else if (row.AddressId is null)
            {
                noAddress.Add(no);
            }
            else if (row.RecordedAt is { } recorded && DateOnly.FromDateTime(JapanTime.FromUtc(recorded)) > day)
            {
                tooEarly.Add($"{no}（{JapaneseDates.FormatWestern(DateOnly.FromDateTime(JapanTime.FromUtc(recorded)))}登録）");
            }
            else
            {
                found.Add((no, row));
            }
        }
        var problems = new List<string>();
        if (unknown.Count > 0)
        {
            problems.Add($"見つからない世帯番号があります（{unknown.Count}件）: {Names(unknown)}。");
        }
        if (noAddress.Count > 0)
        {
            problems.Add($"送付先が登録されていない世帯があります（{noAddress.Count}件）: {Names(noAddress)}。返戻は送付先のある世帯にだけ記録できます。");
        }
        if (tooEarly.Count > 0)
        {
            problems.Add($"返戻日 {JapaneseDates.FormatWestern(day)} より後に今の送付先を登録した世帯があります（{tooEarly.Count}件）: {Names(tooEarly)}。");
        }
        if (problems.Count > 0)
        {
            await write.RollbackAsync();
            return ReturnedMailResult.Fail(string.Join(" ", problems) + " 何も記録していません。");
        }
        foreach (var (no, row) in found)
        {
            var args = new { row.HouseholdId, row.AddressId, ReturnedOn = day, Note = note, Now = now, by.UserId };
            await connection.ExecuteAsync(new CommandDefinition(InsertReturnSql, args, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(MarkReturnedSql, args, transaction, cancellationToken: cancellationToken));
            await write.AuditAsync(AuditActions.RecordReturnedMail, "household", row.HouseholdId.ToString(CultureInfo.InvariantCulture),
                details: AuditDetails.Join($"世帯番号 {no}", joint ? $"町 {town.Label}" : null, $"返戻日 {AuditDetails.Date(day)}", note is null ? null : $"メモ「{note}」"));
        }
        await write.CommitAsync();
        // As a campaign's start does: the households are on the worklist at once, not at the queue's next rebuild
        // (which writes only what differs, in short transactions).
        await new OutboundQueue(connections, settings, time).RebuildAsync(cancellationToken);
        return new ReturnedMailResult(null, [.. found.Select(f => f.No)], day);
    }

    private static string Names(List<string> numbers) =>
        string.Join("、", numbers.Take(20)) + (numbers.Count > 20 ? $" ほか{numbers.Count - 20}件" : "");

    private const string RecentSql = """
          SELECT r.ReturnId, h.TownId, h.HouseholdNo, h.District, r.ReturnedOn, r.Note, r.RecordedAt, u.DisplayName AS RecordedByName,
                 a.Addressee, a.PostalCode, a.Address1, a.Address2,
                 CASE WHEN m.AddressId = r.AddressId AND m.ReturnedOn IS NOT NULL THEN 1 ELSE 0 END AS StillReturned
            FROM ReturnedMail r
            JOIN Households h ON h.HouseholdId = r.HouseholdId
            JOIN MailingAddresses a ON a.AddressId = r.AddressId
            LEFT JOIN HouseholdMailing m ON m.HouseholdId = r.HouseholdId
            LEFT JOIN Users u ON u.UserId = r.RecordedBy
           WHERE 1 = 1
        ORDER BY r.ReturnId DESC
        {page}
        """;

    /// <summary>
    /// The latest <paramref name="take"/> returned letters, newest first, with the address each was sent to and whether
    /// the household still has no usable address, of the households of <paramref name="scope"/>'s towns (null: all).
    /// Names and addresses: the read is audited as <paramref name="by"/>'s.
    /// </summary>
    public async Task<IReadOnlyList<ReturnedMailEntry>> RecentAsync(int take, OperatorContext by, TownScope? scope = null,
        CancellationToken cancellationToken = default)
    {
        scope ??= TownScope.All;
        List<ReturnedMailEntry> rows;
        await using (var connection = await connections.OpenAsync(cancellationToken))
        {
            rows = (await connection.QueryAsync<ReturnedMailEntry>(new CommandDefinition(
                connections.Dialect.Render(RecentSql.Insert(RecentSql.IndexOf("ORDER BY", StringComparison.Ordinal) - 1, scope.Filter("h.TownId"))),
                new { Skip = 0, Take = take, scope.TownIds }, cancellationToken: cancellationToken))).AsList();
        }
        await audit.WriteAsync(by, AuditActions.ViewList, "returned-mail", null, details: $"返戻の記録 最新{AuditDetails.Count(rows.Count, "件")}",
            cancellationToken: cancellationToken);
        return rows;
    }

    private sealed class HouseholdRow
    {
        public int HouseholdId { get; init; }
        public int? AddressId { get; init; }
        public DateTime? RecordedAt { get; init; }
    }
}
