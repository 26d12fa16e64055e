using System.Diagnostics;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;
using Dapper;

namespace CallCenter.Bench;

/// <summary>
/// The operator console on an imported register: search latency over a mixed set of realistic queries, and
/// saving a call with five household reports; each beside its floor.
/// </summary>
public static class ConsoleScenarios
{
    private sealed class Person
    {
        public int ResidentId { get; init; }
        public string ResidentNo { get; init; } = "";
        public string FamilyName { get; init; } = "";
        public string GivenName { get; init; } = "";
        public string FamilyNameKana { get; init; } = "";
        public string GivenNameKana { get; init; } = "";
        public DateOnly BirthDate { get; init; }
        public string? Phone { get; init; }
        public string FamilyKanaKey { get; init; } = "";
        public string FamilyNameKey { get; init; } = "";
        public int? HouseholdId { get; init; }
    }

    private sealed record Query(string Text, string FloorSql, object FloorArgs, string Kind);

    private const string SampleSql = """
        SELECT ResidentId, ResidentNo, FamilyName, GivenName, FamilyNameKana, GivenNameKana, BirthDate, Phone,
               FamilyKanaKey, FamilyNameKey, HouseholdId
          FROM Residents
         WHERE ResidentId = @ResidentId
        """;

    private const string CountSql = "SELECT MAX(ResidentId) FROM Residents";

    // The floor of each query: one indexed lookup of the same key, 20 rows at most.
    private const string FloorFamilyKanaSql = $"SELECT {ResidentSearchColumns} FROM Residents r LEFT JOIN Households h ON h.HouseholdId = r.HouseholdId WHERE r.FamilyKanaKey = @Key ORDER BY r.FamilyKanaKey, r.GivenKanaKey LIMIT 20";
    private const string FloorFamilyNameSql = $"SELECT {ResidentSearchColumns} FROM Residents r LEFT JOIN Households h ON h.HouseholdId = r.HouseholdId WHERE r.FamilyNameKey = @Key ORDER BY r.FamilyNameKey, r.GivenNameKey LIMIT 20";
    private const string FloorBirthDateSql = $"SELECT {ResidentSearchColumns} FROM Residents r LEFT JOIN Households h ON h.HouseholdId = r.HouseholdId WHERE r.BirthDate = @Key LIMIT 20";
    private const string FloorPhoneSql = $"SELECT {ResidentSearchColumns} FROM Residents r LEFT JOIN Households h ON h.HouseholdId = r.HouseholdId WHERE r.PhoneKey = @Key LIMIT 20";
    private const string FloorNumberSql = $"SELECT {ResidentSearchColumns} FROM Residents r LEFT JOIN Households h ON h.HouseholdId = r.HouseholdId WHERE r.ResidentNo = @Key LIMIT 20";
    private const string ResidentSearchColumns = "r.ResidentId, r.ResidentNo, r.HouseholdId, h.HouseholdNo, r.FamilyName, r.GivenName, r.FamilyNameKana, r.GivenNameKana, r.BirthDate, r.Sex, r.District, r.Status, r.WhereaboutsType, r.PrefectureCode, r.Municipality, r.Place, r.Version";

