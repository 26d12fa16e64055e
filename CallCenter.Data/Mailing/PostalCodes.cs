using System.IO.Compression;
using System.Text;

namespace CallCenter.Data.Mailing;

/// <summary>A postal code's place: 都道府県, 市区町村 and 町域 (empty when the code covers several towns).</summary>
/// <param name="Prefecture">福島県.</param>
/// <param name="Municipality">双葉郡大熊町.</param>
/// <param name="Town">大川原, or empty.</param>
public sealed record PostalPlace(string Prefecture, string Municipality, string Town)
{
    /// <summary>What 住所1 must start with: 都道府県 + 市区町村.</summary>
    public string Prefix => Prefecture + Municipality;

    /// <summary>What the form fills 住所1 with: 都道府県 + 市区町村 + 町域.</summary>
    public string Address => Prefecture + Municipality + Town;
}

/// <summary>
/// Japanese postal codes (郵便番号): the form check (7 digits, with or without the hyphen, half- or full-width) and the
/// place of each residential code, from Japan Post's KEN_ALL as shipped by the npm package jquery-jpostal-ja (MIT;
/// Japan Post claims no copyright on the postal-code data and lets anyone redistribute it), embedded compactly in
/// PostalCodes.tsv.gz (built by docs/tools/build-postal-codes.py) and loaded once on first use.
/// </summary>
public static class PostalCodes
{
    private static readonly Lazy<Dictionary<int, (int City, string Town)>> Codes = new(Load);
    private static (string Prefecture, string Municipality)[] cities = [];

    /// <summary>The 7 digits of a postal code as typed (「979-1306」, 「９７９１３０６」, 「〒979－1306」), or null when it is not one.</summary>
    public static string? Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var s = text.Normalize(NormalizationForm.FormKC).Trim().TrimStart('〒').Trim();
        if (s.Length == 8 && s[3] is '-' or '‐' or '−' or 'ー' or '―')
        {
            s = string.Concat(s.AsSpan(0, 3), s.AsSpan(4));
        }
        return s.Length == 7 && s.All(char.IsAsciiDigit) ? s : null;
    }

    /// <summary>〒979-1306 (a stored 7-digit code; anything else as it is).</summary>
    public static string Display(string? code) =>
        code is { Length: 7 } c && c.All(char.IsAsciiDigit) ? $"〒{c[..3]}-{c[3..]}" : code ?? "";

    /// <summary>The place of a code (any form <see cref="Normalize"/> reads), or null when the code is unknown.</summary>
    public static PostalPlace? Find(string? code)
    {
        if (Normalize(code) is not { } digits)
        {
            return null;
        }
        if (!Codes.Value.TryGetValue(int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture), out var entry))
        {
            return null;
        }
        var (prefecture, municipality) = cities[entry.City];
        return new PostalPlace(prefecture, municipality, entry.Town);
    }

    /// <summary>
    /// The warning when 住所1 does not start with the code's 都道府県 + 市区町村 (spaces ignored), or when the code is not
    /// in Japan Post's list; null when they agree or the code is not a postal code at all (the form check reports that).
    /// </summary>
    public static string? Mismatch(string? postalCode, string? address1)
    {
        if (Normalize(postalCode) is not { } digits)
        {
            return null;
        }
        if (Find(digits) is not { } place)
        {
            return $"{Display(digits)} は日本郵便の郵便番号一覧にありません。番号を確かめてください。";
        }
        var address = (address1 ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("\u3000", "", StringComparison.Ordinal);
        if (address.Length == 0 || address.StartsWith(place.Prefix, StringComparison.Ordinal))
        {
            return null;
        }
        return $"住所1が郵便番号の地域（{place.Prefix}）と違います。{Display(digits)} と住所1を確かめてください。";
    }

    /// <summary>
    /// The codes of a municipality, lowest first (「福島県」「郡山市」; a town named without its 郡, 「猪苗代町」, matches
    /// 「耶麻郡猪苗代町」): for the demo town's addresses. Empty when the list has none.
    /// </summary>
    public static IReadOnlyList<string> CodesOf(string prefecture, string municipality)
    {
        var byCity = ByMunicipality.Value;
        if (byCity.TryGetValue(prefecture + municipality, out var codes))
        {
            return codes;
        }
        var key = byCity.Keys.Where(k => k.StartsWith(prefecture, StringComparison.Ordinal) && k.EndsWith(municipality, StringComparison.Ordinal))
            .OrderBy(k => k, StringComparer.Ordinal).FirstOrDefault();
        return key is null ? [] : byCity[key];
    }

    private static readonly Lazy<Dictionary<string, List<string>>> ByMunicipality = new(() =>
    {
        var byCity = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (code, (city, _)) in Codes.Value.OrderBy(c => c.Key))
        {
            var (prefecture, municipality) = cities[city];
            if (!byCity.TryGetValue(prefecture + municipality, out var list))
            {
                byCity[prefecture + municipality] = list = [];
            }
            list.Add(code.ToString("D7", System.Globalization.CultureInfo.InvariantCulture));
        }
        return byCity;
    });

    /// <summary>How many codes are known (loads the list).</summary>
    public static int Count => Codes.Value.Count;

    private static Dictionary<int, (int, string)> Load()
    {
        using var stream = typeof(PostalCodes).Assembly.GetManifestResourceStream("CallCenter.Data.Mailing.PostalCodes.tsv.gz")
            ?? throw new InvalidOperationException("The embedded postal-code list is missing.");
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        var count = int.Parse(reader.ReadLine()!, System.Globalization.CultureInfo.InvariantCulture);
        var places = new (string, string)[count];
        for (var i = 0; i < count; i++)
        {
            var line = reader.ReadLine()!;
            var tab = line.IndexOf('\t');
            places[i] = (string.Intern(line[..tab]), line[(tab + 1)..]);
        }
        var codes = new Dictionary<int, (int, string)>(130_000);
        var towns = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var first = line.IndexOf('\t');
            var second = line.IndexOf('\t', first + 1);
            var town = line[(second + 1)..];
            if (!towns.TryGetValue(town, out var shared))
            {
                towns[town] = shared = town;
            }
            codes[int.Parse(line.AsSpan(0, first), System.Globalization.CultureInfo.InvariantCulture)] =
                (int.Parse(line.AsSpan(first + 1, second - first - 1), System.Globalization.CultureInfo.InvariantCulture), shared);
        }
        cities = places;
        return codes;
    }
}
