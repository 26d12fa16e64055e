using System.Globalization;
using System.Text;
using Bunit;
using CallCenter.Data.Imports;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;
using CallCenter.Tests.Web.Residents;
using CallCenter.Web.Components.Pages.Home;
using Dapper;

namespace CallCenter.Tests.Web.Home;

/// <summary>The start page's town figures over a real, migrated SQLite file (no database mocks).</summary>
public sealed class StartPageTests : ConsoleTestContext
{
    [Fact]
    public async Task Counts_AreShownWithThousandsSeparators_And_ConfirmedPercentage()
    {
        // 11,500 residents in 4,600 households; 1,234 of them confirmed = 10.73 %.
        await ImportRegisterAsync(residents: 11500, households: 4600);
        await ReportSafeAsync(count: 1234);

        var cut = Render<StartPage>();

        cut.WaitForAssertion(() => Assert.StartsWith("11,500", Figure(cut, "count-residents"), StringComparison.Ordinal));
        Assert.StartsWith("4,600", Figure(cut, "count-households"), StringComparison.Ordinal);
        Assert.StartsWith("1,234", Figure(cut, "count-confirmed"), StringComparison.Ordinal);
        Assert.Contains("（10.7%）", cut.Markup, StringComparison.Ordinal);
        Assert.StartsWith("10,266", Figure(cut, "count-unconfirmed"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Households_ComeFromTheImportsSummary_NotFromACountOfEveryHousehold()
    {
        await ImportRegisterAsync(residents: 300, households: 120);
        // Written behind the register import's back (nothing in the app does this): a page that counted the
        // households on each load would show 121.
        await using (var connection = await Db.Connections.OpenAsync())
        {
            await connection.ExecuteAsync("INSERT INTO Households (HouseholdNo, CreatedAt, UpdatedAt, TownId) VALUES ('X1', @Now, @Now, 1)", new { Now = DateTime.UtcNow });
        }

        var cut = Render<StartPage>();

        cut.WaitForAssertion(() => Assert.StartsWith("120", Figure(cut, "count-households"), StringComparison.Ordinal));
        Assert.StartsWith("300", Figure(cut, "count-residents"), StringComparison.Ordinal);
    }

    [Fact]
    public void Zeros_AreShown_When_RegisterIsEmpty()
    {
        var cut = Render<StartPage>();

        cut.WaitForAssertion(() => Assert.StartsWith("0", Figure(cut, "count-residents"), StringComparison.Ordinal));
        Assert.StartsWith("0", Figure(cut, "count-households"), StringComparison.Ordinal);
        Assert.StartsWith("0", Figure(cut, "count-confirmed"), StringComparison.Ordinal);
        Assert.Contains("（0.0%）", cut.Markup, StringComparison.Ordinal);
    }

    private static string Figure(IRenderedComponent<StartPage> cut, string testId) =>
        cut.Find($"[data-testid={testId}]").TextContent.Trim();

    private async Task ImportRegisterAsync(int residents, int households)
    {
        string[] families = ["髙橋,タカハシ", "𠮷田,ヨシダ", "佐藤,サトウ", "鈴木,スズキ", "渡邊,ワタナベ"];
        string[] givens = ["一郎,イチロウ", "花子,ハナコ", "進,ススム", "和子,カズコ"];
        var csv = new StringBuilder("住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号\n");
        for (var i = 0; i < residents; i++)
        {
            var household = (long)i * households / residents;
            var family = families[household % families.Length].Split(',');
            var given = givens[i % givens.Length].Split(',');
            var birth = new DateOnly(1940, 1, 1).AddDays(i % 25000).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            csv.Append(CultureInfo.InvariantCulture,
                $"R{i:D6},H{household:D5},,{family[0]} {given[0]},{family[1]} {given[1]},{birth},{(i % 2 == 0 ? "男" : "女")},浜区,汐見町浜{household},\n");
        }
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString()));
        var result = await new ResidentImportService(Db.Connections, TimeProvider.System).ImportAsync(stream, dryRun: false);
        Assert.True(result.Committed, string.Join(Environment.NewLine, result.Errors.Take(5)));
    }

    private async Task ReportSafeAsync(int count)
    {
        await using var connection = await Db.Connections.OpenAsync();
        await using var transaction = await Db.Connections.BeginWriteAsync(connection);
        var ids = await connection.QueryAsync<int>(
            "SELECT ResidentId FROM Residents ORDER BY ResidentId LIMIT @Count", new { Count = count }, transaction);
        var now = DateTime.UtcNow;
        foreach (var id in ids)
        {
            await ReportRepository.AppendAsync(connection, transaction, Db.Connections.Dialect, new NewSafetyReport(
                id, SafetyStatus.Safe, ReportSource.Self, Whereabouts: null, Consent.NotAsked, ReporterName: null,
                ReporterRelation: null, OperatorUserId: null, ReportedAt: now, Note: null), now, CancellationToken.None);
        }
        await transaction.CommitAsync();
    }
}
