using System.Globalization;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Dashboard;
using CallCenter.Data.Database;
using CallCenter.Data.Outbound;
using CallCenter.Data.Settings;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Data.Exports;

/// <summary>The format options of an export.</summary>
/// <param name="Encoding">CSV only: UTF-8 with BOM or CP932 (an .xlsx is always Unicode).</param>
/// <param name="Dates">Western (2026/03/01) or era (令和8年3月1日) dates; in .xlsx the date cells' display format.</param>
/// <param name="Format">CSV or .xlsx.</param>
/// <param name="RowsPerSheet">.xlsx only: rows per sheet, header included (<see cref="XlsxExportWriter.SheetRowLimit"/> unless a test lowers it).</param>
public sealed record ExportOptions(ExportEncoding Encoding = ExportEncoding.Utf8, ExportDates Dates = ExportDates.Western,
    ExportFormat Format = ExportFormat.Csv, int? RowsPerSheet = null)
{
    /// <summary>
    /// The towns whose people the file holds (the caller's scope, narrowed to the towns asked for); every town by default.
    /// It rides on the options rather than as one more parameter of each export: every export already takes the options
    /// to its writer and its query, and the options reach the requests and mailing exports the same way.
    /// </summary>
    public TownScope Towns { get; init; } = TownScope.All;

    /// <summary>
    /// The towns of the installation when it has several: the file then begins with 団体コード and 町名 (<see cref="ExportTable.WithTownColumns"/>).
    /// Null for a single town, whose files stay exactly as before towns existed.
    /// </summary>
    public IReadOnlyList<Town>? TownColumns { get; init; }
}

/// <summary>What an export wrote: rows, and the characters CP932 could not hold (written as 〓).</summary>
public sealed record ExportResult(int Rows, int ReplacedCount, IReadOnlyList<ReplacedCharacter> Replaced);

/// <summary>
/// CSV and .xlsx exports for other offices: residents with current status and whereabouts, unconfirmed residents (for
/// outbound calling elsewhere), calls in a period, report history in a period. Rows are streamed from an
/// unbuffered query into the output, so 1,000,000 rows never sit in memory.
/// </summary>
public sealed class ExportService(ConnectionFactory connections, TimeProvider? time = null)
{
    /// <summary>Progress is reported every this many rows.</summary>
    public const int ProgressInterval = 5000;

    /// <summary>The residents export's columns, in order (typed in <see cref="ExportTables.Residents"/>).</summary>
    public static readonly string[] ResidentHeader = ExportTables.Residents.Header;

    private const string ResidentColumns = """
        SELECT r.ResidentNo, h.HouseholdNo, r.Relationship, r.FamilyName, r.GivenName, r.FamilyNameKana, r.GivenNameKana,
               r.BirthDate, r.Sex, r.District, r.Address, r.Phone, r.IsVulnerable, r.VulnerableReason, r.Status,
               r.StatusReportedAt, r.StatusSource, r.WhereaboutsType, r.PrefectureCode, r.Municipality, r.Place,
               r.ContactPhone, r.TownId
          FROM Residents r
          LEFT JOIN Households h ON h.HouseholdId = r.HouseholdId
         WHERE r.MergedIntoResidentId IS NULL
        """;

    /// <summary>The residents statement for a filter (ordered by resident number), limited to <paramref name="towns"/>.</summary>
    public static string ResidentsSql(ResidentListFilter filter, TownScope? towns = null) =>
        ResidentColumns + ResidentList.Where(filter) + ExportTowns.Filter(towns, "r.TownId") + "\nORDER BY r.ResidentNo";

    /// <summary>Residents with their current status and whereabouts.</summary>
    public async Task<ExportResult> ResidentsAsync(Stream output, ResidentListFilter filter, ExportOptions options,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        await using var writer = await ExportRowWriter.OpenAsync(output, ExportTables.Residents, options);
        await using var connection = await connections.OpenAsync(cancellationToken);
        // A plain command, not Dapper: its parameter reader, emitted on first use, cost more than the rest of a town's
        // export outside the rows (bench: export at 11,500 rows beside its raw-dump floor).
        var (names, values) = new DynamicParametersFor(filter).SetFilterParameters();
        await using var command = new PreparedCommand(connection, null, ResidentsSql(filter, options.Towns), names);
        await using var reader = await command.Set(values).ReaderAsync(cancellationToken);
        var cells = new ExportCell[ResidentHeader.Length];
        while (await reader.ReadAsync(cancellationToken))
        {
            FillResident(cells, reader);
            await writer.WriteRowAsync(reader.GetInt32(22), cells, cancellationToken);
            Report(progress, writer.Rows);
        }
        progress?.Report(writer.Rows);
        return writer.Result;
    }

