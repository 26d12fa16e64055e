using System.Text;
using CallCenter.Data.Database;
using CallCenter.Data.Residents;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Data.Dashboard;

/// <summary>
/// The residents behind a dashboard figure: filtered, sorted, paged. Each optional filter is one fragment
/// and a statement holds only the fragments in use, so the planner sees just the predicates that apply and
/// can use the matching index (an "@x IS NULL OR col = @x" form would defeat it at 1,000,000 rows).
/// Every composition is parsed and schema-checked as T-SQL in the tests (<see cref="AllStatements"/>).
/// </summary>
public static class ResidentList
{
    /// <summary>Stands for "prefecture unknown" in <see cref="ResidentListFilter.PrefectureCode"/>.</summary>
    public const byte UnknownPrefecture = 0;

    private const string BaseSql = $"""
        SELECT {ResidentSearch.Columns}
          FROM Residents r
          LEFT JOIN Households h ON h.HouseholdId = r.HouseholdId
         WHERE r.MergedIntoResidentId IS NULL
        """;

    private const string CountBaseSql = """
        SELECT COUNT(*)
          FROM Residents r
         WHERE r.MergedIntoResidentId IS NULL
        """;

    private const string StatusFilter = "AND r.Status = @Status";
    private const string DistrictFilter = "AND r.District = @District";
    private const string PrefectureFilter = "AND r.PrefectureCode = @PrefectureCode";
    private const string UnknownPrefectureFilter = "AND r.PrefectureCode IS NULL";
    private const string WhereaboutsFilter = "AND r.WhereaboutsType = @WhereaboutsType";
    private const string VulnerableFilter = "AND r.IsVulnerable = @Vulnerable";
    private const string ProvisionalFilter = "AND r.IsProvisional = @Provisional";
    private const string UnconfirmedFilter = "AND r.Status = 0";
    private const string ConfirmedFilter = "AND r.Status <> 0";
    private const string ChangedSinceFilter = "AND r.UpdatedAt >= @ChangedSince";

    private static string Order(ResidentListSort sort, bool descending)
    {
        var direction = descending ? " DESC" : "";
        return sort switch
        {
            ResidentListSort.ResidentNo => $"r.ResidentNo{direction}",
            ResidentListSort.District => $"r.District{direction}, r.FamilyNameKana, r.GivenNameKana, r.ResidentNo",
            ResidentListSort.Status => $"r.Status{direction}, r.FamilyNameKana, r.GivenNameKana, r.ResidentNo",
            ResidentListSort.BirthDate => $"r.BirthDate{direction}, r.ResidentNo",
            ResidentListSort.StatusReportedAt => $"r.StatusReportedAt{direction}, r.ResidentNo",
            _ => $"r.FamilyNameKana{direction}, r.GivenNameKana{direction}, r.ResidentNo",
        };
    }

    private static IEnumerable<string> Filters(ResidentListFilter f)
    {
        if (f.Status is not null)
        {
            yield return StatusFilter;
        }
        if (!string.IsNullOrEmpty(f.District))
        {
            yield return DistrictFilter;
        }
        if (f.PrefectureCode == UnknownPrefecture)
        {
            yield return UnknownPrefectureFilter;
        }
        else if (f.PrefectureCode is not null)
        {
            yield return PrefectureFilter;
        }
        if (f.WhereaboutsType is not null)
        {
            yield return WhereaboutsFilter;
        }
        if (f.Vulnerable is not null)
        {
            yield return VulnerableFilter;
        }
        if (f.Provisional is not null)
        {
            yield return ProvisionalFilter;
        }
        if (f.Unconfirmed)
        {
            yield return UnconfirmedFilter;
        }
        if (f.Confirmed)
        {
            yield return ConfirmedFilter;
        }
        if (f.ChangedSinceUtc is not null)
        {
            yield return ChangedSinceFilter;
        }
    }

    /// <summary>The WHERE fragments of a filter (each line starts with AND), for statements that share them.</summary>
    public static string Where(ResidentListFilter filter) =>
        string.Concat(Filters(filter).Select(f => "\n   " + f));

    /// <summary>The parameters of a filter's fragments.</summary>
    public static DynamicParametersFor Parameters(ResidentListFilter filter) => new(filter);

    /// <summary>The page statement for a filter and sort, with the <c>{page}</c> token still in it.</summary>
    public static string ListSql(ResidentListFilter filter, ResidentListSort sort, bool descending)
    {
        var sql = new StringBuilder(BaseSql);
        foreach (var fragment in Filters(filter))
        {
            sql.Append('\n').Append("   ").Append(fragment);
        }
        return sql.Append("\nORDER BY ").Append(Order(sort, descending)).Append("\n{page}").ToString();
    }

    /// <summary>The count statement for a filter.</summary>
    public static string CountSql(ResidentListFilter filter)
    {
        var sql = new StringBuilder(CountBaseSql);
        foreach (var fragment in Filters(filter))
        {
            sql.Append('\n').Append("   ").Append(fragment);
        }
        return sql.ToString();
    }

    /// <summary>Every fragment alone and all together, with every sort both ways: what the tests check.</summary>
    public static IEnumerable<(string Name, string Sql)> AllStatements()
    {
        foreach (var (name, filter) in AllFilters())
        {
            yield return ($"count.{name}", CountSql(filter));
            foreach (var sort in Enum.GetValues<ResidentListSort>())
            {
                yield return ($"list.{name}.{sort}", ListSql(filter, sort, false));
                yield return ($"list.{name}.{sort}.desc", ListSql(filter, sort, true));
            }
        }
    }

