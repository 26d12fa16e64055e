using CallCenter.Data.Common;
using CallCenter.Data.Reports;

namespace CallCenter.Data.Announcements;

/// <summary>An announcement's priority (<c>Announcements.Priority</c>; lower first).</summary>
public enum AnnouncementPriority : byte
{
    /// <summary>重要</summary>
    Important = 1,
    /// <summary>通常</summary>
    Normal = 2,
}

/// <summary>What a target row names (<c>AnnouncementTargets.Kind</c>).</summary>
public enum TargetKind : byte
{
    /// <summary>行政区: <c>Households.District</c>.</summary>
    District = 1,
    /// <summary>現在の都道府県: a living member's <c>Residents.PrefectureCode</c>, as text.</summary>
    Prefecture = 2,
    /// <summary>居場所の種類: a living member's <c>Residents.WhereaboutsType</c>, as text.</summary>
    Whereabouts = 3,
    /// <summary>
    /// 町: the household's town, named by its 全国地方公共団体コード (<c>Towns.Code</c>, six digits). A code rather than the
    /// internal id: codes are never changed and are what other offices, exports and audit rows name a town by. In a joint
    /// center a 行政区 target needs one: district names repeat across towns.
    /// </summary>
    Town = 4,
}

/// <summary>Where an announcement stands on a Japan date.</summary>
public enum AnnouncementState
{
    /// <summary>掲示中: valid today and not withdrawn.</summary>
    Current,
    /// <summary>掲示前: starts later.</summary>
    Upcoming,
    /// <summary>終了: its validity has passed.</summary>
    Ended,
    /// <summary>取り下げ: withdrawn early.</summary>
    Withdrawn,
}

/// <summary>One target value of an announcement.</summary>
/// <param name="Kind">What it names.</param>
/// <param name="Value">The district, the prefecture code or the whereabouts type, as text; the town's code.</param>
public sealed record AnnouncementTarget(TargetKind Kind, string Value)
{
    /// <summary>The value as operators read it: the district, the prefecture's name, the whereabouts type's label.</summary>
    public string Label => Kind switch
    {
        TargetKind.Prefecture when byte.TryParse(Value, out var code) => Prefectures.Name(code) ?? Value,
        TargetKind.Whereabouts when byte.TryParse(Value, out var type) && Enum.IsDefined((WhereaboutsType)type) => ((WhereaboutsType)type).Label(),
        _ => Value,
    };
}

/// <summary>What a supervisor writes: the announcement's fields and its targets (none: everyone).</summary>
/// <param name="Title">件名 (required, at most 100 characters).</param>
/// <param name="Body">本文 (required, at most 4000 characters; line breaks kept).</param>
/// <param name="ValidFrom">掲示開始日 (required).</param>
/// <param name="ValidTo">掲示終了日 (not before the start), or null.</param>
/// <param name="Priority">重要 or 通常.</param>
/// <param name="IsPublic">公開.</param>
/// <param name="ForVulnerable">要配慮者のいる世帯のみ.</param>
/// <param name="Targets">Districts, prefectures, whereabouts types, towns (by code).</param>
public sealed record AnnouncementDraft(
    string? Title,
    string? Body,
    DateOnly? ValidFrom,
    DateOnly? ValidTo,
    AnnouncementPriority Priority,
    bool IsPublic,
    bool ForVulnerable,
    IReadOnlyList<AnnouncementTarget> Targets);

/// <summary>A field a supervisor must correct, in Japanese.</summary>
/// <param name="Field">title, body, validFrom, validTo, priority, targets, version.</param>
/// <param name="Message">What is wrong, in Japanese.</param>
public sealed record AnnouncementError(string Field, string Message);

/// <summary>An announcement as stored, with its targets.</summary>
public sealed class Announcement
{
    /// <summary>The announcement.</summary>
    public int AnnouncementId { get; init; }
    /// <summary>件名.</summary>
    public string Title { get; init; } = "";
    /// <summary>本文: plain text, line breaks kept.</summary>
    public string Body { get; init; } = "";
    /// <summary>掲示開始日 (Japan date, inclusive).</summary>
    public DateOnly ValidFrom { get; init; }
    /// <summary>掲示終了日 (Japan date, inclusive); null: until withdrawn.</summary>
    public DateOnly? ValidTo { get; init; }
    /// <summary>重要 or 通常.</summary>
    public AnnouncementPriority Priority { get; init; } = AnnouncementPriority.Normal;
    /// <summary>公開: also on /public/notices without sign-in.</summary>
    public bool IsPublic { get; init; }
    /// <summary>Only households with a vulnerable member.</summary>
    public bool ForVulnerable { get; init; }
    /// <summary>When it was written (UTC).</summary>
    public DateTime CreatedAt { get; init; }
    /// <summary>Who wrote it.</summary>
    public string? CreatedByName { get; init; }
    /// <summary>When it was last changed (UTC).</summary>
    public DateTime UpdatedAt { get; init; }
    /// <summary>Who changed it last.</summary>
    public string? UpdatedByName { get; init; }
    /// <summary>When it was withdrawn (UTC), or null.</summary>
    public DateTime? WithdrawnAt { get; init; }
    /// <summary>Grows with every change (optimistic concurrency).</summary>
    public int Version { get; init; }