    /// <summary>
    /// One row of <see cref="ResidentColumns"/> into the cells, read by ordinal: the export of a whole register reads a
    /// million rows, and building a <see cref="ResidentSummary"/> and its extra columns for each cost as much as writing
    /// them (measured against the raw dump in bench/). The same values, labels and formats as <see cref="FillResident(ExportCell[], ResidentSummary, ResidentExtra)"/>.
    /// </summary>
    private static void FillResident(ExportCell[] cells, System.Data.Common.DbDataReader row)
    {
        string? Text(int i) => row.IsDBNull(i) ? null : row.GetString(i);
        // SQLite gives every integer as a long; SQL Server the column's own type.
        long? Number(int i) => row.IsDBNull(i) ? null
            : row.GetFieldType(i) == typeof(long) ? row.GetInt64(i) : Convert.ToInt64(row.GetValue(i), CultureInfo.InvariantCulture);
        cells[0] = row.GetString(0);
        cells[1] = Text(1);
        cells[2] = Text(2);
        cells[3] = $"{row.GetString(3)}　{row.GetString(4)}";
        cells[4] = $"{row.GetString(5)}　{row.GetString(6)}";
        cells[5] = ExportCell.Of(row.IsDBNull(7) ? null : DapperSetup.StoredDate(row.GetValue(7)));
        cells[6] = ((Sex)Number(8).GetValueOrDefault()).Label();
        cells[7] = Text(9);
        cells[8] = Text(10);
        cells[9] = Text(11);
        cells[10] = ExportCell.Of(Number(12) is { } vulnerable && vulnerable != 0 ? 1 : 0);
        cells[11] = Text(13);
        cells[12] = ((SafetyStatus)Number(14).GetValueOrDefault()).Label();
        cells[13] = ExportCell.Utc(row.IsDBNull(15) ? null : DapperSetup.StoredTime(row.GetValue(15)));
        cells[14] = Number(16) is { } source ? ((ReportSource)source).Label() : null;
        cells[15] = Number(17) is { } type ? ((WhereaboutsType)type).Label() : null;
        cells[16] = Prefectures.Name(Number(18) is { } code ? (byte)code : null);
        cells[17] = Text(19);
        cells[18] = Text(20);
        cells[19] = Text(21);
    }

    /// <summary>The unconfirmed list's columns: the residents' columns, then the household's outbound priority and numbers.</summary>
    public static readonly string[] UnconfirmedHeader = ExportTables.Unconfirmed.Header;

    // The residents' columns plus the household's priority from the same statement the outbound queue is built from.
    private const string UnconfirmedColumns = $"""
        SELECT r.ResidentNo, h.HouseholdNo, r.Relationship, r.FamilyName, r.GivenName, r.FamilyNameKana, r.GivenNameKana,
               r.BirthDate, r.Sex, r.District, r.Address, r.Phone, r.IsVulnerable, r.VulnerableReason, r.Status,
               r.StatusReportedAt, r.StatusSource, r.WhereaboutsType, r.PrefectureCode, r.Municipality, r.Place,
               r.ContactPhone, r.HouseholdId, r.TownId,
               CASE WHEN g.HouseholdId IS NULL THEN NULL ELSE {OutboundQueries.PriorityCase} END AS Priority,
               g.Reasons
          FROM Residents r
          LEFT JOIN Households h ON h.HouseholdId = r.HouseholdId
          LEFT JOIN ({OutboundQueries.HouseholdPrioritiesSelect}
                  GROUP BY r.HouseholdId) g ON g.HouseholdId = r.HouseholdId
         WHERE r.MergedIntoResidentId IS NULL
        """;

    /// <summary>The unconfirmed statement for a filter: a household's members together, so its numbers can be merged in.</summary>
    public static string UnconfirmedSql(ResidentListFilter filter, TownScope? towns = null) =>
        UnconfirmedColumns + ResidentList.Where(filter with { Status = null, Confirmed = false, Unconfirmed = true }) + ExportTowns.Filter(towns, "r.TownId")
        + "\nORDER BY r.HouseholdId, r.ResidentNo";

