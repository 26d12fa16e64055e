using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CallCenter.Data.Common;

/// <summary>
/// Western and 和暦 (Japanese era) dates: 1970-03-12, 1970/3/12, 1970年3月12日, 昭和45年3月12日,
/// S45.3.12, H2.1.8, 令和元年5月1日, R1.5.1 (also 明治/大正, M/T). Full-width digits are accepted.
/// </summary>
public static partial class JapaneseDates
{
    /// <summary>One era: its name, letter and first day.</summary>
    public sealed record Era(string Name, char Letter, DateOnly Start);

    /// <summary>The modern eras, oldest first.</summary>
    public static IReadOnlyList<Era> Eras { get; } =
    [
        new("明治", 'M', new DateOnly(1868, 9, 8)),
        new("大正", 'T', new DateOnly(1912, 7, 30)),
        new("昭和", 'S', new DateOnly(1926, 12, 25)),
        new("平成", 'H', new DateOnly(1989, 1, 8)),
        new("令和", 'R', new DateOnly(2019, 5, 1)),
    ];

    [GeneratedRegex(@"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")]
    private static partial Regex WesternPattern();

    [GeneratedRegex(@"^(\d{4})(\d{2})(\d{2})$")]
    private static partial Regex CompactPattern();

    [GeneratedRegex(@"^(明治|大正|昭和|平成|令和|[MTSHR])\s*(元|\d{1,2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$", RegexOptions.IgnoreCase)]
    private static partial Regex EraPattern();

    /// <summary>Parses a date; on failure <paramref name="error"/> says why, in Japanese.</summary>
    public static bool TryParse(string? text, out DateOnly date, out string? error)
    {
        date = default;
        error = null;
        var s = (text ?? "").Normalize(NormalizationForm.FormKC).Trim();
        if (s.Length == 0)
        {
            error = "日付が空です";
            return false;
        }

        var m = WesternPattern().Match(s);
        if (!m.Success)
        {
            m = CompactPattern().Match(s);
        }
        if (m.Success)
        {
            return TryMake(Int(m.Groups[1]), Int(m.Groups[2]), Int(m.Groups[3]), s, out date, out error);
        }

        m = EraPattern().Match(s);
        if (!m.Success)
        {
            error = $"日付として読めません（{s}）";
            return false;
        }
        var eraText = m.Groups[1].Value;
        var era = Eras.First(e => e.Name == eraText || char.ToUpperInvariant(eraText[0]) == e.Letter && eraText.Length == 1);
        var eraYear = m.Groups[2].Value == "元" ? 1 : Int(m.Groups[2]);
        if (eraYear < 1)
        {
            error = $"{era.Name}0年はありません（{s}）";
            return false;
        }
        if (!TryMake(era.Start.Year + eraYear - 1, Int(m.Groups[3]), Int(m.Groups[4]), s, out date, out error))
        {
            return false;
        }
        var next = Eras.SkipWhile(e => e != era).Skip(1).FirstOrDefault();
        if (date < era.Start || (next is not null && date >= next.Start))
        {
            error = $"{era.Name}の期間外の日付です（{s}）";
            date = default;
            return false;
        }
        return true;
    }

    /// <summary>
    /// yyyy/MM/dd, the western form written to CSV (as <c>ToString("yyyy/MM/dd", InvariantCulture)</c> writes it, digit
    /// by digit: an export writes one or two per row, and a custom format string is parsed on every call).
    /// </summary>
    public static string FormatWestern(DateOnly date) => string.Create(10, date, static (text, d) => WriteWestern(text, d));

    /// <summary>yyyy/MM/dd HH:mm of a (Japan) time, digit by digit like <see cref="FormatWestern(DateOnly)"/>.</summary>
    public static string FormatWesternMinute(DateTime time) => string.Create(16, time, static (text, t) =>
    {
        WriteWestern(text, DateOnly.FromDateTime(t));
        text[10] = ' ';
        WriteTwoDigits(text[11..], t.Hour);
        text[13] = ':';
        WriteTwoDigits(text[14..], t.Minute);
    });

    private static void WriteWestern(Span<char> text, DateOnly date)
    {
        WriteTwoDigits(text, date.Year / 100);
        WriteTwoDigits(text[2..], date.Year % 100);
        text[4] = '/';
        WriteTwoDigits(text[5..], date.Month);
        text[7] = '/';
        WriteTwoDigits(text[8..], date.Day);
    }

    private static void WriteTwoDigits(Span<char> text, int value)
    {
        text[0] = (char)('0' + value / 10);
        text[1] = (char)('0' + value % 10);
    }

    /// <summary>令和8年3月1日 style, with 元年 for an era's first year.</summary>
    public static string FormatEra(DateOnly date)
    {
        var era = Eras.LastOrDefault(e => date >= e.Start);
        if (era is null)
        {
            return FormatWestern(date);
        }
        var year = date.Year - era.Start.Year + 1;
        var yearText = year == 1 ? "元" : year.ToString(CultureInfo.InvariantCulture);
        return $"{era.Name}{yearText}年{date.Month}月{date.Day}日";
    }

    /// <summary>Age in whole years on <paramref name="today"/>.</summary>
    public static int Age(DateOnly birthDate, DateOnly today)
    {
        var age = today.Year - birthDate.Year;
        if (today < birthDate.AddYears(age))
        {
            age--;
        }
        return age;
    }

    private static int Int(Group g) => int.Parse(g.Value, CultureInfo.InvariantCulture);

    private static bool TryMake(int year, int month, int day, string text, out DateOnly date, out string? error)
    {
        date = default;
        error = null;
        if (year < 1800 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Clamp(year, 1, 9999), month))
        {
            error = $"存在しない日付です（{text}）";
            return false;
        }
        date = new DateOnly(year, month, day);
        return true;
    }
}