    public static async Task<(Measurement Search, Measurement Floor)> SearchAsync(string db, int rows, int queries)
    {
        var connections = new ConnectionFactory(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={db}"));
        var people = await SampleAsync(connections, queries / 8 + 1);
        var set = people.SelectMany(Queries).Take(queries).ToList();
        var (index, load) = await SearchIndexScenario.LoadAsync(connections);
        var search = new ResidentSearch(connections, index: index);
        // Warm up as a running server is: one untimed pass over the same queries (first use of each statement shape,
        // the page cache, the JIT's tiering); the floor gets the same pass below.
        foreach (var q in set)
        {
            await search.SearchAsync(q.Text, 20);
        }
        var warmed = index.AnsweredFromIndex;
        var productTimes = new List<double>(set.Count);
        var byKind = new Dictionary<string, List<double>>();
        var found = 0;
        foreach (var q in set)
        {
            var watch = Stopwatch.StartNew();
            var hits = await search.SearchAsync(q.Text, 20);
            var ms = watch.Elapsed.TotalMilliseconds;
            productTimes.Add(ms);
            (byKind.TryGetValue(q.Kind, out var list) ? list : byKind[q.Kind] = []).Add(ms);
            found += hits.Count > 0 ? 1 : 0;
        }
        var fromIndex = index.AnsweredFromIndex - warmed;
        foreach (var q in set)
        {
            await using var connection = await connections.OpenAsync();
            (await connection.QueryAsync<ResidentSummary>(q.FloorSql, q.FloorArgs)).AsList();
        }
        var floorTimes = new List<double>(set.Count);
        var floorByKind = new Dictionary<string, List<double>>();
        foreach (var q in set)
        {
            var watch = Stopwatch.StartNew();
            await using var connection = await connections.OpenAsync();
            (await connection.QueryAsync<ResidentSummary>(q.FloorSql, q.FloorArgs)).AsList();
            var ms = watch.Elapsed.TotalMilliseconds;
            floorTimes.Add(ms);
            (floorByKind.TryGetValue(q.Kind, out var list) ? list : floorByKind[q.Kind] = []).Add(ms);
        }
        var peak = Measurement.PeakResidentMegabytes();
        await SearchIndexScenario.WriteDetailAsync(db, rows, connections, index, load,
            set.Select(q => (q.Text, q.Kind)).ToList(), byKind, floorByKind, fromIndex);
        return (new Measurement("search", rows, Percentile(productTimes, 50) / 1000, peak,
                    $"p50 {Percentile(productTimes, 50):0.00} ms; p95 {Percentile(productTimes, 95):0.00} ms; {set.Count} queries; {found} with hits"),
                new Measurement("search-floor", rows, Percentile(floorTimes, 50) / 1000, peak,
                    $"p50 {Percentile(floorTimes, 50):0.00} ms; p95 {Percentile(floorTimes, 95):0.00} ms"));
    }

    public static async Task<(Measurement Save, Measurement Floor)> SaveAsync(string db, int rows, int calls)
    {
        var connections = new ConnectionFactory(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={db}"));
        // As in the app, checkpoints run in the background for the product and the floor alike.
        using var stop = new CancellationTokenSource();
        var checkpointer = new WalCheckpointer(connections).RunAsync(stop.Token);
        var people = await SampleAsync(connections, calls * 5);
        var service = new CallRecordingService(connections, TimeProvider.System);
        var by = new OperatorContext(null, "bench", "会津若松");
        var batches = people.Chunk(5).Where(c => c.Length == 5).Take(calls).ToList();
        PersonReportDraft Draft(Person p, int version) => new(p.ResidentId, version, SafetyStatus.Safe, ReportSource.Family,
            WhereaboutsType.Shelter, 7, "会津若松市", "第二中学校体育館", "090-1234-5678", new Consent(true, true, false), "ベンチマーク");
        var productTimes = new List<double>();
        foreach (var batch in batches)
        {
            var versions = await VersionsAsync(connections, batch);
            var draft = new CallDraft(CallDirection.Inbound, "佐藤 一郎", "090-1234-5678", "子", null,
                batch.Select((p, i) => Draft(p, versions[i])).ToList(), WrapUpCodeId: 1);
            var watch = Stopwatch.StartNew();
            var result = await service.SaveAsync(draft, by);
            productTimes.Add(watch.Elapsed.TotalMilliseconds);
            if (!result.Saved)
            {
                throw new InvalidOperationException("save failed: " + string.Join("; ", result.Errors.Select(e => e.Message)));
            }
        }
        var floorTimes = new List<double>();
        var now = DateTime.UtcNow;
        foreach (var batch in batches)
        {
            var watch = Stopwatch.StartNew();
            await using var connection = await connections.OpenAsync();
            await using var transaction = await connections.BeginWriteAsync(connection);
            var callId = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO Calls (Direction, CallerName, StartedAt) VALUES (1, '佐藤 一郎', @now); SELECT last_insert_rowid();", new { now }, transaction);
            foreach (var p in batch)
            {
                var reportId = await connection.ExecuteScalarAsync<long>(
                    "INSERT INTO SafetyReports (ResidentId, CallId, Status, Source, ReportedAt, RecordedAt) VALUES (@ResidentId, @callId, 1, 2, @now, @now); SELECT last_insert_rowid();",
                    new { p.ResidentId, callId, now }, transaction);
                await connection.ExecuteAsync("UPDATE Residents SET Status = 1, StatusReportId = @reportId WHERE ResidentId = @ResidentId",
                    new { reportId, p.ResidentId }, transaction);
            }
            await transaction.CommitAsync();
            floorTimes.Add(watch.Elapsed.TotalMilliseconds);
        }
        await stop.CancelAsync();
        await checkpointer;
        var peak = Measurement.PeakResidentMegabytes();
        return (new Measurement("save-call", rows, Percentile(productTimes, 50) / 1000, peak,
                    $"p50 {Percentile(productTimes, 50):0.00} ms; p95 {Percentile(productTimes, 95):0.00} ms; {batches.Count} calls of 5 reports"),
                new Measurement("save-call-floor", rows, Percentile(floorTimes, 50) / 1000, peak,
                    $"p50 {Percentile(floorTimes, 50):0.00} ms; p95 {Percentile(floorTimes, 95):0.00} ms"));
    }

    public static double Percentile(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        var index = (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }

    private static async Task<List<int>> VersionsAsync(ConnectionFactory connections, IEnumerable<Person> people)
    {
        await using var connection = await connections.OpenAsync();
        var versions = new List<int>();
        foreach (var p in people)
        {
            versions.Add(await connection.ExecuteScalarAsync<int>("SELECT Version FROM Residents WHERE ResidentId = @ResidentId", new { p.ResidentId }));
        }
        return versions;
    }

    private static async Task<List<Person>> SampleAsync(ConnectionFactory connections, int count)
    {
        var random = new Random(20110311);
        await using var connection = await connections.OpenAsync();
        var max = await connection.ExecuteScalarAsync<int>(CountSql);
        var people = new List<Person>();
        var seen = new HashSet<int>();
        while (people.Count < count && seen.Count < max)
        {
            var id = random.Next(1, max + 1);
            if (seen.Add(id) && await connection.QuerySingleOrDefaultAsync<Person>(SampleSql, new { ResidentId = id }) is { } p)
            {
                people.Add(p);
            }
        }
        return people;
    }

    private static string Hiragana(string katakana) =>
        new(katakana.Select(c => c is >= 'ァ' and <= 'ヶ' ? (char)(c - 0x60) : c).ToArray());

    /// <summary>What callers give: readings in hiragana (as typed while listening), kanji, dates, phones, numbers.</summary>
    private static IEnumerable<Query> Queries(Person p)
    {
        var kanaKey = new { Key = p.FamilyKanaKey };
        yield return new Query($"{Hiragana(p.FamilyNameKana)} {Hiragana(p.GivenNameKana)}", FloorFamilyKanaSql, kanaKey, "hiragana name");
        yield return new Query(Hiragana(p.FamilyNameKana), FloorFamilyKanaSql, kanaKey, "hiragana family name");
        yield return new Query($"{Hiragana(p.FamilyNameKana)} {Hiragana(p.GivenNameKana[..Math.Min(2, p.GivenNameKana.Length)])}", FloorFamilyKanaSql, kanaKey, "as typed");
        yield return new Query(p.FamilyName + p.GivenName, FloorFamilyNameSql, new { Key = p.FamilyNameKey }, "kanji no space");
        yield return new Query($"{p.FamilyName} {JapaneseDates.FormatEra(p.BirthDate)}", FloorBirthDateSql, new { Key = p.BirthDate }, "kanji + era date");
        yield return new Query($"{p.FamilyNameKana} {p.GivenNameKana} {p.BirthDate:yyyy/M/d}", FloorBirthDateSql, new { Key = p.BirthDate }, "katakana + date");
        yield return new Query(p.ResidentNo, FloorNumberSql, new { Key = p.ResidentNo }, "resident no");
        yield return new Query($"{p.FamilyName} {Hiragana(p.GivenNameKana)}", FloorFamilyNameSql, new { Key = p.FamilyNameKey }, "kanji + kana");
        if (PhoneNumbers.Key(p.Phone) is { } phone)
        {
            yield return new Query(p.Phone!, FloorPhoneSql, new { Key = phone }, "phone");
        }
    }
}
