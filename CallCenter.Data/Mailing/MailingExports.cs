using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Exports;
using CallCenter.Data.Outbound;
using Dapper;

namespace CallCenter.Data.Mailing;

/// <summary>
/// The mailing exports (issue 18): the list for 宛名印刷 (one row per household with a usable 送付先) and the list of
/// households the town cannot write to (no 送付先, or letters to it come back), with their numbers for the outbound
/// worklist. The same encodings, date styles and formula guard as the other exports (<see cref="ExportRowWriter"/>);
/// rows stream from an unbuffered query.
/// </summary>
/// <remarks>
/// A household counts when it has a living member (not 死亡, no 死亡 report waiting for approval: the outbound
/// queue's <see cref="OutboundQueries.HouseholdPrioritiesFilter"/>); 世帯人数 is the number of those members.
/// </remarks>
public sealed class MailingExports(ConnectionFactory connections)
{
    /// <summary>mailing.csv: the columns are a contract (issue 18): 郵便番号 written 979-1306, 確認日 in the export's date style.</summary>
    public static readonly ExportTable Mailing = new("mailing", "宛名印刷用の送付先",
    [
        new("世帯番号", ExportColumnType.Code), new("宛名"), new("郵便番号", ExportColumnType.Code), new("住所1"), new("住所2"), new("行政区"),
        new("世帯人数", ExportColumnType.Number), new("確認日", ExportColumnType.Date),
    ]);

    /// <summary>
    /// mailing-missing.csv: households without a usable 送付先. 状態 is 送付先なし or 宛所不明; 返戻日 and 返戻した送付先
    /// (〒, 住所1 and 住所2 of the address letters came back from) only for 宛所不明; 電話番号一覧 as the worklist
    /// lists the numbers (members' own first, then whereabouts contacts, each once, wrong or dead ones marked).
    /// </summary>
    public static readonly ExportTable Missing = new("mailing-missing", "送付先が使えない世帯",
    [
        new("世帯番号", ExportColumnType.Code), new("世帯主"), new("行政区"), new("世帯人数", ExportColumnType.Number), new("状態"),
        new("返戻日", ExportColumnType.Date), new("返戻した送付先"), new("電話番号一覧", ExportColumnType.Code),
    ]);

    // Living members per household, as the outbound queue counts them (a whole scan: an export reads every household).
    private const string LivingMembers = $"""
        SELECT r.HouseholdId, COUNT(*) AS Living
                  FROM Residents r
                 WHERE {OutboundQueries.HouseholdPrioritiesFilter}
              GROUP BY r.HouseholdId
        """;

    private const string MailingSql = $"""
          SELECT h.HouseholdNo, a.Addressee, a.PostalCode, a.Address1, a.Address2, h.District, g.Living, a.ConfirmedOn, h.TownId
            FROM HouseholdMailing m
            JOIN MailingAddresses a ON a.AddressId = m.AddressId
            JOIN Households h ON h.HouseholdId = m.HouseholdId
            JOIN ({LivingMembers}) g ON g.HouseholdId = m.HouseholdId
           WHERE m.ReturnedOn IS NULL
             AND (@District IS NULL OR h.District = @District)
             AND (@Prefecture IS NULL OR a.Address1 LIKE @Prefecture)
        """;

