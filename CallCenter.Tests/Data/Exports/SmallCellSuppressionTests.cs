using CallCenter.Data.Exports;

namespace CallCenter.Tests.Data.Exports;

public sealed class SmallCellSuppressionTests
{
    private static IReadOnlyList<IReadOnlyList<long>> Table(params long[][] rows) => rows;

    [Fact]
    public void Apply_SuppressesCountsBelowFive_And_TheSmallestOtherPartOfTheirLine()
    {
        // 世帯数 = A + B + C: B (3) is primary; C (6) is the smallest other part, suppressed so that 20 − 11 does not give B.
        var counts = Table([20, 11, 3, 6]);

        var suppressed = SmallCellSuppression.Apply(counts, [SmallCellSuppression.RowLine(0, 0, 1, 2, 3)]);

        Assert.Equal([false, false, true, true], suppressed[0]);
    }

    [Fact]
    public void Apply_LeavesEveryLineWithNoneOrAtLeastTwoSuppressed_When_RowsAndColumnsAddUp()
    {
        // Row 0 is the town, the sum of rows 1..3; each row: total = two parts.
        var counts = Table([60, 32, 28], [25, 22, 3], [20, 5, 15], [15, 5, 10]);
        var lines = new List<IReadOnlyList<(int Row, int Column)>>();
        for (var r = 0; r < 4; r++)
        {
            lines.Add(SmallCellSuppression.RowLine(r, 0, 1, 2));
        }
        for (var c = 0; c < 3; c++)
        {
            lines.Add(SmallCellSuppression.ColumnLine(c, 0, [1, 2, 3]));
        }

        var suppressed = SmallCellSuppression.Apply(counts, lines);

        Assert.True(suppressed[1][2]);
        Assert.All(lines, line => Assert.NotEqual(1, line.Count(c => suppressed[c.Row][c.Column])));
        Assert.False(suppressed[0][0]);
    }

    [Fact]
    public void Apply_SuppressesNothing_When_EveryCountIsFiveOrMore()
    {
        var suppressed = SmallCellSuppression.Apply(Table([10, 5, 5]), [SmallCellSuppression.RowLine(0, 0, 1, 2)]);

        Assert.All(suppressed[0], Assert.False);
    }
}
