namespace CallCenter.Data.Towns;

/// <summary>
/// The 6-digit 全国地方公共団体コード: 2 digits of prefecture, 3 of municipality and a check digit. The check digit is the
/// last digit of 11 − (the five digits weighted 6, 5, 4, 3, 2, summed, modulo 11): 大熊町 07545 → 77 mod 11 = 0 → 11 → 075451.
/// </summary>
public static class TownCode
{
    private static readonly int[] Weights = [6, 5, 4, 3, 2];

    /// <summary>The check digit of a 5-digit code.</summary>
    public static int CheckDigit(ReadOnlySpan<char> fiveDigits)
    {
        if (fiveDigits.Length != 5 || !IsDigits(fiveDigits))
        {
            throw new ArgumentException("A municipality code without its check digit has 5 digits.", nameof(fiveDigits));
        }
        var sum = 0;
        for (var i = 0; i < 5; i++)
        {
            sum += (fiveDigits[i] - '0') * Weights[i];
        }
        return (11 - sum % 11) % 10;
    }

    /// <summary>Whether <paramref name="code"/> is six ASCII digits whose last is the check digit of the first five.</summary>
    public static bool IsValid(string? code) =>
        code is { Length: 6 } && IsDigits(code) && code[..2] is not "00" && CheckDigit(code.AsSpan(0, 5)) == code[5] - '0';

    /// <summary>What is wrong with a code, in Japanese for the admin page and the CLI, or null when it is valid.</summary>
    public static string? Problem(string? code) => code switch
    {
        null or "" => "団体コードを入力してください。",
        _ when code.Length != 6 || !IsDigits(code) => $"団体コード「{code}」は半角数字 6 桁ではありません（例: 075451）。",
        _ when code[..2] is "00" => $"団体コード「{code}」の都道府県（先頭 2 桁）が 00 です。",
        _ when !IsValid(code) => $"団体コード「{code}」の検査数字（6 桁目）が合いません（{code[..5]} なら {code[..5]}{CheckDigit(code.AsSpan(0, 5))}）。",
        _ => null,
    };

    private static bool IsDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }
        return true;
    }
}
