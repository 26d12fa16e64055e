using System.Globalization;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Data.Requests;

/// <summary>
/// Reads the department work queue: a page of requests (oldest first, pages of <see cref="PageSize"/>), the open
/// count for the navigation, one request with its person, household and history, and the look-up lists. Reading a
/// page or a request is audited here, where the personal data is read.
/// </summary>
public sealed class RequestQueue(ConnectionFactory connections, AuditRepository audit, TimeProvider time, RequestOverdue overdue)
{
    /// <summary>Rows per page.</summary>
    public const int PageSize = 50;

    /// <summary>The overdue rule in force.</summary>
    public RequestOverdue Overdue => overdue;

    // Every filter column is a column of Requests (migration 0017 copies the person's district, prefecture and age band),
    // so the page's 50 ids are picked from Requests alone over IX_Requests_CreatedAt / IX_Requests_DepartmentId /
    // IX_Requests_District, and only those 50 are joined to their household, person and lists.
    private const string Filter = """
         WHERE r.Status >= @MinStatus
           AND r.Status <= @MaxStatus
           AND (@DepartmentId IS NULL OR r.DepartmentId = @DepartmentId)
           AND (@CategoryId IS NULL OR r.CategoryId = @CategoryId)
           AND (@IsUrgent IS NULL OR r.IsUrgent = @IsUrgent)
           AND (@District IS NULL OR r.District = @District)
           AND (@PrefectureCode IS NULL OR r.PrefectureCode = @PrefectureCode)
           AND (@AgeBand IS NULL OR r.AgeBand = @AgeBand)
           AND r.CreatedAt >= @From
           AND r.CreatedAt < @To
           AND (@OverdueOnly = 0 OR (r.Status < 3 AND ((r.IsUrgent = 1 AND r.CreatedAt < @UrgentBefore)
                                                      OR (r.IsUrgent = 0 AND r.CreatedAt < @NormalBefore))))
        """;

    private const string PageSql = $"""
          SELECT p.RequestId, h.HouseholdNo, p.ResidentId, s.FamilyName, s.GivenName, p.District, p.AgeBand,
                 c.Label AS CategoryLabel, d.Name AS DepartmentName, p.IsUrgent, p.Body, p.Status, p.CreatedAt, p.UpdatedAt, p.TownId
            FROM (  SELECT r.RequestId, r.HouseholdId, r.ResidentId, r.SubjectResidentId, r.District, r.AgeBand, r.CategoryId,
                           r.DepartmentId, r.IsUrgent, r.Body, r.Status, r.CreatedAt, r.UpdatedAt, r.TownId
                      FROM Requests r
        {Filter}
                  ORDER BY r.CreatedAt, r.RequestId
                  {"{page}"}) p
            JOIN Households h ON h.HouseholdId = p.HouseholdId
            JOIN RequestCategories c ON c.CategoryId = p.CategoryId
            JOIN Departments d ON d.DepartmentId = p.DepartmentId
            LEFT JOIN Residents s ON s.ResidentId = p.SubjectResidentId
        ORDER BY p.CreatedAt, p.RequestId
        """;

    private const string CountSql = $"""
        SELECT COUNT(*)
          FROM Requests r
        {Filter}
        """;

    // A limited town scope adds its test right after the filter (the all-towns statements are the constants themselves).
    private static string Scoped(string sql, TownScope towns) =>
        towns.IsAll ? sql : sql.Replace(Filter, Filter + towns.Filter("r.TownId"), StringComparison.Ordinal);

