using System.Globalization;
using CallCenter.Data.Requests;

namespace CallCenter.Web.Components.Pages.Calls;

/// <summary>How a household's request reads in a line or a table cell (the call form, the resident page).</summary>
public static class RequestFormat
{
    /// <summary>至急 or 通常.</summary>
    public static string Urgency(bool urgent) => urgent ? "至急" : "通常";

    /// <summary>「3日」, 「今日」.</summary>
    public static string Age(HouseholdRequest request, DateTime nowUtc) =>
        request.AgeInDays(nowUtc) is var days and > 0 ? $"{days.ToString(CultureInfo.InvariantCulture)}日" : "今日";

    /// <summary>「【至急】医療・健康 → 健康介護課・受付・佐藤　正男・3日・持病の薬が足りない」.</summary>
    public static string Line(HouseholdRequest request, DateTime nowUtc) =>
        $"{(request.IsUrgent ? "【至急】" : "")}{request.Category} → {request.Department}・{request.Status.Label()}・{request.ForWhom}・{Age(request, nowUtc)}・{request.Body}";
}
