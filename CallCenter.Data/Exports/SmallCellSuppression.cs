namespace CallCenter.Data.Exports;

/// <summary>
/// 秘匿処理 for aggregated exports: a count of fewer than <see cref="Threshold"/> households is not published (primary
/// suppression), and no published total may give one back. A table is described by its additive relations ("lines": a
/// total and its parts, such as 世帯数 = 回答 + 未回答 in a row or 町全体 = Σ groups in a column); a line with exactly one
/// suppressed cell would reveal it by subtraction, so the smallest other cell of that line is suppressed too (secondary
/// suppression), repeated until every line has none or at least two suppressed cells.
/// </summary>
public static class SmallCellSuppression
{
    /// <summary>Counts below this are suppressed: 5 households.</summary>
    public const int Threshold = 5;

    /// <summary>What a suppressed cell is written as.</summary>
    public const string Mark = "*";

    /// <summary>The rule as an export states it (its first row's 注記).</summary>
    public const string Rule = "秘匿処理: 5世帯未満の値は「*」。合計から差し引いて分かる値も「*」（各行・各列で秘匿する値を2つ以上にする）";

    /// <summary>
    /// The cells to suppress of <paramref name="counts"/> (rows × columns), given the additive <paramref name="lines"/>
    /// (each a set of cells, total and parts, that sum to a published relation).
    /// </summary>
    public static bool[][] Apply(IReadOnlyList<IReadOnlyList<long>> counts, IReadOnlyList<IReadOnlyList<(int Row, int Column)>> lines)
    {
        var suppressed = counts.Select(row => row.Select(n => n < Threshold).ToArray()).ToArray();
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var line in lines)
            {
                if (line.Count(c => suppressed[c.Row][c.Column]) != 1)
                {
                    continue;
                }
                var next = line.Where(c => !suppressed[c.Row][c.Column]).OrderBy(c => counts[c.Row][c.Column]).ThenBy(c => c.Row).ThenBy(c => c.Column)
                    .Select(c => ((int Row, int Column)?)c).FirstOrDefault();
                if (next is { } cell)
                {
                    suppressed[cell.Row][cell.Column] = true;
                    changed = true;
                }
            }
        }
        return suppressed;
    }

    /// <summary>A line over one row: the total at <paramref name="total"/> and the parts at <paramref name="parts"/>.</summary>
    public static IReadOnlyList<(int Row, int Column)> RowLine(int row, int total, params int[] parts) =>
        [(row, total), .. parts.Select(p => (row, p))];

    /// <summary>A line over one column: the total in <paramref name="totalRow"/> and the parts in <paramref name="partRows"/>.</summary>
    public static IReadOnlyList<(int Row, int Column)> ColumnLine(int column, int totalRow, IEnumerable<int> partRows) =>
        [(totalRow, column), .. partRows.Select(r => (r, column))];
}
