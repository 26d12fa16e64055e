using System.Globalization;
using CallCenter.Data.Audit;
using CallCenter.Data.Common;
using CallCenter.Data.Reports;

namespace CallCenter.Web.Components.Pages.Audit;

/// <summary>
/// A query string that earlier versions wrote into audit rows (the resident list's link, an export's parameters),
/// in Japanese: <c>?status=Missing&amp;district=%E6%B5%9C%E5%8C%BA</c> → 「安否 行方不明・行政区 浜区」.
/// </summary>
public static class AuditQueryText
{
    /// <summary>The filter in Japanese; 「条件なし」 for an empty query.</summary>
    public static string Describe(string? query)
    {
        var text = (query ?? "").TrimStart('?');
        var phrases = new List<string?>();
        string? from = null, to = null;
        foreach (var pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString((eq < 0 ? pair : pair[..eq]).Replace('+', ' '));
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' ')).Trim();
            switch (name)
            {
                case "from":
                    from = value;
                    break;
                case "to":
                    to = value;
                    break;
                case "encoding":
                    // Told by the row's own 文字コード phrase.
                    break;
                default:
                    phrases.Add(Phrase(name, value));
                    break;
            }
        }
        if (from is not null || to is not null)
        {
            phrases.Insert(0, $"期間 {Date(from)}〜{Date(to)}");
        }
        return AuditDetails.Join([.. phrases]) ?? "条件なし";
    }

    private static string? Phrase(string name, string value) => name switch
    {
        "status" => $"安否 {(Enum.TryParse<SafetyStatus>(value, true, out var s) && !int.TryParse(value, out _) ? s.Label() : value)}",
        "district" => AuditDetails.Labelled("行政区", value),
        "pref" or "prefecture" => AuditDetails.Labelled("避難先", byte.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? Prefectures.Name(code) ?? value : value),
        "type" => AuditDetails.Labelled("避難先種別", Enum.TryParse<WhereaboutsType>(value, true, out var t) && !int.TryParse(value, out _) ? t.Label() : value),
        "vulnerable" => value == "false" ? "要支援者を除く" : "要支援者のみ",
        "provisional" => value == "all" ? "仮登録を含む" : value == "true" ? "仮登録のみ" : null,
        "unconfirmed" => value == "true" ? "未確認のみ" : null,
        "confirmed" => value == "true" ? "確認済みのみ" : null,
        "sort" => $"並び順 {SortLabel(value)}",
        "desc" => value == "true" ? "降順" : null,
        "since" => $"{value}以降の変更",
        "dates" => value == "era" ? "日付は和暦" : "日付は西暦",
        _ => AuditDetails.Labelled(name, value),
    };

    private static string Date(string? text) =>
        DateOnly.TryParse(text, CultureInfo.InvariantCulture, out var date) ? AuditDetails.Date(date) : text ?? "";

    private static string SortLabel(string value) => value switch
    {
        "Kana" => "カナ",
        "ResidentNo" => "住民番号",
        "District" => "行政区",
        "Status" => "安否",
        "BirthDate" => "生年月日",
        "StatusReportedAt" => "安否の報告日時",
        _ => value,
    };
}
