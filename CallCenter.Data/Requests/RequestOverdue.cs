using Microsoft.Extensions.Configuration;

namespace CallCenter.Data.Requests;

/// <summary>
/// When an open request is overdue: older than <see cref="UrgentDays"/> days (至急) or <see cref="NormalDays"/> days
/// (通常) since its 受付. Read from the settings <c>Requests:OverdueDays:Urgent</c> (default 2) and
/// <c>Requests:OverdueDays:Normal</c> (default 14).
/// </summary>
/// <param name="UrgentDays">Days an urgent request may stay open.</param>
/// <param name="NormalDays">Days a normal request may stay open.</param>
public sealed record RequestOverdue(int UrgentDays, int NormalDays)
{
    /// <summary>The defaults: 2 and 14 days.</summary>
    public static RequestOverdue Default { get; } = new(2, 14);

    /// <summary>The rule from the settings (defaults where missing or not a positive number).</summary>
    public static RequestOverdue From(IConfiguration configuration) => new(
        Days(configuration["Requests:OverdueDays:Urgent"], Default.UrgentDays),
        Days(configuration["Requests:OverdueDays:Normal"], Default.NormalDays));

    /// <summary>Requests received before this time are overdue when open (urgent ones).</summary>
    public DateTime UrgentBefore(DateTime nowUtc) => nowUtc.AddDays(-UrgentDays);

    /// <summary>Requests received before this time are overdue when open (normal ones).</summary>
    public DateTime NormalBefore(DateTime nowUtc) => nowUtc.AddDays(-NormalDays);

    /// <summary>Whether a request is overdue at <paramref name="nowUtc"/>.</summary>
    public bool IsOverdue(RequestStatus status, bool isUrgent, DateTime createdAtUtc, DateTime nowUtc) =>
        !status.IsClosed() && createdAtUtc < (isUrgent ? UrgentBefore(nowUtc) : NormalBefore(nowUtc));

    private static int Days(string? text, int fallback) =>
        int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var days) && days > 0
            ? days : fallback;
}
