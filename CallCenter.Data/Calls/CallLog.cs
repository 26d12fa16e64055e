using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Data.Calls;

/// <summary>
/// Reads recorded calls: the supervisors' calls list (filtered, newest first, paged by keyset), one call with the
/// persons it was about, and the earlier calls from a number (the screen-pop). Reads only: the pages audit them.
/// Every read takes the caller's <see cref="TownScope"/>: a call belongs to the towns of the persons it is linked to, so
/// a limited scope sees a call about at least one of its residents (and only those persons of it), and a call linked to
/// no one only when the viewer took it; an all-towns account sees every call.
/// </summary>
public sealed class CallLog(ConnectionFactory connections)
{
    /// <summary>The most calls one page may hold.</summary>
    public const int MaxPageSize = 200;

    // The page's calls are picked in a derived table that walks one index in (StartedAt DESC, CallId DESC) order and
    // stops after @Take rows: IX_Calls_StartedAt (the row id / clustered key CallId is part of it on both engines), or,
    // when the filter names one, IX_Calls_CallerPhoneKey, IX_Calls_OperatorUserId or IX_Calls_WrapUpCodeId (each
    // (column, StartedAt)). Keyset paging: the next page starts below the last call shown ("StartedAt <= @BeforeAt" is
    // the index range, so a deep page costs what the first does); the first page's cursor is the period's end with id 0.
    // Then the persons, operator and 要件 of those few calls are joined.
    private const string PageColumns = """
        p.CallId, p.Direction, p.CallerName, p.CallerPhone, p.CallerRelation, p.OperatorUserId, u.DisplayName AS OperatorName,
                 p.Site, p.StartedAt, p.EndedAt, p.Note, p.WrapUpCodeId, w.Label AS WrapUpLabel,
                 r.ResidentId, r.ResidentNo, r.FamilyName, r.GivenName, r.BirthDate, r.District, r.TownId
        """;

    // A limited scope: the call is about one of the scope's residents, or about no one and taken by the viewer.
    private const string ScopeFilter = """
                       AND (EXISTS (SELECT 1 FROM CallResidents sx JOIN Residents sr ON sr.ResidentId = sx.ResidentId
                                     WHERE sx.CallId = c.CallId AND sr.TownId IN @TownIds)
                            OR (c.OperatorUserId = @ViewerUserId
                                AND NOT EXISTS (SELECT 1 FROM CallResidents sy WHERE sy.CallId = c.CallId)))
        """;

    private const string CallColumns = """
        c.CallId, c.Direction, c.CallerName, c.CallerPhone, c.CallerRelation, c.OperatorUserId, c.Site,
                           c.StartedAt, c.EndedAt, c.Note, c.WrapUpCodeId
        """;

    private const string ListFilter = """
                       AND c.StartedAt >= @From
                       AND c.StartedAt <= @BeforeAt
                       AND (@OperatorUserId IS NULL OR c.OperatorUserId = @OperatorUserId)
                       AND (@Site IS NULL OR c.Site = @Site)
                       AND (@WrapUpCodeId IS NULL OR c.WrapUpCodeId = @WrapUpCodeId)
                       AND (@Direction IS NULL OR c.Direction = @Direction)
                       AND (@PhoneKey IS NULL OR c.CallerPhoneKey = @PhoneKey)
                       AND (@Like IS NULL OR c.CallerName LIKE @Like ESCAPE '\' OR c.CallerPhone LIKE @Like ESCAPE '\'
                            OR c.Note LIKE @Like ESCAPE '\')
                       AND (c.StartedAt < @BeforeAt OR c.CallId < @BeforeId)
        """;

    private const string PageClose = $"""
        {ListFilter}
        /*scope*/
                  ORDER BY c.StartedAt DESC, c.CallId DESC
                  {"{page}"}) p
            LEFT JOIN Users u ON u.UserId = p.OperatorUserId
            LEFT JOIN WrapUpCodes w ON w.WrapUpCodeId = p.WrapUpCodeId
            LEFT JOIN CallResidents cr ON cr.CallId = p.CallId
            LEFT JOIN Residents r ON r.ResidentId = cr.ResidentId/*persons*/
        ORDER BY p.StartedAt DESC, p.CallId DESC, r.ResidentNo
        """;

    private const string PageByTimeSql = $"""
          SELECT {PageColumns}
            FROM (  SELECT {CallColumns}
                      FROM Calls c
                     WHERE 1 = 1
        {PageClose}
        """;

    private const string PageByPhoneSql = $"""
          SELECT {PageColumns}
            FROM (  SELECT {CallColumns}
                      FROM Calls c
                     WHERE c.CallerPhoneKey = @PhoneKey
        {PageClose}
        """;

    private const string PageByOperatorSql = $"""
          SELECT {PageColumns}
            FROM (  SELECT {CallColumns}
                      FROM Calls c
                     WHERE c.OperatorUserId = @OperatorUserId
        {PageClose}
        """;

