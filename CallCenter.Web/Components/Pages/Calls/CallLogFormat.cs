using System.Globalization;
using CallCenter.Data.Calls;
using CallCenter.Web.Components.Shared;

namespace CallCenter.Web.Components.Pages.Calls;

/// <summary>How the calls list and a call's detail write durations, persons and filters.</summary>
public static class CallLogFormat
{
    /// <summary>A call's length: 45秒, 3分05秒, 1時間02分; — when unknown.</summary>
    public static string Duration(TimeSpan? duration) => duration switch
    {
        null => "—",
        { TotalHours: >= 1 } d => $"{(int)d.TotalHours}時間{d.Minutes:D2}分",
        { TotalMinutes: >= 1 } d => $"{(int)d.TotalMinutes}分{d.Seconds:D2}秒",
        { } d => $"{d.Seconds}秒",
    };

    /// <summary>The persons a call was about, or 「登録なし」.</summary>
    public static string Persons(CallLogEntry call) =>
        call.Persons.Count == 0 ? "登録なし" : string.Join("、", call.Persons.Select(p => p.Name));

    /// <summary>The filter in plain Japanese, for the audit row of a page shown (「すべての通話」 when nothing is chosen).</summary>
    public static string Filter(CallFilter filter, string? operatorName, string? wrapUpLabel)
    {
        var parts = new List<string>();
        if (filter.From is not null || filter.To is not null)
        {
            parts.Add($"期間 {Date(filter.From)}〜{Date(filter.To)}");
        }
        if (filter.OperatorUserId is not null)
        {
            parts.Add($"オペレーター {operatorName ?? filter.OperatorUserId.Value.ToString(CultureInfo.InvariantCulture)}");
        }
        if (!string.IsNullOrWhiteSpace(filter.Site))
        {
            parts.Add($"拠点 {filter.Site}");
        }
        if (filter.WrapUpCodeId is not null)
        {
            parts.Add($"要件 {wrapUpLabel}");
        }
        if (filter.Direction is { } direction)
        {
            parts.Add(ResidentFormat.Direction(direction));
        }
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            parts.Add($"「{filter.Text.Trim()}」を含む");
        }
        return parts.Count == 0 ? "すべての通話" : string.Join("・", parts);
    }

    private static string Date(DateOnly? date) => date?.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture) ?? "";
}
