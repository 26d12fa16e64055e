using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Reports;

namespace CallCenter.Web.Components.Shared;

/// <summary>How residents' data is written on screen, the same on every page.</summary>
public static class ResidentFormat
{
    /// <summary>昭和45年3月12日 (1970/03/12); operators hear both forms on the phone.</summary>
    public static string BirthDate(DateOnly? birthDate) => birthDate is { } d
        ? $"{JapaneseDates.FormatEra(d)} ({JapaneseDates.FormatWestern(d)})"
        : "生年月日不明";

    /// <summary>56歳, or empty when the birth date is unknown.</summary>
    public static string Age(DateOnly? birthDate, DateOnly today) =>
        birthDate is { } d ? $"{JapaneseDates.Age(d, today)}歳" : "";

    /// <summary>One line of whereabouts, as <c>ResidentSummary.WhereaboutsText</c> writes it.</summary>
    public static string? Whereabouts(WhereaboutsType? type, byte? prefectureCode, string? municipality, string? place) =>
        type is null
            ? null
            : string.Join(" ", new[] { type.Value.Label(), Prefectures.Name(prefectureCode), municipality, place }
                .Where(s => !string.IsNullOrWhiteSpace(s)));

    /// <summary>A consent answer (items ⑫⑬⑭): 可, 否 or 未確認 when it was not asked.</summary>
    public static string Consent(bool? consent) => consent switch
    {
        true => "可",
        false => "否",
        null => "未確認",
    };

    /// <summary>着信 or 発信.</summary>
    public static string Direction(CallDirection direction) => direction switch
    {
        CallDirection.Inbound => "着信",
        CallDirection.Outbound => "発信",
        _ => direction.ToString(),
    };

    /// <summary>A call's length: 「3分12秒」, 「45秒」, 「1時間5分0秒」, or a dash when not known.</summary>
    public static string Duration(TimeSpan? duration) => duration switch
    {
        null => "—",
        { TotalHours: >= 1 } d => $"{(int)d.TotalHours}時間{d.Minutes}分{d.Seconds}秒",
        { TotalMinutes: >= 1 } d => $"{d.Minutes}分{d.Seconds}秒",
        { } d => $"{d.Seconds}秒",
    };

    /// <summary>A stored UTC time in Japan time, or a dash.</summary>
    public static string Time(DateTime? utc) => utc is { } t ? JapanTime.Format(t) : "—";
}
