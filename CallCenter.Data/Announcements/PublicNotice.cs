namespace CallCenter.Data.Announcements;

/// <summary>
/// An announcement as the public pages publish it (/public/notices, the Atom feed): title and body only, never its
/// targets, authors or coverage.
/// </summary>
/// <remarks>
/// <para><c>ValidFrom</c>: The first Japan date it is shown.</para>
/// <para><c>ValidTo</c>: The last Japan date it is shown; null until withdrawn.</para>
/// <para><c>Priority</c>: 1 重要, 2 通常.</para>
/// <para><c>UpdatedAt</c>: Its last change (UTC): the feed's <c>updated</c>.</para>
/// <para><c>Version</c>: Grows with every edit: the page's ETag.</para>
/// </remarks>
public sealed record PublicNotice(
    int AnnouncementId,
    string Title,
    string Body,
    DateOnly ValidFrom,
    DateOnly? ValidTo,
    int Priority,
    DateTime UpdatedAt,
    int Version)
{
    /// <summary>Whether it is marked 重要.</summary>
    public bool IsImportant => Priority == 1;
}