    /// <summary>The town-limited forms of the queue's statements as SQL Server receives them (for the tests' parse and bind).</summary>
    public static IEnumerable<(string Name, string Sql)> AllStatements()
    {
        var limited = TownScope.Only([1, 2]);
        foreach (var (name, sql) in new[] { ("page", PageSql), ("count", CountSql), ("open-all", OpenCountAllSql), ("open-department", OpenCountOfDepartmentSql) })
        {
            var scoped = name.StartsWith("open", StringComparison.Ordinal) ? sql + limited.Filter("TownId") : Scoped(sql, limited);
            yield return ($"towns.{name}", scoped.Replace("IN @TownIds", "IN (@TownIds1, @TownIds2)", StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// One page (0-based) of the requests <paramref name="filter"/> matches inside <paramref name="scope"/> and
    /// <paramref name="towns"/>, oldest first, with the number of matches; audited as a list shown to
    /// <paramref name="by"/>. An empty scope reads nothing.
    /// </summary>
    public async Task<RequestQueuePage> PageAsync(RequestFilter filter, RequestScope scope, TownScope towns, int pageIndex, OperatorContext by,
        CancellationToken cancellationToken = default)
    {
        if (!scope.SeesAny || towns.TownIds is { Count: 0 })
        {
            return new RequestQueuePage([], 0, 0, PageSize);
        }
        var now = time.GetUtcNow().UtcDateTime;
        var parameters = Parameters(filter, scope, now);
        towns.Bind(parameters);
        await using var connection = await connections.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(Scoped(CountSql, towns), parameters, cancellationToken: cancellationToken));
        pageIndex = Math.Clamp(pageIndex, 0, Math.Max(0, (total - 1) / PageSize));
        parameters.Add("Skip", pageIndex * PageSize, System.Data.DbType.Int32);
        parameters.Add("Take", PageSize, System.Data.DbType.Int32);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(connections.Dialect.Render(Scoped(PageSql, towns)), parameters,
            cancellationToken: cancellationToken));
        var items = rows.Select(r => r.ToItem(overdue, now)).ToList();
        await connection.DisposeAsync();
        await audit.WriteAsync(by, AuditActions.ViewList, "requests", null, null,
            AuditDetails.Join("要望一覧", Describe(filter, scope), AuditDetails.Shown(pageIndex * PageSize + 1, items.Count, total)), cancellationToken);
        return new RequestQueuePage(items, total, pageIndex, PageSize);
    }

    private const string OpenCountAllSql = """
        SELECT COUNT(*)
          FROM Requests
         WHERE Status < 3
        """;

    private const string OpenCountOfDepartmentSql = """
        SELECT COUNT(*)
          FROM Requests
         WHERE DepartmentId = @DepartmentId
           AND Status < 3
        """;

    /// <summary>
    /// The open requests in <paramref name="scope"/> and <paramref name="towns"/> (one indexed count; the navigation's
    /// figure), 0 for an empty scope.
    /// </summary>
    public async Task<int> OpenCountAsync(RequestScope scope, TownScope towns, CancellationToken cancellationToken = default)
    {
        if (!scope.SeesAny || towns.TownIds is { Count: 0 })
        {
            return 0;
        }
        await using var connection = await connections.OpenAsync(cancellationToken);
        return scope.SeesAll
            ? await connection.ExecuteScalarAsync<int>(new CommandDefinition(OpenCountAllSql + towns.Filter("TownId"), new { towns.TownIds },
                cancellationToken: cancellationToken))
            : await connection.ExecuteScalarAsync<int>(new CommandDefinition(OpenCountOfDepartmentSql + towns.Filter("TownId"),
                new { scope.DepartmentId, towns.TownIds }, cancellationToken: cancellationToken));
    }

    private const string DetailSql = """
          SELECT r.RequestId, h.HouseholdNo, r.ResidentId, s.FamilyName, s.GivenName, r.District, r.AgeBand,
                 c.Label AS CategoryLabel, d.Name AS DepartmentName, r.IsUrgent, r.Body, r.Status, r.CreatedAt, r.UpdatedAt,
                 r.HouseholdId, r.SubjectResidentId, s.ResidentNo AS SubjectResidentNo, p.ResidentNo, r.DepartmentId, r.Version, r.ClosedAt,
                 r.TownId
            FROM Requests r
            JOIN Households h ON h.HouseholdId = r.HouseholdId
            JOIN RequestCategories c ON c.CategoryId = r.CategoryId
            JOIN Departments d ON d.DepartmentId = r.DepartmentId
            LEFT JOIN Residents s ON s.ResidentId = r.SubjectResidentId
            LEFT JOIN Residents p ON p.ResidentId = r.ResidentId
           WHERE r.RequestId = @RequestId
        """;

    private const string StepsSql = """
          SELECT t.StepId, t.Status, d.Name AS DepartmentName, t.Note, u.DisplayName AS UserName, t.At
            FROM RequestSteps t
            LEFT JOIN Departments d ON d.DepartmentId = t.DepartmentId
            LEFT JOIN Users u ON u.UserId = t.UserId
           WHERE t.RequestId = @RequestId
        ORDER BY t.StepId
        """;

    /// <summary>
    /// One request with its person, household and every step, when it exists and lies inside <paramref name="scope"/>
    /// and <paramref name="towns"/> (else null: a request of another town does not exist for the caller); the read is
    /// audited once for <paramref name="by"/>.
    /// </summary>
    public async Task<RequestDetail?> DetailAsync(long requestId, RequestScope scope, TownScope towns, OperatorContext by,
        CancellationToken cancellationToken = default)
    {
        if (!scope.SeesAny)
        {
            return null;
        }
        var now = time.GetUtcNow().UtcDateTime;
        RequestDetail? detail;
        await using (var connection = await connections.OpenAsync(cancellationToken))
        {
            var row = await connection.QuerySingleOrDefaultAsync<DetailRow>(new CommandDefinition(DetailSql, new { RequestId = requestId },
                cancellationToken: cancellationToken));
            if (row is null || !scope.Covers(row.DepartmentId) || !towns.Includes(row.TownId))
            {
                return null;
            }
            var steps = (await connection.QueryAsync<RequestStep>(new CommandDefinition(StepsSql, new { RequestId = requestId },
                cancellationToken: cancellationToken))).ToList();
            detail = new RequestDetail
            {
                Request = row.ToItem(overdue, now), HouseholdId = row.HouseholdId, SubjectResidentId = row.SubjectResidentId,
                ResidentNo = row.ResidentNo, SubjectResidentNo = row.SubjectResidentNo, DepartmentId = row.DepartmentId, Version = row.Version, ClosedAt = row.ClosedAt, Steps = steps,
            };
        }
        await audit.WriteAsync(by, RequestAuditActions.ViewRequest, "request", requestId.ToString(CultureInfo.InvariantCulture),
            detail.Request.ResidentId ?? detail.SubjectResidentId,
            AuditDetails.Join($"受付番号 {requestId.ToString(CultureInfo.InvariantCulture)}", detail.Request.PersonName,
                detail.Request.ResidentId is null ? "世帯の要望" : null), cancellationToken);
        return detail;
    }

    private const string DepartmentsSql = """
          SELECT DepartmentId AS Id, Name AS Label
            FROM Departments
           WHERE IsActive = 1
        ORDER BY SortOrder, DepartmentId
        """;

    /// <summary>The active departments (担当課), in their order.</summary>
    public async Task<IReadOnlyList<RequestChoice>> DepartmentsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<RequestChoice>(new CommandDefinition(DepartmentsSql, cancellationToken: cancellationToken))).ToList();
    }

