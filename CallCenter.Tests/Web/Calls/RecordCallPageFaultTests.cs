using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using CallCenter.Data;
using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Database;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;
using CallCenter.Tests.Data;
using CallCenter.Tests.Data.Calls;
using CallCenter.Web.Components.Pages.Residents;
using CallCenter.Web.Components.Pages.Calls;
using CallCenter.Web.Components.Shared;
using CallCenter.Web.Security;
using Dapper;
using Microsoft.AspNetCore.Components;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CallCenter.Tests.Web.Calls;

/// <summary>
/// Issue 12, item 8: the call form when the database really fails under it (a write lock held by another
/// connection past the busy timeout, the file gone, a read-only database). No mock: the page's services run on a
/// real SQLite file, opened with a one-second busy timeout so a locked database fails quickly.
/// </summary>
public sealed class RecordCallPageFaultTests : MudTestContext
{
    private readonly TestDatabase.SqliteTestDatabase db = TestDatabase.CreateSqlite();
    private readonly ConnectionFactory connections;
    private readonly BunitAuthorizationContext auth;
    private bool readOnly;

    public RecordCallPageFaultTests()
    {
        db.Migrate();
        var timeoutConfiguration = db.ConfigurationWith("Default Timeout=1");
        connections = TestDatabase.ConnectionsFor(timeoutConfiguration);
        Services.AddCallCenterData(timeoutConfiguration);
        // The one override: the factory is resolved at the first render, so a test can choose a read-only
        // connection before it renders (the factory of the read-only configuration, built as the app builds it).
        Services.AddSingleton(_ => readOnly ? TestDatabase.ConnectionsFor(db.ConfigurationWith("Mode=ReadOnly")) : connections);
        Services.AddCallFormServices();
        auth = AddAuthorization();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public override Task InitializeAsync() => CallFormTestSetup.SignInOperatorAsync(db.Connections, auth);

    protected override ValueTask DisposeTestResourcesAsync() => db.DisposeAsync();

    [Fact]
    public async Task Save_When_TheDatabaseIsLocked_SaysNothingWasSaved_KeepsTheForm_And_TheSameButtonSavesOnceLater()
    {
        var cut = await OpenAndFillAsync();

        await using (var writer = await HoldWriteLockAsync())
        {
            cut.Find("button[data-testid=save]").Click();

            var fault = cut.WaitForElement("[data-testid=save-fault]", TimeSpan.FromSeconds(15)).TextContent;
            Assert.Contains("混み合って", fault, StringComparison.Ordinal);
            Assert.Contains("保存されていません", fault, StringComparison.Ordinal);
            AssertStillTyped(cut);
            Assert.False(cut.Find("button[data-testid=save]").HasAttribute("disabled"));
        }

        cut.Find("button[data-testid=save]").Click();

        cut.WaitForAssertion(() => Assert.EndsWith("/residents/K0003", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal),
            TimeSpan.FromSeconds(10));
        Assert.Equal((1, 1), await CountsAsync());
    }

    [Fact]
    public async Task Save_When_TheDatabaseFileIsGone_SaysSo_KeepsTheForm_And_SavesOnceWhenItIsBack()
    {
        var cut = await OpenAndFillAsync();
        var files = MoveDatabaseAway();
        try
        {
            cut.Find("button[data-testid=save]").Click();

            var fault = cut.WaitForElement("[data-testid=save-fault]", TimeSpan.FromSeconds(10)).TextContent;
            Assert.Contains("データベースのファイルが見つかりません", fault, StringComparison.Ordinal);
            Assert.Contains("保存されていません", fault, StringComparison.Ordinal);
            AssertStillTyped(cut);
        }
        finally
        {
            MoveDatabaseBack(files);
        }

        cut.Find("button[data-testid=save]").Click();

        cut.WaitForAssertion(() => Assert.EndsWith("/residents/K0003", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal),
            TimeSpan.FromSeconds(10));
        Assert.Equal((1, 1), await CountsAsync());
    }

    [Fact]
    public void Opening_When_TheDatabaseIsReadOnly_ShowsAJapaneseMessage_InsteadOfThePerson()
    {
        // Opening the form writes its audit row first: a person whose view cannot be audited is not shown.
        readOnly = true;

        var cut = Render<StorageFaultBoundary>(p => p.AddChildContent<RecordCallPage>(page => page.Add(x => x.ResidentNo, "K0003")));

        var message = cut.WaitForElement("[data-testid=page-fault]").TextContent;
        Assert.Contains("読み取り専用", message, StringComparison.Ordinal);
        Assert.DoesNotContain("佐藤", cut.Markup, StringComparison.Ordinal);
        Assert.Single(cut.FindAll("[data-testid=page-fault-retry]"));
    }

    [Fact]
    public async Task Opening_When_TheDatabaseFileIsGone_ShowsAJapaneseMessage_And_OneClickReloadsWhenItIsBack()
    {
        await using (await connections.OpenAsync())
        {
            // The app has used its database before it goes missing.
        }
        var files = MoveDatabaseAway();
        IRenderedComponent<StorageFaultBoundary> cut;
        try
        {
            cut = Render<StorageFaultBoundary>(p => p.AddChildContent<RecordCallPage>(page => page.Add(x => x.ResidentNo, "K0003")));

            var message = cut.WaitForElement("[data-testid=page-fault]").TextContent;
            Assert.Contains("データベースのファイルが見つかりません", message, StringComparison.Ordinal);
            Assert.Empty(cut.FindAll("[data-testid=member-K0003]"));
        }
        finally
        {
            MoveDatabaseBack(files);
        }

        cut.Find("[data-testid=page-fault-retry]").Click();

        cut.WaitForAssertion(() => cut.Find("[data-testid=member-K0003]"));
        Assert.Empty(cut.FindAll("[data-testid=page-fault]"));
    }

    private List<string> MoveDatabaseAway()
    {
        var files = new[] { "", "-wal", "-shm" }.Select(s => db.Path + s).Where(File.Exists).ToList();
        foreach (var file in files)
        {
            File.Move(file, file + ".away");
        }
        return files;
    }

    private static void MoveDatabaseBack(IEnumerable<string> files)
    {
        foreach (var file in files)
        {
            File.Move(file + ".away", file);
        }
    }

    private async Task<IRenderedComponent<RecordCallPage>> OpenAndFillAsync()
    {
        var cut = Render<RecordCallPage>(p => p.Add(x => x.ResidentNo, "K0003"));
        cut.WaitForAssertion(() => cut.Find("[data-testid=member-K0003]"));
        cut.Find("input[data-testid=caller-name]").Change("佐藤 美穂");
        cut.Find("input[data-testid=caller-phone]").Change("090-2222-3333");
        cut.ChooseWrapUp();
        var card = cut.FindComponents<MemberReportCard>().Single(c => c.Instance.Member.Resident.ResidentNo == "K0003");
        await card.Find("[data-testid=status]").ChangeAsync(new ChangeEventArgs { Value = "無事" });
        await card.Find("[data-testid=whereabouts-type]").ChangeAsync(new ChangeEventArgs { Value = "避難所" });
        await card.InvokeAsync(() => card.FindComponent<MudAutocomplete<byte?>>().Instance.ValueChanged.InvokeAsync((byte?)7));
        cut.Find("[data-testid=member-K0003] input[data-testid=municipality]").Change("会津若松市");
        cut.Find("[data-testid=member-K0003] input[data-testid=place]").Change("会津若松市 第二中学校");
        return cut;
    }

    private static void AssertStillTyped(IRenderedComponent<RecordCallPage> cut)
    {
        Assert.Equal("佐藤 美穂", cut.Find("input[data-testid=caller-name]").GetAttribute("value"));
        Assert.Equal("090-2222-3333", cut.Find("input[data-testid=caller-phone]").GetAttribute("value"));
        Assert.Equal("会津若松市", cut.Find("[data-testid=member-K0003] input[data-testid=municipality]").GetAttribute("value"));
        Assert.Equal("会津若松市 第二中学校", cut.Find("[data-testid=member-K0003] input[data-testid=place]").GetAttribute("value"));
        var member = cut.FindComponents<MemberReportCard>().Single(c => c.Instance.Member.Resident.ResidentNo == "K0003").Instance.Member;
        Assert.Equal((SafetyStatus.Safe, WhereaboutsType.Shelter, (byte?)7), (member.Status!.Value, member.WhereaboutsType!.Value, member.PrefectureCode));
    }

    /// <summary>Another connection takes SQLite's one write lock (BEGIN IMMEDIATE) and keeps it until disposed.</summary>
    private async Task<IAsyncDisposable> HoldWriteLockAsync()
    {
        var connection = new SqliteConnection($"Data Source={db.Path};Pooling=False");
        await connection.OpenAsync();
        var transaction = connection.BeginTransaction(deferred: false);
        return new LockHolder(connection, transaction);
    }

    private sealed class LockHolder(SqliteConnection connection, SqliteTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.RollbackAsync();
            await connection.DisposeAsync();
        }
    }

    /// <summary>Calls and reports on record (read with plain SQL on the test's own connection).</summary>
    private async Task<(int Calls, int Reports)> CountsAsync()
    {
        await using var connection = await db.Connections.OpenAsync();
        return (await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM Calls"),
            await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM SafetyReports"));
    }
}
