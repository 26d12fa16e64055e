namespace CallCenter.Data.Announcements;

/// <summary>
/// The notices published today, most important and newest first, with the moment the published set last changed
/// (<see cref="LastModified"/>: an edit, a withdrawal, a notice's first day or the day after its last) for HTTP caching.
/// </summary>
public sealed record PublicNoticeList(IReadOnlyList<PublicNotice> Notices, DateTime LastModified, DateOnly Today);
