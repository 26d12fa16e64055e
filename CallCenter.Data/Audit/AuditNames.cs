using System.Data.Common;
using System.Globalization;
using Dapper;

namespace CallCenter.Data.Audit;

/// <summary>A staff account as the audit log names it.</summary>
public sealed record AuditUserName
{
    /// <summary>The account's id.</summary>
    public int UserId { get; init; }
    /// <summary>The sign-in name.</summary>
    public string UserName { get; init; } = "";
    /// <summary>The name shown to people (渡辺 美咲).</summary>
    public string DisplayName { get; init; } = "";
}

/// <summary>A resident (or provisional person) as the audit log names them.</summary>
public sealed record AuditResidentName
{
    /// <summary>The internal id.</summary>
    public int ResidentId { get; init; }
    /// <summary>The resident number (住民番号).</summary>
    public string ResidentNo { get; init; } = "";
    /// <summary>Family name as registered.</summary>
    public string FamilyName { get; init; } = "";
    /// <summary>Given name as registered.</summary>
    public string GivenName { get; init; } = "";

    /// <summary>「K0003 𠮷田 花子」.</summary>
    public string Label => $"{ResidentNo} {FamilyName} {GivenName}".TrimEnd();
}

/// <summary>
/// The names behind the ids of a batch of audit rows (a page, or a block of an export): staff by id and by user name,
/// residents by id and by number, households, API keys, status-list files and their lines. Looked up once per batch,
/// a few indexed queries of up to <see cref="Chunk"/> keys each, never once per row. Rows whose thing no longer exists
/// (or never had a name) simply find nothing.
/// </summary>
public sealed class AuditNames
{
    /// <summary>How many keys one look-up statement takes (unused places are NULL, which matches nothing).</summary>
    public const int Chunk = 20;

    /// <summary>No names at all (rows are shown with their ids only).</summary>
    public static AuditNames Empty { get; } = new();

    /// <summary>Staff by user id.</summary>
    public Dictionary<int, AuditUserName> UsersById { get; } = [];
    /// <summary>Staff by user name.</summary>
    public Dictionary<string, AuditUserName> UsersByName { get; } = new(StringComparer.Ordinal);
    /// <summary>Residents by id.</summary>
    public Dictionary<int, AuditResidentName> ResidentsById { get; } = [];
    /// <summary>Residents by resident number.</summary>
    public Dictionary<string, AuditResidentName> ResidentsByNo { get; } = new(StringComparer.Ordinal);
    /// <summary>Households by id: 世帯番号 and 行政区.</summary>
    public Dictionary<int, (string HouseholdNo, string? District)> Households { get; } = [];
    /// <summary>API keys by id: their names.</summary>
    public Dictionary<int, string> ApiKeys { get; } = [];
    /// <summary>Imported status lists by id: their file names.</summary>
    public Dictionary<int, string> StatusImports { get; } = [];
    /// <summary>Lines of imported status lists by id: file name and line number.</summary>
    public Dictionary<int, (string FileName, int Line)> StatusImportRows { get; } = [];

    // The look-ups, one per kind of name, each with a fixed list of Chunk keys (@I0…@I19).
    private const string UsersByIdSql = """
          SELECT UserId, UserName, DisplayName
            FROM Users
           WHERE UserId IN (@I0, @I1, @I2, @I3, @I4, @I5, @I6, @I7, @I8, @I9, @I10, @I11, @I12, @I13, @I14, @I15, @I16, @I17, @I18, @I19)
        """;

    private const string UsersByNameSql = """
          SELECT UserId, UserName, DisplayName
            FROM Users
           WHERE UserName IN (@I0, @I1, @I2, @I3, @I4, @I5, @I6, @I7, @I8, @I9, @I10, @I11, @I12, @I13, @I14, @I15, @I16, @I17, @I18, @I19)
        """;