    private const string PageByWrapUpSql = $"""
          SELECT {PageColumns}
            FROM (  SELECT {CallColumns}
                      FROM Calls c
                     WHERE c.WrapUpCodeId = @WrapUpCodeId
        {PageClose}
        """;

    private const string CountByTimeSql = $"""
        SELECT COUNT(*)
          FROM Calls c
         WHERE 1 = 1
        {ListFilter}
        /*scope*/
        """;

    private const string CountByPhoneSql = $"""
        SELECT COUNT(*)
          FROM Calls c
         WHERE c.CallerPhoneKey = @PhoneKey
        {ListFilter}
        /*scope*/
        """;

    private const string CountByOperatorSql = $"""
        SELECT COUNT(*)
          FROM Calls c
         WHERE c.OperatorUserId = @OperatorUserId
        {ListFilter}
        /*scope*/
        """;

    private const string CountByWrapUpSql = $"""
        SELECT COUNT(*)
          FROM Calls c
         WHERE c.WrapUpCodeId = @WrapUpCodeId
        {ListFilter}
        /*scope*/
        """;

    /// <summary>
    /// One page of the calls <paramref name="filter"/> matches within <paramref name="scope"/> (seen by
    /// <paramref name="viewerUserId"/>, whose own calls about no one a limited scope still sees), newest first, starting
    /// after <paramref name="after"/> (null: the first page), with the number of calls the filter matches.
    /// </summary>
    public async Task<CallLogPage> PageAsync(CallFilter filter, CallCursor? after, int take, TownScope scope, int? viewerUserId = null,
        CancellationToken cancellationToken = default)
    {
        take = Math.Clamp(take, 1, MaxPageSize);
        var phoneKey = PhoneKeyOf(filter.Text);
        var (pageSql, countSql) = phoneKey is not null ? (PageByPhoneSql, CountByPhoneSql)
            : filter.OperatorUserId is not null ? (PageByOperatorSql, CountByOperatorSql)
            : filter.WrapUpCodeId is not null ? (PageByWrapUpSql, CountByWrapUpSql)
            : (PageByTimeSql, CountByTimeSql);
        await using var connection = await connections.OpenAsync(cancellationToken);
        // One more than shown: whether a next page exists. The count is of the whole period (the first page's cursor).
        var calls = await ReadAsync(connection, connections.Dialect.Render(Scoped(pageSql, scope)),
            Parameters(filter, phoneKey, after, take + 1, scope, viewerUserId), cancellationToken);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(Scoped(countSql, scope),
            Parameters(filter, phoneKey, null, 1, scope, viewerUserId), cancellationToken: cancellationToken));
        var shown = calls.Take(take).ToList();
        var next = calls.Count > take ? new CallCursor(shown[^1].StartedAt, shown[^1].CallId) : null;
        return new CallLogPage(shown, total, next);
    }

    /// <summary>
    /// The newest calls from a phone number (its key, see <see cref="PhoneNumbers.Key"/>) within <paramref name="scope"/>,
    /// at most <paramref name="take"/>.
    /// </summary>
    public async Task<IReadOnlyList<CallLogEntry>> FromNumberAsync(string phone, int take, TownScope scope, int? viewerUserId = null,
        CancellationToken cancellationToken = default) =>
        PhoneNumbers.Key(phone) is { Length: >= 6 } ? (await PageAsync(new CallFilter { Text = phone }, null, take, scope, viewerUserId, cancellationToken)).Calls : [];

    private const string DetailSql = $"""
          SELECT c.CallId, c.Direction, c.CallerName, c.CallerPhone, c.CallerRelation, c.OperatorUserId, u.DisplayName AS OperatorName,
                 c.Site, c.StartedAt, c.EndedAt, c.Note, c.WrapUpCodeId, w.Label AS WrapUpLabel,
                 r.ResidentId, r.ResidentNo, r.FamilyName, r.GivenName, r.BirthDate, r.District, r.TownId
            FROM Calls c
            LEFT JOIN Users u ON u.UserId = c.OperatorUserId
            LEFT JOIN WrapUpCodes w ON w.WrapUpCodeId = c.WrapUpCodeId
            LEFT JOIN CallResidents cr ON cr.CallId = c.CallId
            LEFT JOIN Residents r ON r.ResidentId = cr.ResidentId/*persons*/
           WHERE c.CallId = @CallId
        /*scope*/
        ORDER BY r.ResidentNo
        """;

    /// <summary>
    /// One call with the persons of <paramref name="scope"/> it was about, or null when there is no such call or it is
    /// outside the scope (see the class remarks; <paramref name="viewerUserId"/> sees their own calls about no one).
    /// </summary>
    public async Task<CallLogEntry?> DetailAsync(long callId, TownScope scope, int? viewerUserId = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var parameters = new DynamicParameters(new { CallId = callId });
        AddScope(parameters, scope, viewerUserId);
        return (await ReadAsync(connection, Scoped(DetailSql, scope), parameters, cancellationToken)).SingleOrDefault();
    }

    /// <summary>Every statement as a limited scope sends it (the SQL Server checks parse and bind each).</summary>
    public static IEnumerable<(string Name, string Sql)> TownStatements()
    {
        var scope = TownScope.Only([1, 2]);
        foreach (var (name, sql) in new[]
                 {
                     ("PageByTime", PageByTimeSql), ("PageByPhone", PageByPhoneSql), ("PageByOperator", PageByOperatorSql),
                     ("PageByWrapUp", PageByWrapUpSql), ("CountByTime", CountByTimeSql), ("CountByPhone", CountByPhoneSql),
                     ("CountByOperator", CountByOperatorSql), ("CountByWrapUp", CountByWrapUpSql), ("Detail", DetailSql),
                 })
        {
            yield return ($"{name}.towns", TownSql.Expanded(Scoped(sql, scope)));
        }
    }

    /// <summary>The statement with the scope's predicates (none for all towns: the all-towns plan has no town test).</summary>
    private static string Scoped(string sql, TownScope scope) => sql
        .Replace("/*scope*/", scope.IsAll ? "" : ScopeFilter, StringComparison.Ordinal)
        .Replace("/*persons*/", scope.Filter("r.TownId"), StringComparison.Ordinal);

    private static void AddScope(DynamicParameters parameters, TownScope scope, int? viewerUserId)
    {
        if (!scope.IsAll)
        {
            parameters.Add("TownIds", scope.TownIds);
            parameters.Add("ViewerUserId", viewerUserId, System.Data.DbType.Int32);
        }
    }

    /// <summary>The key of a text that is a whole phone number (the calls from it are found through their index), else null.</summary>
    private static string? PhoneKeyOf(string? text) => PhoneNumbers.Key(text) is { Length: >= 6 and <= 15 } key ? key : null;

    private static DynamicParameters Parameters(CallFilter filter, string? phoneKey, CallCursor? after, int take, TownScope scope, int? viewerUserId)
    {
        var text = string.IsNullOrWhiteSpace(filter.Text) ? null : filter.Text.Trim();
        var end = filter.To is { } to ? JapanTime.StartOfDayUtc(to.AddDays(1)) : DateTime.MaxValue;
        var parameters = new DynamicParameters();
        // Explicit types: a null parameter still needs one on SQL Server, and times go as the UTC handler stores them.
        parameters.Add("From", DapperSetup.ToStored(filter.From is { } from ? JapanTime.StartOfDayUtc(from) : DateTime.MinValue), System.Data.DbType.DateTime2);
        parameters.Add("BeforeAt", DapperSetup.ToStored(after?.StartedAt ?? end), System.Data.DbType.DateTime2);
        parameters.Add("BeforeId", after?.CallId ?? 0L, System.Data.DbType.Int64);
        parameters.Add("OperatorUserId", filter.OperatorUserId, System.Data.DbType.Int32);
        parameters.Add("Site", string.IsNullOrWhiteSpace(filter.Site) ? null : filter.Site.Trim(), System.Data.DbType.String, size: 50);
        parameters.Add("WrapUpCodeId", filter.WrapUpCodeId, System.Data.DbType.Int32);
        parameters.Add("Direction", filter.Direction is { } d ? (byte?)d : null, System.Data.DbType.Byte);
        parameters.Add("PhoneKey", phoneKey, System.Data.DbType.String, size: 20);
        parameters.Add("Like", phoneKey is null && text is not null ? "%" + EscapeLike(text) + "%" : null, System.Data.DbType.String, size: 210);
        parameters.Add("Skip", 0, System.Data.DbType.Int32);
        parameters.Add("Take", take, System.Data.DbType.Int32);
        AddScope(parameters, scope, viewerUserId);
        return parameters;
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    /// <summary>Reads call rows joined with their persons (one row per person, or one with no person) into calls.</summary>
    private static async Task<List<CallLogEntry>> ReadAsync(System.Data.Common.DbConnection connection, string sql, object parameters,
        CancellationToken cancellationToken)
    {
        var calls = new List<CallLogEntry>();
        var persons = new Dictionary<long, List<CallPerson>>();
        await connection.QueryAsync<CallLogEntry, CallPerson?, CallLogEntry>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken),
            (call, person) =>
            {
                if (!persons.TryGetValue(call.CallId, out var list))
                {
                    persons[call.CallId] = list = [];
                    calls.Add(call);
                }
                if (person is not null)
                {
                    list.Add(person);
                }
                return call;
            }, splitOn: "ResidentId");
        return [.. calls.Select(c => c with { Persons = persons[c.CallId] })];
    }
}