    /// <summary>Whom it is for; empty: everyone.</summary>
    public IReadOnlyList<AnnouncementTarget> Targets { get; set; } = [];

    /// <summary>Where it stands on <paramref name="today"/> (a Japan date).</summary>
    public AnnouncementState StateOn(DateOnly today) =>
        WithdrawnAt is not null ? AnnouncementState.Withdrawn
        : ValidFrom > today ? AnnouncementState.Upcoming
        : ValidTo is { } to && to < today ? AnnouncementState.Ended
        : AnnouncementState.Current;

    /// <summary>The draft that would save it unchanged (the edit form starts from it).</summary>
    public AnnouncementDraft ToDraft() => new(Title, Body, ValidFrom, ValidTo, Priority, IsPublic, ForVulnerable, Targets);
}

/// <summary>An announcement that applies to a household now, as the call form and the outbound card list it.</summary>
/// <param name="AnnouncementId">The announcement.</param>
/// <param name="Title">件名.</param>
/// <param name="Body">本文 (plain text).</param>
/// <param name="Priority">重要 or 通常.</param>
/// <param name="ValidFrom">掲示開始日.</param>
/// <param name="ValidTo">掲示終了日, or null.</param>
/// <param name="LastToldAt">When the household was last told it (UTC), or null.</param>
public sealed record HouseholdAnnouncement(int AnnouncementId, string Title, string Body, AnnouncementPriority Priority, DateOnly ValidFrom,
    DateOnly? ValidTo, DateTime? LastToldAt);

/// <summary>A delivery (伝達記録) as the resident page lists it: what, when (UTC), by whom, in which call or outbound attempt.</summary>
/// <param name="DeliveryId">The row.</param>
/// <param name="AnnouncementId">The announcement told.</param>
/// <param name="Title">Its title.</param>
/// <param name="ToldAt">When (UTC).</param>
/// <param name="ToldBy">The operator's display name, or null.</param>
/// <param name="CallId">The call it was told in, or null.</param>
/// <param name="AttemptId">The outbound attempt it was told in, or null.</param>
public sealed record AnnouncementDelivery(long DeliveryId, int AnnouncementId, string Title, DateTime ToldAt, string? ToldBy, long? CallId, long? AttemptId);

/// <summary>Labels of the announcements' enums.</summary>
public static class AnnouncementLabels
{
    /// <summary>重要 / 通常.</summary>
    public static string Label(this AnnouncementPriority priority) => priority == AnnouncementPriority.Important ? "重要" : "通常";

    /// <summary>行政区 / 都道府県 / 居場所の種類 / 町.</summary>
    public static string Label(this TargetKind kind) => kind switch
    {
        TargetKind.Town => "町",
        TargetKind.District => "行政区",
        TargetKind.Prefecture => "都道府県",
        _ => "居場所の種類",
    };

    private static string TownLabel(AnnouncementTarget target, IReadOnlyList<Towns.Town>? towns) =>
        target.Kind == TargetKind.Town ? towns?.FirstOrDefault(t => t.Code == target.Value)?.Name ?? target.Value : target.Label;

    /// <summary>掲示中 / 掲示前 / 終了 / 取り下げ.</summary>
    public static string Label(this AnnouncementState state) => state switch
    {
        AnnouncementState.Current => "掲示中",
        AnnouncementState.Upcoming => "掲示前",
        AnnouncementState.Ended => "終了",
        _ => "取り下げ",
    };

    /// <summary>「2026/03/01〜2026/03/31」, 「2026/03/01〜」 without an end.</summary>
    public static string Validity(DateOnly from, DateOnly? to) =>
        $"{Date(from)}〜{(to is { } t ? Date(t) : "")}";

    /// <summary>2026/03/01.</summary>
    public static string Date(DateOnly date) => date.ToString("yyyy/MM/dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Whom an announcement is for, in one line: 「全世帯」, 「行政区 浜区・山区／要配慮者のいる世帯」, 「町 大熊町／行政区 大野」
    /// (the town first; its name from <paramref name="towns"/>, else its code).
    /// </summary>
    public static string Audience(IReadOnlyList<AnnouncementTarget> targets, bool forVulnerable, IReadOnlyList<Towns.Town>? towns = null)
    {
        var parts = targets.GroupBy(t => t.Kind).OrderBy(g => g.Key == TargetKind.Town ? 0 : (int)g.Key)
            .Select(g => $"{g.Key.Label()} {string.Join("・", g.Select(t => TownLabel(t, towns)))}").ToList();
        if (forVulnerable)
        {
            parts.Add("要配慮者のいる世帯");
        }
        return parts.Count == 0 ? "全世帯" : string.Join("／", parts);
    }
}