    /// <summary>Each filter fragment alone, none, and all together: the compositions the tests check.</summary>
    public static IEnumerable<(string Name, ResidentListFilter Filter)> AllFilters()
    {
        return new (string Name, ResidentListFilter Filter)[]
        {
            ("none", new ResidentListFilter(Provisional: null)),
            ("status", new ResidentListFilter(Status: Reports.SafetyStatus.Safe, Provisional: null)),
            ("district", new ResidentListFilter(District: "x", Provisional: null)),
            ("prefecture", new ResidentListFilter(PrefectureCode: 7, Provisional: null)),
            ("unknown-prefecture", new ResidentListFilter(PrefectureCode: UnknownPrefecture, Provisional: null)),
            ("type", new ResidentListFilter(WhereaboutsType: Reports.WhereaboutsType.Shelter, Provisional: null)),
            ("vulnerable", new ResidentListFilter(Vulnerable: true, Provisional: null)),
            ("provisional", new ResidentListFilter(Provisional: true)),
            ("unconfirmed", new ResidentListFilter(Provisional: null, Unconfirmed: true)),
            ("confirmed", new ResidentListFilter(Provisional: null, Confirmed: true)),
            ("since", new ResidentListFilter(Provisional: null, ChangedSinceUtc: DateTime.UtcNow)),
            ("all", new ResidentListFilter(Reports.SafetyStatus.Safe, "x", 7, Reports.WhereaboutsType.Shelter, true, false, true, true, DateTime.UtcNow)),
        };
    }

    /// <summary>The page statement limited to the towns of <paramref name="towns"/> (no town test for all towns).</summary>
    public static string ListSql(ResidentListFilter filter, TownScope towns, ResidentListSort sort, bool descending)
    {
        ArgumentNullException.ThrowIfNull(towns);
        var sql = ListSql(filter, sort, descending);
        var order = sql.LastIndexOf("\nORDER BY ", StringComparison.Ordinal);
        return sql[..order] + towns.Filter("r.TownId") + sql[order..];
    }

    /// <summary>The count statement limited to the towns of <paramref name="towns"/>.</summary>
    public static string CountSql(ResidentListFilter filter, TownScope towns)
    {
        ArgumentNullException.ThrowIfNull(towns);
        return CountSql(filter) + towns.Filter("r.TownId");
    }

    internal static async Task<ResidentListResult> QueryAsync(ConnectionFactory connections, ResidentListFilter filter, TownScope towns,
        ResidentListSort sort, bool descending, int skip, int take, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParametersFor(filter).With(Math.Max(0, skip), Math.Clamp(take, 1, 500));
        parameters.TownIds = towns.TownIds;
        await using var connection = await connections.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(CountSql(filter, towns), parameters, cancellationToken: cancellationToken));
        var rows = (await connection.QueryAsync<ResidentSummary>(new CommandDefinition(
            connections.Dialect.Render(ListSql(filter, towns, sort, descending)), parameters, cancellationToken: cancellationToken))).AsList();
        return new ResidentListResult(rows, total);
    }
}

/// <summary>The parameters a <see cref="ResidentListFilter"/>'s fragments use (and paging, when given).</summary>
public sealed class DynamicParametersFor(ResidentListFilter filter)
{
    /// <summary>The safety status to list, as its number, or null for any.</summary>
    public int? Status { get; } = filter.Status is { } s ? (int)s : null;
    /// <summary>The district (行政区) to list, or null for any.</summary>
    public string? District { get; } = filter.District;
    /// <summary>The whereabouts' prefecture (JIS code), or null for any.</summary>
    public int? PrefectureCode { get; } = filter.PrefectureCode is { } p ? p : null;
    /// <summary>The whereabouts' kind, as its number, or null for any.</summary>
    public int? WhereaboutsType { get; } = filter.WhereaboutsType is { } w ? (int)w : null;
    /// <summary>Only vulnerable persons (true), only others (false), or both (null).</summary>
    public bool? Vulnerable { get; } = filter.Vulnerable;
    /// <summary>Only provisional persons (true), only registered residents (false), or both (null).</summary>
    public bool? Provisional { get; } = filter.Provisional;
    /// <summary>Only residents whose row changed since this time (UTC), or null.</summary>
    public DateTime? ChangedSince { get; } = filter.ChangedSinceUtc;
    /// <summary>The towns of a limited scope (bound as @TownIds by <see cref="TownScope.Filter"/>), or null for all towns.</summary>
    public IReadOnlyList<int>? TownIds { get; set; }
    /// <summary>Rows to skip (paging).</summary>
    public int Skip { get; private set; }
    /// <summary>Rows to read (paging).</summary>
    public int Take { get; private set; }

    /// <summary>
    /// The filter parameters that are set, by name (a parameter no fragment names is left out), for a command bound
    /// without Dapper; paging is not among them.
    /// </summary>
    public (string[] Names, object?[] Values) SetFilterParameters()
    {
        (string Name, object? Value)[] all =
        [
            (nameof(Status), Status), (nameof(District), District), (nameof(PrefectureCode), PrefectureCode),
            (nameof(WhereaboutsType), WhereaboutsType), (nameof(Vulnerable), Vulnerable), (nameof(Provisional), Provisional),
            (nameof(ChangedSince), ChangedSince),
        ];
        var set = all.Where(p => p.Value is not null).ToArray();
        return ([.. set.Select(p => p.Name)], [.. set.Select(p => p.Value)]);
    }

    /// <summary>Sets the paging and returns the same parameters.</summary>
    public DynamicParametersFor With(int skip, int take)
    {
        Skip = skip;
        Take = take;
        return this;
    }
}
