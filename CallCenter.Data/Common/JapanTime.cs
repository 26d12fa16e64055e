namespace CallCenter.Data.Common;

/// <summary>
/// Times are stored in UTC and shown in Japan Standard Time (UTC+9; Japan has no daylight saving time).
/// </summary>
public static class JapanTime
{
    private static readonly TimeSpan Offset = TimeSpan.FromHours(9);

    /// <summary>A stored UTC time as Japan time.</summary>
    public static DateTime FromUtc(DateTime utc) =>
        DateTime.SpecifyKind((utc.Kind == DateTimeKind.Local ? utc.ToUniversalTime() : utc) + Offset, DateTimeKind.Unspecified);

    /// <summary>A Japan time (as typed by an operator) as UTC for storage.</summary>
    public static DateTime ToUtc(DateTime japan) => DateTime.SpecifyKind(japan - Offset, DateTimeKind.Utc);

    /// <summary>Today's date in Japan.</summary>
    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(FromUtc(time.GetUtcNow().UtcDateTime));

    /// <summary>The UTC instant at which a Japan date begins.</summary>
    public static DateTime StartOfDayUtc(DateOnly japanDate) => ToUtc(japanDate.ToDateTime(TimeOnly.MinValue));

    /// <summary>2026/03/12 14:05, the form operators read.</summary>
    public static string Format(DateTime utc) => JapaneseDates.FormatWesternMinute(FromUtc(utc));
}
