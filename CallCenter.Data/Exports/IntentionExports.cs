using System.Globalization;
using CallCenter.Data.Database;
using CallCenter.Data.Intentions;
using Dapper;

namespace CallCenter.Data.Exports;

/// <summary>
/// The intention survey's exports (issue 17): every household's counting answer in a round, in the columns
/// <c>import-intentions</c> reads (so a file exported can be read back), and the summary by a grouping with 秘匿処理
/// (<see cref="SmallCellSuppression"/>). The same encodings, date styles and formula guard as the other exports
/// (<see cref="ExportRowWriter"/>).
/// </summary>
public sealed class IntentionExports(ConnectionFactory connections, IntentionSummary summary)
{
    /// <summary>intentions.csv: one row per household's counting answer.</summary>
    public static readonly ExportTable Answers = new("intentions", "帰還意向の回答",
    [
        new("世帯番号"), new("行政区"), new("回答日", ExportColumnType.Date), new("帰還意向"), new("判断に必要なこと"), new("戻らない理由"),
        new("希望する住まい"), new("回答者"), new("経路"), new("ラウンド"),
    ]);

    /// <summary>intentions-summary.csv: households and intentions per group, small cells suppressed.</summary>
    public static readonly ExportTable Summary = new("intentions-summary", "帰還意向の集計",
    [
        new("区分"), new("グループ"), new("世帯数"), new("回答世帯数"),
        .. IntentionChoices.Intentions.Select(i => new ExportColumn(i.Label())), new("未回答"), new("注記"),
    ]);

    private const string AnswersSql = """
          SELECT h.HouseholdNo, h.District, a.AnsweredOn, a.Intention, a.Needs, a.Reasons, a.Housing, a.Respondent, a.Channel, h.TownId
            FROM HouseholdIntentions hi
            JOIN IntentionAnswers a ON a.AnswerId = hi.AnswerId
            JOIN Households h ON h.HouseholdId = hi.HouseholdId
           WHERE hi.RoundId = @RoundId
             AND (@District IS NULL OR h.District = @District)
             AND (@Since IS NULL OR hi.AnsweredOn >= @Since)
        """;

    /// <summary>Writes the counting answers of a round (of one district, answered on or after a date, when given).</summary>
    public async Task<ExportResult> AnswersAsync(Stream output, SummaryRound round, string? district, DateOnly? since, ExportOptions options,
        CancellationToken cancellationToken = default)
    {
        await using var writer = await ExportRowWriter.OpenAsync(output, Answers, options);
        await using var connection = await connections.OpenAsync(cancellationToken);
        var cells = new ExportCell[Answers.Columns.Count];
        await foreach (var a in connection.QueryUnbufferedAsync<AnswerRow>(AnswersSql + ExportTowns.Filter(options.Towns, "h.TownId") + "\nORDER BY h.HouseholdNo", new { round.RoundId, District = district, Since = since })
            .WithCancellation(cancellationToken))
        {
            cells[0] = a.HouseholdNo;
            cells[1] = a.District;
            cells[2] = ExportCell.Of(a.AnsweredOn);
            cells[3] = ((ReturnIntention)a.Intention).Label();
            cells[4] = string.Join(";", ((IntentionNeeds)a.Needs).Labels());
            cells[5] = string.Join(";", ((NotReturningReasons)a.Reasons).Labels());
            cells[6] = a.Housing is { } housing ? ((HousingWish)housing).Label() : null;
            cells[7] = a.Respondent;
            cells[8] = ((AnswerChannel)a.Channel).Label();
            cells[9] = round.Name;
            await writer.WriteRowAsync(a.TownId, cells, cancellationToken);
        }
        return writer.Result;
    }

    /// <summary>
    /// Writes the summary of a round: the whole town first (its 注記 states the rule), then each group of
    /// <paramref name="by"/>; counts below five households, and those a total would give back, written as 「*」.
    /// </summary>
    public Task<ExportResult> SummaryAsync(Stream output, SummaryRound round, IntentionGrouping? by, ExportOptions options,
        CancellationToken cancellationToken = default) =>
        SummaryAsync(output, round, by, Towns.TownScope.All, options, cancellationToken);

    /// <summary>As <see cref="SummaryAsync(Stream, SummaryRound, IntentionGrouping?, ExportOptions, CancellationToken)"/>, over the households of <paramref name="towns"/> only.</summary>
    public async Task<ExportResult> SummaryAsync(Stream output, SummaryRound round, IntentionGrouping? by, Towns.TownScope towns, ExportOptions options,
        CancellationToken cancellationToken = default)
    {
        var result = await summary.LoadAsync(round, by, towns, cancellationToken);
        var rows = new List<(string Kind, string Group, IntentionCounts Counts)> { ("町全体", round.Name, result.Total) };
        rows.AddRange(result.Groups.Select(g => (IntentionSummary.Heading(by!.Value), g.Label, g.Counts)));
        var counts = rows.Select(r => (IReadOnlyList<long>)[r.Counts.Households, r.Counts.Answered, .. r.Counts.ByIntention.Select(n => (long)n), r.Counts.Unanswered])
            .ToList();
        var suppressed = SmallCellSuppression.Apply(counts, Lines(rows.Count));
        await using var writer = await ExportRowWriter.OpenAsync(output, Summary, options);
        var cells = new ExportCell[Summary.Columns.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            cells[0] = rows[r].Kind;
            cells[1] = rows[r].Group;
            for (var c = 0; c < counts[r].Count; c++)
            {
                cells[2 + c] = suppressed[r][c] ? SmallCellSuppression.Mark : counts[r][c].ToString(CultureInfo.InvariantCulture);
            }
            cells[^1] = r == 0 ? SmallCellSuppression.Rule : null;
            await writer.WriteRowAsync(cells, cancellationToken);
        }
        return writer.Result;
    }

    // Columns of the counts: 0 世帯数, 1 回答世帯数, 2..5 the intentions, 6 未回答. Row 0 is the town, the sum of the groups.
    private static List<IReadOnlyList<(int Row, int Column)>> Lines(int rows)
    {
        var lines = new List<IReadOnlyList<(int Row, int Column)>>();
        for (var r = 0; r < rows; r++)
        {
            lines.Add(SmallCellSuppression.RowLine(r, 0, 1, 6));
            lines.Add(SmallCellSuppression.RowLine(r, 1, 2, 3, 4, 5));
            lines.Add(SmallCellSuppression.RowLine(r, 0, 2, 3, 4, 5, 6));
        }
        if (rows > 1)
        {
            for (var c = 0; c < 7; c++)
            {
                lines.Add(SmallCellSuppression.ColumnLine(c, 0, Enumerable.Range(1, rows - 1)));
            }
        }
        return lines;
    }

    private sealed class AnswerRow
    {
        public string HouseholdNo { get; init; } = "";
        public string? District { get; init; }
        public DateOnly AnsweredOn { get; init; }
        public int Intention { get; init; }
        public int Needs { get; init; }
        public int Reasons { get; init; }
        public int? Housing { get; init; }
        public string? Respondent { get; init; }
        public int Channel { get; init; }
        public int TownId { get; init; }
    }
}