    /// <summary>
    /// Writes mailing.csv: every household with a current 送付先 whose letters do not come back, of one 行政区 and with
    /// an address in one prefecture (住所1 begins with its name) when given.
    /// </summary>
    public async Task<ExportResult> MailingAsync(Stream output, string? district, byte? prefectureCode, ExportOptions options,
        CancellationToken cancellationToken = default)
    {
        await using var writer = await ExportRowWriter.OpenAsync(output, Mailing, options);
        await using var connection = await connections.OpenAsync(cancellationToken);
        var cells = new ExportCell[Mailing.Columns.Count];
        var args = new { District = district, Prefecture = Prefectures.Name(prefectureCode) is { } name ? name + "%" : null };
        await foreach (var row in connection.QueryUnbufferedAsync<MailingRow>(
            MailingSql + ExportTowns.Filter(options.Towns, "h.TownId") + "\nORDER BY h.HouseholdNo", args).WithCancellation(cancellationToken))
        {
            cells[0] = row.HouseholdNo;
            cells[1] = row.Addressee;
            cells[2] = PostalCode(row.PostalCode);
            cells[3] = row.Address1;
            cells[4] = row.Address2;
            cells[5] = row.District;
            cells[6] = ExportCell.Of(row.Living);
            cells[7] = ExportCell.Of(row.ConfirmedOn);
            await writer.WriteRowAsync(row.TownId, cells, cancellationToken);
        }
        return writer.Result;
    }

    // One row per household and member with a number (households without any number: one row with none), in household
    // order, so the numbers are gathered as the rows stream. The head: the lowest 世帯主, else the lowest member.
    // A parameter, not a literal: SQL Server reads a literal without N as varchar and loses the kanji.
    private const string HeadRelationship = "世帯主";

    private const string MissingSql = $"""
          SELECT h.HouseholdId, h.TownId, h.HouseholdNo, h.District, g.Living, m.ReturnedOn, a.PostalCode, a.Address1, a.Address2,
                 hd.FamilyName AS HeadFamilyName, hd.GivenName AS HeadGivenName, p.Phone, p.ContactPhone, b.Outcome AS PhoneOutcome,
                 c.Outcome AS ContactOutcome
            FROM Households h
            JOIN ({LivingMembers}) g ON g.HouseholdId = h.HouseholdId
            LEFT JOIN HouseholdMailing m ON m.HouseholdId = h.HouseholdId
            LEFT JOIN MailingAddresses a ON a.AddressId = m.AddressId
            LEFT JOIN Residents hd ON hd.ResidentId = COALESCE((SELECT MIN(x.ResidentId)
                                                                   FROM Residents x
                                                                  WHERE x.HouseholdId = h.HouseholdId
                                                                    AND x.Relationship = @Head
                                                                    AND x.MergedIntoResidentId IS NULL),
                                                                (SELECT MIN(x.ResidentId)
                                                                   FROM Residents x
                                                                  WHERE x.HouseholdId = h.HouseholdId
                                                                    AND x.MergedIntoResidentId IS NULL))
            LEFT JOIN Residents p ON p.HouseholdId = h.HouseholdId
                                 AND p.MergedIntoResidentId IS NULL
                                 AND (p.PhoneKey IS NOT NULL OR p.ContactPhoneKey IS NOT NULL)
            LEFT JOIN OutboundBadNumbers b ON b.HouseholdId = h.HouseholdId AND b.PhoneKey = p.PhoneKey
            LEFT JOIN OutboundBadNumbers c ON c.HouseholdId = h.HouseholdId AND c.PhoneKey = p.ContactPhoneKey
           WHERE (m.HouseholdId IS NULL OR m.ReturnedOn IS NOT NULL)
             AND (@District IS NULL OR h.District = @District)
             AND (@PrefectureCode IS NULL OR EXISTS (SELECT 1
                                                       FROM Residents w
                                                      WHERE w.HouseholdId = h.HouseholdId
                                                        AND w.PrefectureCode = @PrefectureCode
                                                        AND w.MergedIntoResidentId IS NULL
                                                        AND w.Status <> 5))
        """;

