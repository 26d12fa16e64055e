namespace CallCenter.Data.Common;

/// <summary>The 47 prefectures by their JIS X 0401 code, plus 海外 (abroad) as code 99.</summary>
public static class Prefectures
{
    /// <summary>The code used for 海外 (abroad).</summary>
    public const byte Abroad = 99;

    private static readonly string[] Names =
    [
        "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県",
        "茨城県", "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県",
        "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県",
        "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県",
        "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県",
        "徳島県", "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県",
        "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
    ];

    /// <summary>Every code in display order: 1..47, then 99.</summary>
    public static IReadOnlyList<byte> Codes { get; } = [.. Enumerable.Range(1, 47).Select(i => (byte)i), Abroad];

    /// <summary>The name of a code, or null when the code is unknown.</summary>
    public static string? Name(byte? code) => code switch
    {
        null => null,
        Abroad => "海外",
        >= 1 and <= 47 => Names[code.Value - 1],
        _ => null,
    };

    /// <summary>Finds a code from a name, with or without 都/道/府/県 (東京, 東京都, 海外).</summary>
    public static byte? FromName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }
        var n = name.Trim();
        if (n == "海外")
        {
            return Abroad;
        }
        for (var i = 0; i < Names.Length; i++)
        {
            var full = Names[i];
            var shortName = full == "北海道" ? full : full[..^1];
            if (n == full || n == shortName)
            {
                return (byte)(i + 1);
            }
        }
        return null;
    }
}