    private const string CategoriesSql = """
          SELECT CategoryId AS Id, Label
            FROM RequestCategories
        ORDER BY SortOrder, CategoryId
        """;

    /// <summary>Every category (分類), retired ones too (old requests keep them), in their order.</summary>
    public async Task<IReadOnlyList<RequestChoice>> CategoriesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<RequestChoice>(new CommandDefinition(CategoriesSql, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>The filter in Japanese for the audit row: 「未完了・至急・行政区 熊川」.</summary>
    public static string Describe(RequestFilter filter, RequestScope scope) => AuditDetails.Join(
        filter.Status is { } status ? $"状況 {status.Label()}" : filter.State switch
        {
            RequestState.Open => "未完了", RequestState.Closed => "完了・対応不可", _ => "すべての状況",
        },
        scope.SeesAll ? (filter.DepartmentId is { } d ? $"担当課ID {d.ToString(CultureInfo.InvariantCulture)}" : null)
                      : AuditDetails.Labelled("担当課", scope.DepartmentName),
        filter.CategoryId is { } c ? $"分類ID {c.ToString(CultureInfo.InvariantCulture)}" : null,
        filter.IsUrgent switch { true => "至急のみ", false => "通常のみ", null => null },
        AuditDetails.Labelled("行政区", filter.District is "" ? "不明" : filter.District),
        filter.PrefectureCode is { } p ? Labelled("現在の都道府県", p < 0 ? "不明" : Prefectures.Name((byte)p) ?? p.ToString(CultureInfo.InvariantCulture)) : null,
        filter.AgeBand is { } a ? $"年代 {AgeBands.Label(a)}" : null,
        AuditDetails.Period(filter.From, filter.To),
        filter.OverdueOnly ? "期限超過のみ" : null) ?? "条件なし";

    private static string? Labelled(string label, string value) => AuditDetails.Labelled(label, value);

    private DynamicParameters Parameters(RequestFilter filter, RequestScope scope, DateTime now)
    {
        var (min, max) = filter.Status is { } status ? ((byte)status, (byte)status) : filter.State switch
        {
            RequestState.Open => ((byte)0, (byte)2),
            RequestState.Closed => ((byte)3, (byte)4),
            _ => ((byte)0, (byte)4),
        };
        var parameters = new DynamicParameters();
        parameters.Add("MinStatus", min, System.Data.DbType.Byte);
        parameters.Add("MaxStatus", max, System.Data.DbType.Byte);
        parameters.Add("DepartmentId", scope.SeesAll ? filter.DepartmentId : scope.DepartmentId, System.Data.DbType.Int32);
        parameters.Add("CategoryId", filter.CategoryId, System.Data.DbType.Int32);
        parameters.Add("IsUrgent", filter.IsUrgent, System.Data.DbType.Boolean);
        // '' is the district 不明 (a request whose person has none), as the summary counts it.
        parameters.Add("District", filter.District?.Trim(), System.Data.DbType.String, size: 50);
        parameters.Add("PrefectureCode", filter.PrefectureCode, System.Data.DbType.Int32);
        parameters.Add("AgeBand", filter.AgeBand, System.Data.DbType.Int32);
        parameters.Add("From", DapperSetup.ToStored(filter.From is { } from ? JapanTime.StartOfDayUtc(from) : DateTime.MinValue), System.Data.DbType.DateTime2);
        parameters.Add("To", DapperSetup.ToStored(filter.To is { } to ? JapanTime.StartOfDayUtc(to.AddDays(1)) : DateTime.MaxValue), System.Data.DbType.DateTime2);
        parameters.Add("OverdueOnly", filter.OverdueOnly ? 1 : 0, System.Data.DbType.Int32);
        parameters.Add("UrgentBefore", DapperSetup.ToStored(overdue.UrgentBefore(now)), System.Data.DbType.DateTime2);
        parameters.Add("NormalBefore", DapperSetup.ToStored(overdue.NormalBefore(now)), System.Data.DbType.DateTime2);
        return parameters;
    }

    private class Row
    {
        public long RequestId { get; init; }
        public string HouseholdNo { get; init; } = "";
        public int? ResidentId { get; init; }
        public string? FamilyName { get; init; }
        public string? GivenName { get; init; }
        public string District { get; init; } = "";
        public int AgeBand { get; init; }
        public string CategoryLabel { get; init; } = "";
        public string DepartmentName { get; init; } = "";
        public bool IsUrgent { get; init; }
        public string Body { get; init; } = "";
        public byte Status { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime UpdatedAt { get; init; }
        public int TownId { get; init; }

        public RequestListItem ToItem(RequestOverdue rule, DateTime now) => new()
        {
            RequestId = RequestId, HouseholdNo = HouseholdNo, ResidentId = ResidentId,
            PersonName = FamilyName is null ? null : $"{FamilyName}\u3000{GivenName}".Trim(),
            District = District, AgeBand = AgeBand, CategoryLabel = CategoryLabel, DepartmentName = DepartmentName,
            IsUrgent = IsUrgent, Body = Body, Status = (RequestStatus)Status, CreatedAt = CreatedAt, UpdatedAt = UpdatedAt,
            IsOverdue = rule.IsOverdue((RequestStatus)Status, IsUrgent, CreatedAt, now), TownId = TownId,
        };
    }

    private sealed class DetailRow : Row
    {
        public int HouseholdId { get; init; }
        public int? SubjectResidentId { get; init; }
        public string? ResidentNo { get; init; }
        public string? SubjectResidentNo { get; init; }
        public int DepartmentId { get; init; }
        public int Version { get; init; }
        public DateTime? ClosedAt { get; init; }
    }
}