    private const string HouseholdPhonesSql = """
          SELECT r.HouseholdId, r.Phone, r.ContactPhone
            FROM Residents r
           WHERE r.HouseholdId IS NOT NULL
             AND r.MergedIntoResidentId IS NULL
             AND (r.PhoneKey IS NOT NULL OR r.ContactPhoneKey IS NOT NULL)
        ORDER BY r.HouseholdId, r.ResidentNo
        """;

    private const string BadNumbersSql = """
        SELECT HouseholdId, PhoneKey, Outcome
          FROM OutboundBadNumbers
        """;

    /// <summary>
    /// Unconfirmed residents (for outbound calling elsewhere): the residents' columns, then 優先度 (the outbound
    /// priority tier of the household under the current rules), 優先理由 and 電話番号一覧 (every number known for the
    /// household: members' own numbers, then whereabouts contacts, separated by " / "; wrong or dead ones marked).
    /// Rows come household by household.
    /// </summary>
    public async Task<ExportResult> UnconfirmedAsync(Stream output, ResidentListFilter filter, ExportOptions options,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = time ?? TimeProvider.System;
        var rules = await OutboundRules.LoadAsync(new SettingsRepository(connections), cancellationToken);
        var parameters = new DynamicParameters(new DynamicParametersFor(filter with { Status = null, Confirmed = false, Unconfirmed = true }));
        parameters.AddDynamicParams(rules.Parameters(JapanTime.Today(clock), clock.GetUtcNow().UtcDateTime));

        await using var writer = await ExportRowWriter.OpenAsync(output, ExportTables.Unconfirmed, options);
        await using var connection = await connections.OpenAsync(cancellationToken);
        var bad = (await connection.QueryAsync<(int HouseholdId, string PhoneKey, int Outcome)>(new CommandDefinition(BadNumbersSql, cancellationToken: cancellationToken)))
            .ToDictionary(b => (b.HouseholdId, b.PhoneKey), b => (OutboundOutcome)b.Outcome);
        // The households' numbers in household order beside the rows: a second ordered stream, merged as we go.
        await using var phonesConnection = await connections.OpenAsync(cancellationToken);
        await using var phones = phonesConnection.QueryUnbufferedAsync<(int HouseholdId, string? Phone, string? ContactPhone)>(HouseholdPhonesSql)
            .GetAsyncEnumerator(cancellationToken);
        var pending = await phones.MoveNextAsync() ? phones.Current : ((int HouseholdId, string? Phone, string? ContactPhone)?)null;
        int? numbersFor = null;
        var numbers = "";

        var cells = new ExportCell[UnconfirmedHeader.Length];
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(UnconfirmedSql(filter, options.Towns), parameters,
            cancellationToken: cancellationToken));
        var resident = reader.GetRowParser<ResidentSummary>();
        var extra = reader.GetRowParser<UnconfirmedExtra>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var (r, x) = (resident(reader), extra(reader));
            if (x.HouseholdId is not { } householdId)
            {
                numbers = NumberList([r.Phone], [r.ContactPhone], null, bad);
            }
            else if (numbersFor != householdId)
            {
                var own = new List<string?>();
                var contacts = new List<string?>();
                while (pending is { } p && p.HouseholdId <= householdId)
                {
                    if (p.HouseholdId == householdId)
                    {
                        own.Add(p.Phone);
                        contacts.Add(p.ContactPhone);
                    }
                    pending = await phones.MoveNextAsync() ? phones.Current : null;
                }
                numbersFor = householdId;
                numbers = NumberList(own, contacts, householdId, bad);
            }
            FillResident(cells, r, x);
            cells[20] = ExportCell.Of(x.Priority);
            cells[21] = x.Priority is { } tier ? JoinLabels(OutboundLabels.PriorityLabel(tier), OutboundLabels.ReasonsLabel((PriorityReasons)(x.Reasons ?? 0), rules)) : null;
            cells[22] = numbers;
            await writer.WriteRowAsync(x.TownId, cells, cancellationToken);
            Report(progress, writer.Rows);
        }
        progress?.Report(writer.Rows);
        return writer.Result;
    }

    private static void FillResident(ExportCell[] cells, ResidentSummary r, ResidentExtra x)
    {
        cells[0] = r.ResidentNo;
        cells[1] = r.HouseholdNo;
        cells[2] = r.Relationship;
        cells[3] = r.Name;
        cells[4] = r.NameKana;
        cells[5] = ExportCell.Of(r.BirthDate);
        cells[6] = r.Sex.Label();
        cells[7] = r.District;
        cells[8] = x.Address;
        cells[9] = r.Phone;
        cells[10] = ExportCell.Of(r.IsVulnerable ? 1 : 0);
        cells[11] = x.VulnerableReason;
        cells[12] = r.Status.Label();
        cells[13] = ExportCell.Utc(r.StatusReportedAt);
        cells[14] = x.StatusSource?.Label();
        cells[15] = r.WhereaboutsType?.Label();
        cells[16] = Prefectures.Name(r.PrefectureCode);
        cells[17] = r.Municipality;
        cells[18] = r.Place;
        cells[19] = r.ContactPhone;
    }

    private static string JoinLabels(string tier, string reasons) => reasons.Length == 0 ? tier : $"{tier}（{reasons}）";

    /// <summary>A household's numbers, own first then contacts, each once: "0240-11-2233 / 090-1234-5678（番号違い）".</summary>
    private static string NumberList(IEnumerable<string?> own, IEnumerable<string?> contacts, int? householdId,
        IReadOnlyDictionary<(int, string), OutboundOutcome> bad)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var parts = new List<string>();
        foreach (var phone in own.Concat(contacts))
        {
            if (PhoneNumbers.Key(phone) is { } key && seen.Add(key))
            {
                var display = PhoneNumbers.Display(phone)!;
                parts.Add(householdId is { } h && bad.TryGetValue((h, key), out var outcome) ? $"{display}（{outcome.Label()}）" : display);
            }
        }
        return string.Join(" / ", parts);
    }

    /// <summary>The calls export's columns, in order (typed in <see cref="ExportTables.Calls"/>).</summary>
    public static readonly string[] CallHeader = ExportTables.Calls.Header;

    private const string CallsSql = """
          SELECT c.CallId, c.StartedAt, c.EndedAt, c.Direction, c.CallerName, c.CallerPhone, c.CallerRelation,
                 u.DisplayName AS OperatorName, c.Site, c.Note, w.Label AS WrapUp
            FROM Calls c
            LEFT JOIN Users u ON u.UserId = c.OperatorUserId
            LEFT JOIN WrapUpCodes w ON w.WrapUpCodeId = c.WrapUpCodeId
           WHERE c.StartedAt >= @From AND c.StartedAt < @To
        """;

    // A call belongs to the towns of the persons it was about: a limited export holds the calls about someone of its
    // towns (and names only those persons); a call about nobody belongs to no town and goes only to an all-towns export.
    private const string CallsInTowns = """

             AND EXISTS (SELECT 1
                           FROM CallResidents tr
                           JOIN Residents t ON t.ResidentId = tr.ResidentId
                          WHERE tr.CallId = c.CallId
        """;

    private const string CallsOrder = "\nORDER BY c.StartedAt, c.CallId";

    /// <summary>The calls statement, limited to the calls about someone of <paramref name="towns"/>.</summary>
    public static string CallsSqlFor(TownScope? towns) => towns is null || towns.IsAll
        ? CallsSql + CallsOrder
        : CallsSql + CallsInTowns + ExportTowns.Filter(towns, "t.TownId") + ")" + CallsOrder;

    private const string CallResidentsSql = """
          SELECT cr.CallId, r.ResidentNo, r.TownId
            FROM CallResidents cr
            JOIN Residents r ON r.ResidentId = cr.ResidentId
            JOIN Calls c ON c.CallId = cr.CallId
           WHERE c.StartedAt >= @From AND c.StartedAt < @To
        """;

    /// <summary>The persons of the calls, limited to <paramref name="towns"/>.</summary>
    public static string CallResidentsSqlFor(TownScope? towns) =>
        CallResidentsSql + ExportTowns.Filter(towns, "r.TownId") + "\nORDER BY cr.CallId, r.ResidentNo";

    /// <summary>
    /// Residents' requests of a district (null: all) received on or after a Japan date (null: all): see
    /// <see cref="Requests.RequestExport"/>.
    /// </summary>
    public Task<ExportResult> RequestsAsync(Stream output, string? district, DateOnly? since, ExportOptions options,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        new Requests.RequestExport(connections).WriteAsync(output, district, since, options, progress, cancellationToken);

    /// <summary>Calls started in a period (Japan dates, inclusive).</summary>
    public async Task<ExportResult> CallsAsync(Stream output, DateOnly from, DateOnly to, ExportOptions options,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var period = Period(from, to);
        await using var writer = await ExportRowWriter.OpenAsync(output, ExportTables.Calls, options);
        await using var connection = await connections.OpenAsync(cancellationToken);
        // The persons of each call, in call order alongside the calls: a second ordered stream, merged as we go.
        await using var people = await connections.OpenAsync(cancellationToken);
        await using var persons = people.QueryUnbufferedAsync<(long CallId, string ResidentNo, int TownId)>(CallResidentsSqlFor(options.Towns), period)
            .GetAsyncEnumerator(cancellationToken);
        var pending = await persons.MoveNextAsync() ? persons.Current : ((long CallId, string ResidentNo, int TownId)?)null;
        var cells = new ExportCell[CallHeader.Length];
        await foreach (var c in connection.QueryUnbufferedAsync<ExportedCall>(CallsSqlFor(options.Towns), period).WithCancellation(cancellationToken))
        {
            var numbers = new List<string>();
            int? town = null;
            while (pending is { } p && p.CallId <= c.CallId)
            {
                if (p.CallId == c.CallId)
                {
                    numbers.Add(p.ResidentNo);
                    town = town is { } t ? Math.Min(t, p.TownId) : p.TownId;
                }
                pending = await persons.MoveNextAsync() ? persons.Current : null;
            }
            cells[0] = ExportCell.Of(c.CallId);
            cells[1] = ExportCell.Utc(c.StartedAt);
            cells[2] = c.Direction == CallDirection.Inbound ? "着信" : "発信";
            cells[3] = c.CallerName;
            cells[4] = c.CallerPhone;
            cells[5] = c.CallerRelation;
            cells[6] = c.OperatorName;
            cells[7] = c.Site;
            cells[8] = string.Join(" ", numbers);
            cells[9] = c.Note;
            cells[10] = c.WrapUp;
            cells[11] = ExportCell.Of(c.EndedAt is { } end && end >= c.StartedAt ? (long)(end - c.StartedAt).TotalSeconds : null);
            await writer.WriteRowAsync(town, cells, cancellationToken);
            Report(progress, writer.Rows);
        }
        progress?.Report(writer.Rows);
        return writer.Result;
    }

    /// <summary>The reports export's columns, in order (typed in <see cref="ExportTables.Reports"/>).</summary>
    public static readonly string[] ReportHeader = ExportTables.Reports.Header;

    private const string ReportsSql = """
          SELECT s.ReportId, r.ResidentNo, r.FamilyName, r.GivenName, s.ReportedAt, s.RecordedAt, s.Status, s.Source,
                 s.WhereaboutsType, s.PrefectureCode, s.Municipality, s.Place, s.ContactPhone, s.ConsentRelatives,
                 s.ConsentAcquaintances, s.ConsentPublic, s.ReporterName, s.ReporterRelation, s.CallId, s.Note, r.TownId
            FROM SafetyReports s
            JOIN Residents r ON r.ResidentId = s.ResidentId
           WHERE s.RecordedAt >= @From AND s.RecordedAt < @To
        """;

    /// <summary>The reports statement, limited to the residents of <paramref name="towns"/>.</summary>
    public static string ReportsSqlFor(TownScope? towns) =>
        ReportsSql + ExportTowns.Filter(towns, "r.TownId") + "\nORDER BY s.RecordedAt, s.ReportId";

    /// <summary>Reports recorded in a period (Japan dates, inclusive), oldest first.</summary>
    public async Task<ExportResult> ReportsAsync(Stream output, DateOnly from, DateOnly to, ExportOptions options,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        await using var writer = await ExportRowWriter.OpenAsync(output, ExportTables.Reports, options);
        await using var connection = await connections.OpenAsync(cancellationToken);
        var cells = new ExportCell[ReportHeader.Length];
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(ReportsSqlFor(options.Towns), Period(from, to),
            cancellationToken: cancellationToken));
        // The report's own columns as the stored report; the resident's number and name beside it.
        var report = reader.GetRowParser<SafetyReport>();
        var (residentNo, familyName, givenName) = (reader.GetOrdinal("ResidentNo"), reader.GetOrdinal("FamilyName"), reader.GetOrdinal("GivenName"));
        var townId = reader.GetOrdinal("TownId");
        while (await reader.ReadAsync(cancellationToken))
        {
            var s = report(reader);
            cells[0] = ExportCell.Of(s.ReportId);
            cells[1] = reader.GetString(residentNo);
            cells[2] = $"{reader.GetString(familyName)}　{reader.GetString(givenName)}";
            cells[3] = ExportCell.Utc(s.ReportedAt);
            cells[4] = ExportCell.Utc(s.RecordedAt);
            cells[5] = s.Status.Label();
            cells[6] = s.Source.Label();
            cells[7] = s.WhereaboutsType?.Label();
            cells[8] = Prefectures.Name(s.PrefectureCode);
            cells[9] = s.Municipality;
            cells[10] = s.Place;
            cells[11] = s.ContactPhone;
            cells[12] = Consent(s.ConsentRelatives);
            cells[13] = Consent(s.ConsentAcquaintances);
            cells[14] = Consent(s.ConsentPublic);
            cells[15] = s.ReporterName;
            cells[16] = s.ReporterRelation;
            cells[17] = ExportCell.Of(s.CallId);
            cells[18] = s.Note;
            await writer.WriteRowAsync(reader.GetInt32(townId), cells, cancellationToken);
            Report(progress, writer.Rows);
        }
        progress?.Report(writer.Rows);
        return writer.Result;
    }

    /// <summary>
    /// The statements this class composes for a limited town scope (two towns, and none), for the tests that parse and bind
    /// every statement on SQL Server.
    /// </summary>
    public static IEnumerable<(string Name, string Sql)> TownStatements()
    {
        foreach (var (label, scope) in new[] { ("two", TownScope.Only([1, 2])), ("none", TownScope.Only([])) })
        {
            var filter = new ResidentListFilter(Provisional: false);
            yield return ($"residents.towns.{label}", ResidentsSql(filter, scope));
            yield return ($"unconfirmed.towns.{label}", UnconfirmedSql(filter, scope));
            yield return ($"calls.towns.{label}", CallsSqlFor(scope));
            yield return ($"callResidents.towns.{label}", CallResidentsSqlFor(scope));
            yield return ($"reports.towns.{label}", ReportsSqlFor(scope));
        }
    }

    /// <summary>A date as written to CSV: 2026/03/01 or 令和8年3月1日.</summary>
    public static string? Date(DateOnly? date, ExportDates dates) => date is not { } d
        ? null
        : dates == ExportDates.Era ? JapaneseDates.FormatEra(d) : JapaneseDates.FormatWestern(d);

    /// <summary>A stored UTC time as written to CSV, in Japan time: 2026/03/01 14:05 or 令和8年3月1日 14:05.</summary>
    public static string? Time(DateTime? utc, ExportDates dates)
    {
        if (utc is not { } t)
        {
            return null;
        }
        if (dates == ExportDates.Western)
        {
            return JapanTime.Format(t);
        }
        var local = JapanTime.FromUtc(t);
        return $"{Date(DateOnly.FromDateTime(local), dates)} {local:HH:mm}";
    }

    private static string Consent(bool? consent) => consent switch { true => "同意", false => "不同意", _ => "未確認" };

    private static object Period(DateOnly from, DateOnly to) =>
        new { From = JapanTime.StartOfDayUtc(from), To = JapanTime.StartOfDayUtc(to.AddDays(1)) };

    private static void Report(IProgress<int>? progress, int rows)
    {
        if (rows % ProgressInterval == 0)
        {
            progress?.Report(rows);
        }
    }

    /// <summary>
    /// The columns of an exported resident that <see cref="ResidentSummary"/> (the resident with current status and
    /// whereabouts, read from the same row) does not carry.
    /// </summary>
    private class ResidentExtra
    {
        public string? Address { get; init; }
        public string? VulnerableReason { get; init; }
        public ReportSource? StatusSource { get; init; }
    }

    /// <summary>A call as exported: the call, its operator's name and its wrap-up code's label.</summary>
    private sealed class ExportedCall
    {
        public long CallId { get; init; }
        public DateTime StartedAt { get; init; }
        public DateTime? EndedAt { get; init; }
        public CallDirection Direction { get; init; }
        public string? CallerName { get; init; }
        public string? CallerPhone { get; init; }
        public string? CallerRelation { get; init; }
        public string? OperatorName { get; init; }
        public string? Site { get; init; }
        public string? Note { get; init; }
        public string? WrapUp { get; init; }
    }

    /// <summary>The unconfirmed list's extra columns: the household and its outbound priority.</summary>
    private sealed class UnconfirmedExtra : ResidentExtra
    {
        public int? HouseholdId { get; init; }
        public int TownId { get; init; }
        public int? Priority { get; init; }
        public int? Reasons { get; init; }
    }
}
