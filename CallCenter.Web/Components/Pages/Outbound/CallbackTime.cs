using System.Globalization;
using CallCenter.Data.Common;

namespace CallCenter.Web.Components.Pages.Outbound;

/// <summary>The callback time (折り返しの日時) as the datetime-local field holds it: Japan time, to the minute.</summary>
public static class CallbackTime
{
    /// <summary>The field's text for a Japan time, e.g. 2026-03-14T11:30.</summary>
    public static string Text(DateTime japan) => japan.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    /// <summary>
    /// A preset button's time: now plus some hours, or, with <paramref name="atHour"/>, that hour of the day reached
    /// (1時間後 = (1, null), 今日18時 = (0, 18), 明日10時 = (24, 10)).
    /// </summary>
    public static DateTime Preset(DateTime japanNow, int addHours, int? atHour)
    {
        var at = japanNow.AddHours(addHours);
        return atHour is { } hour ? at.Date.AddHours(hour) : at;
    }

    /// <summary>The preset's field text for the current time.</summary>
    public static string PresetText(TimeProvider time, int addHours, int? atHour) =>
        Text(Preset(JapanTime.FromUtc(time.GetUtcNow().UtcDateTime), addHours, atHour));

    /// <summary>Reads the field's text as a UTC time (false when it is empty or not a date).</summary>
    public static bool TryParseUtc(string? text, out DateTime utc)
    {
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var japan))
        {
            utc = default;
            return false;
        }
        utc = JapanTime.ToUtc(japan);
        return true;
    }
}
