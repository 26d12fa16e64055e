using System.Text;

namespace CallCenter.Data.Demo;

/// <summary>
/// The fictional neighbours of 汐見町 for a demo joint call center (<c>Demo:Towns</c>): codes 0799x with their check
/// digits (no real municipality uses them), each with a register generated like 汐見町's and renamed.
/// </summary>
public static class DemoTowns
{
    /// <summary>The most towns a demo seeds: 汐見町 and seven neighbours, the size of 双葉郡's eight towns.</summary>
    public const int Max = 8;

    /// <summary>The neighbours in the order they are added (汐見町 is town 1, from Town:Code/Town:Name).</summary>
    public static readonly IReadOnlyList<(string Code, string Name)> Neighbours =
    [
        ("079910", "浜風町"),
        ("079928", "朝凪村"),
        ("079936", "白砂町"),
        ("079944", "松浦町"),
        ("079952", "岬町"),
        ("079961", "潮田村"),
        ("079979", "青葉町"),
    ];

    /// <summary>
    /// A register of <paramref name="residents"/> people for the town <paramref name="name"/>: 汐見町's generator with
    /// another seed, its addresses and district names renamed (汐見町 → the town, 汐見 → the town's stem).
    /// </summary>
    public static MemoryStream Register(int residents, int seed, DateOnly asOf, string name)
    {
        using var generated = new MemoryStream();
        DemoTownGenerator.WriteRegisterCsv(generated, residents, seed, asOf);
        var stem = name[..^1];
        var text = Encoding.UTF8.GetString(generated.GetBuffer(), 0, (int)generated.Length)
            .Replace("汐見町", name, StringComparison.Ordinal)
            .Replace("汐見", stem, StringComparison.Ordinal);
        return new MemoryStream(new UTF8Encoding(false).GetBytes(text));
    }
}