    /// <summary>
    /// Writes mailing-missing.csv: every household with a living member and no usable 送付先 (none recorded, or
    /// 宛所不明), of one 行政区 and with a living member whose current whereabouts is in one prefecture when given.
    /// </summary>
    public async Task<ExportResult> MissingAsync(Stream output, string? district, byte? prefectureCode, ExportOptions options,
        CancellationToken cancellationToken = default)
    {
        await using var writer = await ExportRowWriter.OpenAsync(output, Missing, options);
        await using var connection = await connections.OpenAsync(cancellationToken);
        var cells = new ExportCell[Missing.Columns.Count];
        MissingRow? current = null;
        var own = new List<(string? Phone, int? Outcome)>();
        var contacts = new List<(string? Phone, int? Outcome)>();
        async Task FlushAsync()
        {
            if (current is not { } h)
            {
                return;
            }
            cells[0] = h.HouseholdNo;
            cells[1] = $"{h.HeadFamilyName} {h.HeadGivenName}".Trim();
            cells[2] = h.District;
            cells[3] = ExportCell.Of(h.Living);
            cells[4] = h.ReturnedOn is null ? "送付先なし" : "宛所不明";
            cells[5] = ExportCell.Of(h.ReturnedOn);
            cells[6] = h.ReturnedOn is null ? null : string.Join(" ", new[] { h.PostalCode is { } pc ? "〒" + PostalCode(pc) : null, h.Address1, h.Address2 }
                .Where(s => !string.IsNullOrWhiteSpace(s)));
            cells[7] = NumberList(own.Concat(contacts));
            await writer.WriteRowAsync(h.TownId, cells, cancellationToken);
            own.Clear();
            contacts.Clear();
        }
        var args = new { District = district, PrefectureCode = prefectureCode, Head = HeadRelationship };
        await foreach (var row in connection.QueryUnbufferedAsync<MissingRow>(
            MissingSql + ExportTowns.Filter(options.Towns, "h.TownId") + "\nORDER BY h.HouseholdNo, h.HouseholdId, p.ResidentNo", args).WithCancellation(cancellationToken))
        {
            if (current is null || current.HouseholdId != row.HouseholdId)
            {
                await FlushAsync();
                current = row;
            }
            own.Add((row.Phone, row.PhoneOutcome));
            contacts.Add((row.ContactPhone, row.ContactOutcome));
        }
        await FlushAsync();
        return writer.Result;
    }

    /// <summary>A stored postal code (7 digits) as printed on an envelope without the mark: 979-1306.</summary>
    public static string PostalCode(string stored) =>
        stored.Length == 7 ? $"{stored[..3]}-{stored[3..]}" : stored;

    // As the worklist shows a household's numbers: each once (by its key), wrong or dead ones marked, " / " between.
    private static string NumberList(IEnumerable<(string? Phone, int? Outcome)> numbers)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var parts = new List<string>();
        foreach (var (phone, outcome) in numbers)
        {
            if (PhoneNumbers.Key(phone) is { } key && seen.Add(key))
            {
                var display = PhoneNumbers.Display(phone)!;
                parts.Add(outcome is { } o ? $"{display}（{((OutboundOutcome)o).Label()}）" : display);
            }
        }
        return string.Join(" / ", parts);
    }

    private sealed class MailingRow
    {
        public string HouseholdNo { get; init; } = "";
        public string Addressee { get; init; } = "";
        public string PostalCode { get; init; } = "";
        public string Address1 { get; init; } = "";
        public string? Address2 { get; init; }
        public string? District { get; init; }
        public int Living { get; init; }
        public DateOnly? ConfirmedOn { get; init; }
        public int TownId { get; init; }
    }

    private sealed class MissingRow
    {
        public int HouseholdId { get; init; }
        public int TownId { get; init; }
        public string HouseholdNo { get; init; } = "";
        public string? District { get; init; }
        public int Living { get; init; }
        public DateOnly? ReturnedOn { get; init; }
        public string? PostalCode { get; init; }
        public string? Address1 { get; init; }
        public string? Address2 { get; init; }
        public string? HeadFamilyName { get; init; }
        public string? HeadGivenName { get; init; }
        public string? Phone { get; init; }
        public string? ContactPhone { get; init; }
        public int? PhoneOutcome { get; init; }
        public int? ContactOutcome { get; init; }
    }
}
