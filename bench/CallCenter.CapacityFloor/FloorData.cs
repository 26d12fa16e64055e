using System.Globalization;
using Microsoft.Data.Sqlite;

namespace CallCenter.CapacityFloor;

/// <summary>A search hit or a household member, as the floor's pages show them.</summary>
public sealed record FloorResident(string No, string Name, string Kana, string? BirthDate, string? District, long Status);

/// <summary>A resident's page: the person, their household and their newest reports.</summary>
public sealed record FloorResidentPage(FloorResident Person, IReadOnlyList<FloorResident> Household, IReadOnlyList<string> Reports);

/// <summary>
/// The floor's data: the exact texts the benchmark types (kanji name without a space, hiragana reading with one) looked
/// up in a dictionary built once, the rows and the resident page read with raw prepared SQL on a pooled connection,
/// and one audit row per search and per view by a plain INSERT.
/// </summary>
public sealed class FloorData(string database)
{
    private const int Limit = 20;
    private readonly string connectionString = new SqliteConnectionStringBuilder { DataSource = database, Pooling = true }.ToString();
    private Dictionary<string, long[]> byText = [];

    public async Task LoadAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT ResidentId, FamilyName, GivenName, FamilyNameKana, GivenNameKana FROM Residents ORDER BY ResidentId";
        var texts = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var id = reader.GetInt64(0);
            Add(texts, reader.GetString(1) + reader.GetString(2), id);
            Add(texts, Hiragana(reader.GetString(3)) + " " + Hiragana(reader.GetString(4)), id);
        }
        byText = texts.ToDictionary(p => p.Key, p => p.Value.Take(Limit).ToArray(), StringComparer.Ordinal);
    }

    private const string RowsSql = """
        SELECT ResidentNo, FamilyName || ' ' || GivenName, FamilyNameKana || ' ' || GivenNameKana, BirthDate, District, Status
          FROM Residents
         WHERE ResidentId IN (SELECT value FROM json_each(@Ids))
        """;

    public async Task<IReadOnlyList<FloorResident>> SearchAsync(string text)
    {
        var ids = byText.GetValueOrDefault(text.Trim()) ?? [];
        await using var connection = await OpenAsync();
        var rows = new List<FloorResident>();
        if (ids.Length > 0)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = RowsSql;
            command.Parameters.AddWithValue("@Ids", "[" + string.Join(',', ids) + "]");
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(Read(reader));
            }
        }
        await AuditAsync(connection, "search", text);
        return rows;
    }

    private const string PersonSql = """
        SELECT ResidentNo, FamilyName || ' ' || GivenName, FamilyNameKana || ' ' || GivenNameKana, BirthDate, District, Status,
               ResidentId, HouseholdId
          FROM Residents
         WHERE ResidentNo = @No
        """;

    private const string HouseholdSql = """
        SELECT ResidentNo, FamilyName || ' ' || GivenName, FamilyNameKana || ' ' || GivenNameKana, BirthDate, District, Status
          FROM Residents
         WHERE HouseholdId = @HouseholdId
        """;

    private const string ReportsSql = """
          SELECT ReportedAt || ' ' || Status || ' ' || COALESCE(Place, '') || ' ' || COALESCE(ReporterName, '')
            FROM SafetyReports
           WHERE ResidentId = @ResidentId
        ORDER BY ReportedAt DESC
           LIMIT 10
        """;

    public async Task<FloorResidentPage?> ResidentAsync(string no)
    {
        await using var connection = await OpenAsync();
        FloorResident person;
        long residentId, householdId;
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = PersonSql;
            command.Parameters.AddWithValue("@No", no);
            await using var reader = await command.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                return null;
            }
            (person, residentId, householdId) = (Read(reader), reader.GetInt64(6), reader.IsDBNull(7) ? -1 : reader.GetInt64(7));
        }
        var household = new List<FloorResident>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = HouseholdSql;
            command.Parameters.AddWithValue("@HouseholdId", householdId);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                household.Add(Read(reader));
            }
        }
        var reports = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = ReportsSql;
            command.Parameters.AddWithValue("@ResidentId", residentId);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                reports.Add(reader.GetString(0));
            }
        }
        await AuditAsync(connection, "view", no);
        return new FloorResidentPage(person, household, reports);
    }

    private static async Task AuditAsync(SqliteConnection connection, string action, string target)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO AuditLog (OccurredAt, UserName, Action, TargetType, TargetId) VALUES (@At, 'floor', @Action, 'Residents', @Target)";
        command.Parameters.AddWithValue("@At", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("@Action", action);
        command.Parameters.AddWithValue("@Target", target);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static FloorResident Read(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetInt64(5));

    private static void Add(Dictionary<string, List<long>> texts, string text, long id)
    {
        if (!texts.TryGetValue(text, out var ids))
        {
            texts[text] = ids = [];
        }
        ids.Add(id);
    }

    private static string Hiragana(string katakana) =>
        string.Concat(katakana.Select(c => c is >= 'ァ' and <= 'ヶ' ? (char)(c - 0x60) : c));
}