    private const string ResidentsByIdSql = """
          SELECT ResidentId, ResidentNo, FamilyName, GivenName
            FROM Residents
           WHERE ResidentId IN (@I0, @I1, @I2, @I3, @I4, @I5, @I6, @I7, @I8, @I9, @I10, @I11, @I12, @I13, @I14, @I15, @I16, @I17, @I18, @I19)
        """;

    private const string ResidentsByNoSql = """
          SELECT ResidentId, ResidentNo, FamilyName, GivenName
            FROM Residents
           WHERE ResidentNo IN (@I0, @I1, @I2, @I3, @I4, @I5, @I6, @I7, @I8, @I9, @I10, @I11, @I12, @I13, @I14, @I15, @I16, @I17, @I18, @I19)
        """;

    private const string HouseholdsByIdSql = """
          SELECT HouseholdId, HouseholdNo, District
            FROM Households
           WHERE HouseholdId IN (@I0, @I1, @I2, @I3, @I4, @I5, @I6, @I7, @I8, @I9, @I10, @I11, @I12, @I13, @I14, @I15, @I16, @I17, @I18, @I19)
        """;

    private const string ApiKeysByIdSql = """
          SELECT ApiKeyId AS Id, Name
            FROM ApiKeys
           WHERE ApiKeyId IN (@I0, @I1, @I2, @I3, @I4, @I5, @I6, @I7, @I8, @I9, @I10, @I11, @I12, @I13, @I14, @I15, @I16, @I17, @I18, @I19)
        """;

    private const string StatusImportsByIdSql = """
          SELECT StatusImportId AS Id, FileName AS Name
            FROM StatusImports
           WHERE StatusImportId IN (@I0, @I1, @I2, @I3, @I4, @I5, @I6, @I7, @I8, @I9, @I10, @I11, @I12, @I13, @I14, @I15, @I16, @I17, @I18, @I19)
        """;

    private const string StatusImportRowsByIdSql = """
          SELECT r.StatusImportRowId AS Id, i.FileName AS Name, r.Line
            FROM StatusImportRows r
            JOIN StatusImports i ON i.StatusImportId = r.StatusImportId
           WHERE r.StatusImportRowId IN (@I0, @I1, @I2, @I3, @I4, @I5, @I6, @I7, @I8, @I9, @I10, @I11, @I12, @I13, @I14, @I15, @I16, @I17, @I18, @I19)
        """;

