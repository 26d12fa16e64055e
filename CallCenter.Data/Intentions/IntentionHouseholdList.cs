using System.Globalization;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Dashboard;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Data.Intentions;

/// <summary>A household behind a figure of the intention summary, with its head (the link to the resident page).</summary>
/// <param name="HouseholdId">The household.</param>
/// <param name="HouseholdNo">世帯番号.</param>
/// <param name="District">行政区 ('' unknown).</param>
/// <param name="HeadResidentNo">The head's resident number, or null without a head.</param>
/// <param name="HeadName">The head's name, or null.</param>
/// <param name="Intention">The counting answer in the round, or null.</param>
/// <param name="AnsweredOn">Its date, or null.</param>
public sealed record IntentionHouseholdRow(int HouseholdId, string HouseholdNo, string District, string? HeadResidentNo, string? HeadName,
    ReturnIntention? Intention, DateOnly? AnsweredOn);

/// <summary>A page of households and how many there are.</summary>
/// <param name="Rows">The page.</param>
/// <param name="Total">Every household matching the filter.</param>
public sealed record IntentionHouseholdPage(IReadOnlyList<IntentionHouseholdRow> Rows, int Total);

/// <summary>
/// The households behind a figure of the intention summary, paged by household number. Reading it reads personal data
/// (names, answers): every page read is audited.
/// </summary>
public sealed class IntentionHouseholdList(ConnectionFactory connections, AuditRepository audit, TimeProvider time)
{
    private const string PageSql = $"""
          SELECT ih.HouseholdId, h.HouseholdNo, ih.District, r.ResidentNo AS HeadResidentNo, r.FamilyName, r.GivenName,
                 a.Intention, a.AnsweredOn
            FROM IntentionHouseholds ih
            JOIN Households h ON h.HouseholdId = ih.HouseholdId
            LEFT JOIN Residents r ON r.ResidentId = ih.HeadResidentId
            LEFT JOIN HouseholdIntentions a ON a.HouseholdId = ih.HouseholdId AND a.RoundId = @RoundId
           WHERE {IntentionHouseholdFilter.Where} /*towns*/
        ORDER BY h.HouseholdNo
        {"{page}"}
        """;

    private const string CountSql = $"""
        SELECT COUNT(*)
          FROM IntentionHouseholds ih
          LEFT JOIN HouseholdIntentions a ON a.HouseholdId = ih.HouseholdId AND a.RoundId = @RoundId
         WHERE {IntentionHouseholdFilter.Where} /*towns*/
        """;

    /// <summary>
    /// Page <paramref name="page"/> (from 0) of <paramref name="size"/> households of the towns of <paramref name="towns"/>,
    /// audited as read by <paramref name="by"/>.
    /// </summary>
    public async Task<IntentionHouseholdPage> ReadAsync(IntentionHouseholdFilter filter, TownScope towns, string roundName, int page, int size,
        OperatorContext by, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(towns);
        var args = new DynamicParameters(filter.Parameters(JapanTime.Today(time)));
        args.Add("TownIds", towns.TownIds);
        args.Add("Skip", page * size);
        args.Add("Take", size);
        IntentionHouseholdPage result;
        await using (var connection = await connections.OpenAsync(cancellationToken))
        {
            var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(TownFilter.Apply(CountSql, towns, "ih.TownId"), args, cancellationToken: cancellationToken));
            var rows = (await connection.QueryAsync<Row>(new CommandDefinition(connections.Dialect.Render(TownFilter.Apply(PageSql, towns, "ih.TownId")), args, cancellationToken: cancellationToken)))
                .Select(r => new IntentionHouseholdRow(r.HouseholdId, r.HouseholdNo, r.District, r.HeadResidentNo,
                    r.FamilyName is null ? null : $"{r.FamilyName} {r.GivenName}", r.Intention is { } i ? (ReturnIntention)i : null, r.AnsweredOn))
                .ToList();
            result = new IntentionHouseholdPage(rows, total);
        }
        await audit.WriteAsync(by, AuditActions.ViewIntentionHouseholds, "intention-households", filter.RoundId.ToString(CultureInfo.InvariantCulture),
            details: $"帰還意向の世帯一覧 {filter.Describe(roundName)}・{page + 1}ページ目 {result.Rows.Count}世帯（全{result.Total}世帯）",
            cancellationToken: cancellationToken);
        return result;
    }

    private sealed class Row
    {
        public int HouseholdId { get; init; }
        public string HouseholdNo { get; init; } = "";
        public string District { get; init; } = "";
        public string? HeadResidentNo { get; init; }
        public string? FamilyName { get; init; }
        public string? GivenName { get; init; }
        public int? Intention { get; init; }
        public DateOnly? AnsweredOn { get; init; }
    }
}
