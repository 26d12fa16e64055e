namespace CallCenter.Data.Common;

/// <summary>性別, coded as in ISO/IEC 5218 (0 unknown, 1 male, 2 female, 9 other).</summary>
public enum Sex : byte
{
    /// <summary>不明: not known (0).</summary>
    Unknown = 0,
    /// <summary>男 (1).</summary>
    Male = 1,
    /// <summary>女 (2).</summary>
    Female = 2,
    /// <summary>その他: not applicable (9).</summary>
    Other = 9,
}

/// <summary>Reads and labels <see cref="Sex"/> values.</summary>
public static class Sexes
{
    /// <summary>Accepts 男/女/その他 (also 男性/女性), M/F/X and 1/2/9, in any width.</summary>
    public static bool TryParse(string? text, out Sex sex)
    {
        var t = (text ?? "").Normalize(System.Text.NormalizationForm.FormKC).Trim().ToUpperInvariant();
        sex = t switch
        {
            "男" or "男性" or "M" or "1" => Sex.Male,
            "女" or "女性" or "F" or "2" => Sex.Female,
            "その他" or "X" or "9" => Sex.Other,
            _ => Sex.Unknown,
        };
        return sex != Sex.Unknown;
    }

    /// <summary>The Japanese label: 男, 女, その他, 不明.</summary>
    public static string Label(this Sex sex) => sex switch
    {
        Sex.Male => "男",
        Sex.Female => "女",
        Sex.Other => "その他",
        _ => "不明",
    };
}
