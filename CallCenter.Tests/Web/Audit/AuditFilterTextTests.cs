using CallCenter.Data.Residents;
using CallCenter.Tests.Data;
using CallCenter.Web.Components.Pages.Audit;

namespace CallCenter.Tests.Web.Audit;

public sealed class AuditFilterTextTests : IAsyncLifetime
{
    private readonly TestDatabase.SqliteTestDatabase db = TestDatabase.CreateSqlite();

    private ResidentRepository Residents => new(db.Connections);

    public Task InitializeAsync()
    {
        db.Migrate();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => db.DisposeAsync().AsTask();

    [Fact]
    public async Task Parse_ConvertsJapanTimeToUtc_And_ADateAloneCoversTheWholeDay()
    {
        var (filter, error) = await new AuditFilterText(" sato ", "sign-in", null, "2026/03/12", "２０２６/３/１２").ParseAsync(Residents);

        Assert.Null(error);
        Assert.Equal(new DateTime(2026, 3, 11, 15, 0, 0, DateTimeKind.Utc), filter!.FromUtc);
        Assert.Equal(new DateTime(2026, 3, 12, 15, 0, 0, DateTimeKind.Utc), filter.ToUtc);
        Assert.Equal(("sato", "sign-in"), (filter.UserName, filter.Action));
    }

    [Fact]
    public async Task Parse_TakesAnActionByItsJapaneseLabel_AsTheFilterShowsIt()
    {
        var text = new AuditFilterText(null, "ユーザー追加", null, null, null);

        var (filter, error) = await text.ParseAsync(Residents);

        Assert.Null(error);
        Assert.Equal("create-user", filter!.Action);
        Assert.Equal("操作 ユーザー追加", text.Describe());
    }

    [Fact]
    public async Task Parse_MakesATimeCoverItsWholeMinute()
    {
        var (filter, _) = await new AuditFilterText(null, null, null, "2026-03-12T09:00", "2026/03/12 09:05").ParseAsync(Residents);

        Assert.Equal(new DateTime(2026, 3, 12, 0, 0, 0, DateTimeKind.Utc), filter!.FromUtc);
        Assert.Equal(new DateTime(2026, 3, 12, 0, 6, 0, DateTimeKind.Utc), filter.ToUtc);
    }

    [Theory]
    [InlineData("2026/13/01", null, "開始日時を読み取れません")]
    [InlineData(null, "昨日", "終了日時を読み取れません")]
    [InlineData("2026/03/12 10:00", "2026/03/12 09:59", "開始日時が終了日時より後になっています。")]
    public async Task Parse_ExplainsInJapanese_When_TimesAreWrong(string? from, string? to, string expected)
    {
        var (filter, error) = await new AuditFilterText(null, null, null, from, to).ParseAsync(Residents);

        Assert.Null(filter);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_TakesANumericResidentId_When_NoResidentHasThatNumber()
    {
        var (byId, _) = await new AuditFilterText(null, null, "42", null, null).ParseAsync(Residents);
        var (unknown, error) = await new AuditFilterText(null, null, "X0042", null, null).ParseAsync(Residents);

        Assert.Equal(42, byId!.ResidentId);
        Assert.Null(unknown);
        Assert.Equal("住民番号「X0042」の住民が見つかりません。", error);
    }

    [Fact]
    public void QueryString_And_Description_LeaveOutEmptyParts()
    {
        var text = new AuditFilterText("渡邊", "", null, "2026/03/12 09:00", " ");

        Assert.Equal("?user=%E6%B8%A1%E9%82%8A&from=2026%2F03%2F12%2009%3A00", text.ToQueryString());
        Assert.Equal("ユーザー 渡邊・開始 2026/03/12 09:00", text.Describe());
        Assert.Equal("", AuditFilterText.Empty.ToQueryString());
        Assert.Equal("条件なし", AuditFilterText.Empty.Describe());
    }
}
