using CallCenter.Data.Announcements;
using CallCenter.Tests.Data.Calls;
using static CallCenter.Tests.Data.Announcements.PublicNoticeTestData;

namespace CallCenter.Tests.Data.Announcements;

public abstract class PublicNoticesTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    // 2026-03-14 23:30 UTC is already 2026-03-15 in Japan: "today" must be the Japan date.
    private readonly TestClock clock = new(new DateTimeOffset(2026, 3, 14, 23, 30, 0, TimeSpan.Zero));
    private static readonly DateOnly Today = new(2026, 3, 15);

    private PublicNotices Notices => new(Connections, clock);

    [SkippableFact]
    public async Task Current_ShowsOnlyPublicNotices_ValidToday_InJapan_NotWithdrawn()
    {
        var shown = await AddAsync(Connections, "一時帰宅の申込", "受付は平日9時から", Today, Today);
        var open = await AddAsync(Connections, "賠償の窓口", "本文", Today.AddDays(-30));
        await AddAsync(Connections, "職員向け", "非公開", Today.AddDays(-1), isPublic: false);
        await AddAsync(Connections, "明日から", "未来", Today.AddDays(1));
        await AddAsync(Connections, "昨日まで", "過去", Today.AddDays(-10), Today.AddDays(-1));
        await AddAsync(Connections, "取り下げ", "撤回", Today.AddDays(-1), withdrawnAt: clock.GetUtcNow().UtcDateTime.AddHours(-1));

        var list = await Notices.CurrentAsync();

        Assert.Equal(Today, list.Today);
        Assert.Equal([shown, open], list.Notices.Select(n => n.AnnouncementId).Order());
        Assert.Equal("受付は平日9時から", list.Notices.Single(n => n.AnnouncementId == shown).Body);
    }

    [SkippableFact]
    public async Task Current_PutsImportantFirst_ThenTheNewestFirstDay()
    {
        var older = await AddAsync(Connections, "古い通常", "a", Today.AddDays(-5));
        var newer = await AddAsync(Connections, "新しい通常", "b", Today.AddDays(-1));
        var important = await AddAsync(Connections, "重要", "c", Today.AddDays(-9), priority: 1);

        var list = await Notices.CurrentAsync();

        Assert.Equal([important, newer, older], list.Notices.Select(n => n.AnnouncementId));
        Assert.True(list.Notices[0].IsImportant);
    }

    [SkippableFact]
    public async Task Find_ReturnsNull_ForAnythingNotPublishedToday()
    {
        var shown = await AddAsync(Connections, "公開中", "本文", Today);
        var hidden = await AddAsync(Connections, "非公開", "本文", Today, isPublic: false);
        var withdrawn = await AddAsync(Connections, "取り下げ", "本文", Today, withdrawnAt: new DateTime(2026, 3, 14, 1, 0, 0, DateTimeKind.Utc));

        Assert.NotNull(await Notices.FindAsync(shown));
        Assert.Null(await Notices.FindAsync(hidden));
        Assert.Null(await Notices.FindAsync(withdrawn));
        Assert.Null(await Notices.FindAsync(9999));
    }

    [SkippableFact]
    public async Task LastModified_MovesWhenANoticeIsWithdrawnOrEnds_NotOnlyWhenEdited()
    {
        var edited = new DateTime(2026, 3, 1, 2, 0, 0, DateTimeKind.Utc);
        await AddAsync(Connections, "残る", "本文", new DateOnly(2026, 3, 1), updatedAt: edited);
        Assert.Equal(edited, (await Notices.CurrentAsync()).LastModified);

        // Ended yesterday (Japan): the set changed at the start of today.
        await AddAsync(Connections, "終わった", "本文", new DateOnly(2026, 3, 1), Today.AddDays(-1), updatedAt: edited);
        Assert.Equal(CallCenter.Data.Common.JapanTime.StartOfDayUtc(Today), (await Notices.CurrentAsync()).LastModified);
    }
}

public sealed class PublicNoticesTestsOnSqlite : PublicNoticesTests<OnSqlite>;

public sealed class PublicNoticesTestsOnSqlServer : PublicNoticesTests<OnSqlServer>;
