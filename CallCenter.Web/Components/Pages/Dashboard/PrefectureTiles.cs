using CallCenter.Data.Common;

namespace CallCenter.Web.Components.Pages.Dashboard;

/// <summary>Where each prefecture's tile sits in the 13 × 11 tile map of Japan, and its colour step.</summary>
public static class PrefectureTiles
{
    public sealed record Tile(byte Code, int Column, int Row)
    {
        /// <summary>東京, 大阪, 北海道, 海外: the name without 都/府/県.</summary>
        public string ShortName => Prefectures.Name(Code) is { } name && name != "北海道" && name != "海外" ? name[..^1] : Prefectures.Name(Code) ?? "";
    }

    /// <summary>The darkest colour step; step 0 is for no residents at all.</summary>
    public const int Steps = 6;

    // (code, column, row): west to east, north to south, kept roughly adjacent to real neighbours.
    public static IReadOnlyList<Tile> All { get; } =
    [
        new(1, 12, 0),
        new(2, 12, 1),
        new(5, 11, 2), new(3, 12, 2),
        new(6, 11, 3), new(4, 12, 3),
        new(17, 9, 4), new(16, 10, 4), new(15, 11, 4), new(7, 12, 4),
        new(18, 8, 5), new(21, 9, 5), new(20, 10, 5), new(10, 11, 5), new(9, 12, 5),
        new(32, 4, 6), new(31, 5, 6), new(28, 6, 6), new(26, 7, 6), new(25, 8, 6), new(23, 9, 6), new(19, 10, 6), new(11, 11, 6), new(8, 12, 6),
        new(42, 0, 7), new(41, 1, 7), new(40, 2, 7), new(35, 3, 7), new(34, 4, 7), new(33, 5, 7), new(27, 6, 7), new(29, 7, 7),
        new(24, 8, 7), new(22, 9, 7), new(14, 10, 7), new(13, 11, 7), new(12, 12, 7),
        new(43, 1, 8), new(44, 2, 8), new(38, 4, 8), new(37, 5, 8), new(30, 7, 8),
        new(46, 1, 9), new(45, 2, 9), new(39, 4, 9), new(36, 5, 9),
        new(47, 0, 10), new(Prefectures.Abroad, 12, 10),
    ];

    /// <summary>
    /// The colour step of a count: 0 for none, else 1..Steps on a square-root scale of the largest count, so that
    /// the few prefectures near the town do not wash every other tile out to the palest colour.
    /// </summary>
    public static int Step(int count, int max) => count <= 0 || max <= 0
        ? 0
        : Math.Clamp(1 + (int)Math.Floor(Math.Sqrt((double)count / max) * Steps), 1, Steps);
}