    /// <summary>Looks up every name the rows refer to, on the caller's open connection.</summary>
    public static async Task<AuditNames> LookUpAsync(DbConnection connection, IReadOnlyCollection<AuditEntry> entries, CancellationToken cancellationToken)
    {
        var names = new AuditNames();
        if (entries.Count == 0)
        {
            return names;
        }
        var userIds = new HashSet<int>();
        var userNames = new HashSet<string>(StringComparer.Ordinal);
        var residentIds = new HashSet<int>();
        var residentNos = new HashSet<string>(StringComparer.Ordinal);
        var households = new HashSet<int>();
        var apiKeys = new HashSet<int>();
        var imports = new HashSet<int>();
        var importRows = new HashSet<int>();
        foreach (var entry in entries)
        {
            if (entry.UserId is { } userId)
            {
                userIds.Add(userId);
            }
            else if (entry.UserName is { Length: > 0 } userName && !userName.Contains(':', StringComparison.Ordinal))
            {
                userNames.Add(userName);
            }
            if (entry.ResidentId is { } residentId)
            {
                residentIds.Add(residentId);
            }
            // Outbound assignments of earlier versions named the operator by id only ("user 6").
            if (entry.Action == AuditActions.OutboundAssign && entry.Details is { } details
                && System.Text.RegularExpressions.Regex.Match(details, @"(?:^|; )user (\d+)(?:;|$)") is { Success: true } assignee)
            {
                AddId(userIds, assignee.Groups[1].Value);
            }
            if (entry.TargetId is not { Length: > 0 } target)
            {
                continue;
            }
            switch (entry.TargetType)
            {
                case "user":
                    userNames.Add(target);
                    break;
                case "resident" when entry.Action == AuditActions.MergeProvisional:
                    AddId(residentIds, target);
                    break;
                case "resident":
                    residentNos.Add(target);
                    break;
                case "household":
                    AddId(households, target);
                    break;
                case "api-key":
                    AddId(apiKeys, target);
                    break;
                case "status-import":
                    AddId(imports, target);
                    break;
                case "status-import-row":
                    AddId(importRows, target);
                    break;
            }
        }
        foreach (var user in await QueryAsync<AuditUserName, int>(connection, UsersByIdSql, userIds, cancellationToken))
        {
            names.UsersById[user.UserId] = user;
            names.UsersByName[user.UserName] = user;
        }
        userNames.ExceptWith(names.UsersByName.Keys);
        foreach (var user in await QueryAsync<AuditUserName, string>(connection, UsersByNameSql, userNames, cancellationToken))
        {
            names.UsersById[user.UserId] = user;
            names.UsersByName[user.UserName] = user;
        }
        foreach (var resident in await QueryAsync<AuditResidentName, int>(connection, ResidentsByIdSql, residentIds, cancellationToken))
        {
            names.ResidentsById[resident.ResidentId] = resident;
            names.ResidentsByNo[resident.ResidentNo] = resident;
        }
        residentNos.ExceptWith(names.ResidentsByNo.Keys);
        foreach (var resident in await QueryAsync<AuditResidentName, string>(connection, ResidentsByNoSql, residentNos, cancellationToken))
        {
            names.ResidentsById[resident.ResidentId] = resident;
            names.ResidentsByNo[resident.ResidentNo] = resident;
        }
        foreach (var row in await QueryAsync<HouseholdRow, int>(connection, HouseholdsByIdSql, households, cancellationToken))
        {
            names.Households[row.HouseholdId] = (row.HouseholdNo, row.District);
        }
        foreach (var row in await QueryAsync<NamedRow, int>(connection, ApiKeysByIdSql, apiKeys, cancellationToken))
        {
            names.ApiKeys[row.Id] = row.Name;
        }
        foreach (var row in await QueryAsync<NamedRow, int>(connection, StatusImportsByIdSql, imports, cancellationToken))
        {
            names.StatusImports[row.Id] = row.Name;
        }
        foreach (var row in await QueryAsync<ImportRowRow, int>(connection, StatusImportRowsByIdSql, importRows, cancellationToken))
        {
            names.StatusImportRows[row.Id] = (row.Name, row.Line);
        }
        return names;
    }

    private static void AddId(HashSet<int> ids, string text)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            ids.Add(id);
        }
    }

    // One statement per kind of name with a fixed list of Chunk parameters (@I0…@I19): the same text on SQLite and
    // SQL Server, checked statically like every other statement, and a key list of any length runs in chunks.
    private static async Task<List<T>> QueryAsync<T, TKey>(DbConnection connection, string sql, IEnumerable<TKey> keys, CancellationToken cancellationToken)
    {
        var found = new List<T>();
        foreach (var chunk in keys.Chunk(Chunk))
        {
            var parameters = new DynamicParameters();
            for (var i = 0; i < Chunk; i++)
            {
                parameters.Add("I" + i.ToString(CultureInfo.InvariantCulture), i < chunk.Length ? chunk[i] : default(TKey?),
                    typeof(TKey) == typeof(int) ? System.Data.DbType.Int32 : System.Data.DbType.String, size: typeof(TKey) == typeof(int) ? null : 50);
            }
            found.AddRange(await connection.QueryAsync<T>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)));
        }
        return found;
    }

    private sealed class HouseholdRow
    {
        public int HouseholdId { get; init; }
        public string HouseholdNo { get; init; } = "";
        public string? District { get; init; }
    }

    private sealed class NamedRow
    {
        public int Id { get; init; }
        public string Name { get; init; } = "";
    }

    private sealed class ImportRowRow
    {
        public int Id { get; init; }
        public string Name { get; init; } = "";
        public int Line { get; init; }
    }
}
