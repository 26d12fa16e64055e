using System.Globalization;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using Dapper;

namespace CallCenter.Data.Announcements;

/// <summary>
/// The announcements published without sign-in: marked 公開 (IsPublic), valid today (Japan date: ValidFrom ≤ today ≤
/// ValidTo, or ValidTo empty) and not withdrawn. Reads only title, body, dates, priority and version: the public pages
/// can never show a target, an author or a count. Not audited: nothing personal is read.
/// </summary>
public sealed class PublicNotices(ConnectionFactory connections, TimeProvider time)
{
    // Every 公開 announcement, published or not: the few of them (a town publishes dozens, not thousands) are filtered
    // by date here, so that the moment the published set last changed (a notice withdrawn or past its last day)
    // is known too, for Last-Modified.
    private const string PublicSql = """
          SELECT AnnouncementId, Title, Body, ValidFrom, ValidTo, Priority, UpdatedAt, WithdrawnAt, Version
            FROM Announcements
           WHERE IsPublic = 1
        ORDER BY AnnouncementId
        """;

    /// <summary>The notices published today (Japan date), 重要 first, then the newest first day, then the latest edit.</summary>
    public async Task<PublicNoticeList> CurrentAsync(CancellationToken cancellationToken = default)
    {
        var today = JapanTime.Today(time);
        var rows = await ReadAsync(cancellationToken);
        var shown = rows.Where(r => r.IsPublishedOn(today))
            .Select(r => r.ToNotice())
            .OrderBy(n => n.Priority)
            .ThenByDescending(n => n.ValidFrom)
            .ThenByDescending(n => n.UpdatedAt)
            .ThenByDescending(n => n.AnnouncementId)
            .ToList();
        var changes = rows.SelectMany(r => r.ChangesUpTo(today)).DefaultIfEmpty(DateTime.UnixEpoch).Max();
        return new PublicNoticeList(shown, changes, today);
    }

    /// <summary>One notice published today, or null (not 公開, not yet or no longer valid, withdrawn, or no such id).</summary>
    public async Task<PublicNotice?> FindAsync(int announcementId, CancellationToken cancellationToken = default) =>
        (await CurrentAsync(cancellationToken)).Notices.FirstOrDefault(n => n.AnnouncementId == announcementId);

    private async Task<IReadOnlyList<Row>> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Row>(new CommandDefinition(PublicSql, cancellationToken: cancellationToken))).AsList();
    }

    private sealed class Row
    {
        public int AnnouncementId { get; init; }
        public string Title { get; init; } = "";
        public string Body { get; init; } = "";
        // TEXT 'yyyy-MM-dd' on SQLite, DATE on SQL Server.
        public object ValidFrom { get; init; } = "";
        public object? ValidTo { get; init; }
        public int Priority { get; init; }
        public DateTime UpdatedAt { get; init; }
        public DateTime? WithdrawnAt { get; init; }
        public int Version { get; init; }

        private DateOnly From => DateOf(ValidFrom) ?? DateOnly.MaxValue;

        private DateOnly? To => DateOf(ValidTo);

        public bool IsPublishedOn(DateOnly today) => WithdrawnAt is null && From <= today && (To is not { } to || today <= to);

        /// <summary>The moments up to the end of <paramref name="today"/> at which this row changed what is published.</summary>
        public IEnumerable<DateTime> ChangesUpTo(DateOnly today)
        {
            yield return Utc(UpdatedAt);
            if (WithdrawnAt is { } withdrawn)
            {
                yield return Utc(withdrawn);
            }
            if (From <= today)
            {
                yield return JapanTime.StartOfDayUtc(From);
            }
            if (To is { } to && to < today)
            {
                yield return JapanTime.StartOfDayUtc(to.AddDays(1));
            }
        }

        public PublicNotice ToNotice() => new(AnnouncementId, Title, Body, From, To, Priority, Utc(UpdatedAt), Version);

        private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);

        private static DateOnly? DateOf(object? value) => value switch
        {
            null or DBNull => null,
            DateTime dateTime => DateOnly.FromDateTime(dateTime),
            DateOnly date => date,
            string text when DateOnly.TryParseExact(text.Length > 10 ? text[..10] : text, "yyyy-MM-dd", CultureInfo.InvariantCulture,
                DateTimeStyles.None, out var parsed) => parsed,
            _ => null,
        };
    }
}
