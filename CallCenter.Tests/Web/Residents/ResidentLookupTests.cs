using CallCenter.Data.Audit;
using CallCenter.Web.Components.Pages.Residents;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Residents;

/// <summary>The search box's searches on the sample town's SQLite file: results, highlight, audit rows, failures.</summary>
public sealed class ResidentLookupTests() : ConsoleTestContext("Default Timeout=1")
{
    public override Task InitializeAsync() => SeedAsync();

    private ResidentLookup NewLookup() => ActivatorUtilities.CreateInstance<ResidentLookup>(Services);

    [Fact]
    public async Task SearchAsync_ShowsTheHits_HighlightsTheFirst_And_AuditsTheSearch()
    {
        var lookup = NewLookup();

        await lookup.SearchAsync("  たかはし ", CancellationToken.None);

        Assert.NotNull(lookup.Hits);
        Assert.Contains(lookup.Hits, h => h.Resident.ResidentNo == "K0001");
        Assert.Equal(("たかはし", 0, false, null), (lookup.SearchedText, lookup.Highlighted, lookup.Searching, lookup.Error));
        var audit = Assert.Single(await AuditAsync(AuditActions.Search));
        Assert.Equal(("search", "たかはし", "test-operator"), (audit.TargetType, audit.Details, audit.UserName));
    }

    [Fact]
    public async Task SearchAsync_RunsOnce_And_KeepsTheHighlight_When_TheSameTextIsAskedAgain()
    {
        var lookup = NewLookup();
        await lookup.SearchAsync("たかはし", CancellationToken.None);
        lookup.Highlighted = 2;

        await lookup.SearchAsync("たかはし ", CancellationToken.None);

        Assert.Equal(2, lookup.Highlighted);
        Assert.Single(await AuditAsync(AuditActions.Search));
    }

    [Fact]
    public async Task SearchAsync_ShowsNoHitsAndNoHighlight_When_NobodyMatches()
    {
        var lookup = NewLookup();

        await lookup.SearchAsync("ぬぬぬぬ", CancellationToken.None);

        Assert.Empty(lookup.Hits!);
        Assert.Equal(-1, lookup.Highlighted);
        Assert.Single(await AuditAsync(AuditActions.Search));
    }

    [Fact]
    public async Task SearchAsync_WithEmptyText_Clears_WithoutAudit()
    {
        var lookup = NewLookup();
        await lookup.SearchAsync("たかはし", CancellationToken.None);

        await lookup.SearchAsync("  ", CancellationToken.None);

        Assert.Null(lookup.Hits);
        Assert.Equal(("", -1), (lookup.SearchedText, lookup.Highlighted));
        Assert.Single(await AuditAsync(AuditActions.Search));
    }

    [Fact]
    public async Task SearchAsync_ShowsAJapaneseMessage_When_TheDatabaseIsLocked()
    {
        var lookup = NewLookup();
        await using (var holder = new SqliteConnection($"Data Source={Db.Path};Pooling=False"))
        {
            // Another writer holds SQLite's one write lock past the busy timeout: the search's audit row cannot be written.
            await holder.OpenAsync();
            using var transaction = holder.BeginTransaction(deferred: false);
            await lookup.SearchAsync("たかはし", CancellationToken.None);
        }

        Assert.Equal("検索できませんでした。少し待ってからもう一度入力してください。", lookup.Error);
        Assert.False(lookup.Searching);
        Assert.Empty(await AuditAsync(AuditActions.Search));
    }
}
