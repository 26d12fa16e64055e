using CallCenter.Data.Database;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Tests.Data.Towns;

/// <summary>Towns on a real SQLite file: adding, the refusals and their Japanese messages, Town:Code for the first town, resolving a code.</summary>
public sealed class TownRepositoryTests : IAsyncLifetime
{
    private readonly TestDatabase.SqliteTestDatabase db = TestDatabase.CreateSqlite();

    private TownRepository Towns => new(db.Connections, TimeProvider.System);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await db.DisposeAsync();

    private void Migrate(string? code, string? name) => new Migrations(db.Connections, new TownDefaults(code, name)).Apply();

    private async Task<long> CountTownsAsync()
    {
        await using var connection = await db.Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM Towns");
    }

    [Fact]
    public async Task ConfigureFirst_NamesTheFirstTown_FromTownCodeAndName()
    {
        Migrate("075451", "大熊町");

        var towns = await Towns.ListAsync();

        Assert.Equal([new Town(1, "075451", "大熊町")], towns);
        Assert.Equal("大熊町（075451）", towns[0].Label);
    }

    [Fact]
    public async Task ConfigureFirst_NeverChangesATownThatHasACode()
    {
        Migrate("075451", "大熊町");

        Migrate("075434", "富岡町");
        Migrate(null, "別の名前");

        Assert.Equal([new Town(1, "075451", "大熊町")], await Towns.ListAsync());
    }

    [Fact]
    public async Task ConfigureFirst_KeepsAnEmptyCode_When_TownCodeIsMissingOrBad_ButTakesTheName()
    {
        Migrate(null, "汐見町");
        Assert.Equal([new Town(1, "", "汐見町")], await Towns.ListAsync());

        Migrate("075452", "汐見町");
        Assert.Equal([new Town(1, "", "汐見町")], await Towns.ListAsync());

        // The code comes later, once: from then on configuration changes nothing.
        Migrate("079995", "汐見町");
        Migrate("075451", "大熊町");
        Assert.Equal([new Town(1, "079995", "汐見町")], await Towns.ListAsync());
    }

    [Fact]
    public async Task AddAsync_AddsATown_WithTheNextId()
    {
        Migrate("075451", "大熊町");

        var result = await Towns.AddAsync("075434", " 富岡町 ");

        Assert.True(result.Added);
        Assert.Equal(TownAddProblem.None, result.Problem);
        Assert.Equal(new Town(2, "075434", "富岡町"), result.Town);
        Assert.Equal(new Town(2, "075434", "富岡町"), await Towns.FindByCodeAsync("075434"));
        Assert.Equal(2, await CountTownsAsync());
    }

    [Fact]
    public async Task AddAsync_Refuses_When_TheCodeExists()
    {
        Migrate("075451", "大熊町");

        var result = await Towns.AddAsync("075451", "別の町");

        Assert.False(result.Added);
        Assert.Equal(TownAddProblem.CodeExists, result.Problem);
        Assert.Equal("団体コード「075451」の町はすでに登録されています。", result.Message);
        Assert.Equal(1, await CountTownsAsync());
    }

    [Theory]
    [InlineData("075452", "富岡町", "団体コード「075452」の検査数字（6 桁目）が合いません（07545 なら 075451）。")]
    [InlineData("07543", "富岡町", "団体コード「07543」は半角数字 6 桁ではありません（例: 075451）。")]
    [InlineData("０７５４３４", "富岡町", "団体コード「０７５４３４」は半角数字 6 桁ではありません（例: 075451）。")]
    [InlineData("", "富岡町", "団体コードを入力してください。")]
    [InlineData("001007", "富岡町", "団体コード「001007」の都道府県（先頭 2 桁）が 00 です。")]
    [InlineData("075434", "  ", "町の名前を入力してください。")]
    [InlineData("075434", "富岡町富岡町富岡町富岡町富岡町富岡町富岡町富岡町富岡町富岡町富岡町富岡町富岡町富岡町富岡町富岡町富岡町富", "町の名前は 50 文字までです。")]
    [InlineData("075434", "富岡\u0007町", "町の名前に使用できない制御文字 U+0007 が含まれています。削除してから保存してください。")]
    public async Task AddAsync_RefusesBadInput_WithTheJapaneseMessage(string code, string name, string message)
    {
        Migrate("075451", "大熊町");

        var result = await Towns.AddAsync(code, name);

        Assert.False(result.Added);
        Assert.Equal(TownAddProblem.BadInput, result.Problem);
        Assert.Equal(message, result.Message);
        Assert.Equal(1, await CountTownsAsync());
    }

    [Fact]
    public async Task AddAsync_Refuses_While_TheFirstTownHasNoCode()
    {
        Migrate(null, "汐見町");

        var result = await Towns.AddAsync("075434", "富岡町");

        Assert.False(result.Added);
        Assert.Equal(TownAddProblem.BadInput, result.Problem);
        Assert.Equal("最初の町に団体コードがありません。設定 Town:Code に最初の町のコードを書いて起動し直してから追加してください。", result.Message);
        Assert.Equal(1, await CountTownsAsync());
    }

    [Fact]
    public async Task ResolveAsync_MeansTheOnlyTown_WithoutACode()
    {
        Migrate("075451", "大熊町");

        var (town, problem) = await Towns.ResolveAsync(null);

        Assert.Equal(new Town(1, "075451", "大熊町"), town);
        Assert.Null(problem);
    }

    [Fact]
    public async Task ResolveAsync_AsksForACode_When_SeveralTownsExist_AndNamesUnknownOrBadCodes()
    {
        Migrate("075451", "大熊町");
        await Towns.AddAsync("075434", "富岡町");

        Assert.Equal(((Town?)null, (string?)"町が 2 つあります。--town で団体コードを指定してください（大熊町（075451）、富岡町（075434））。"), await Towns.ResolveAsync(null));
        Assert.Equal(((Town?)null, (string?)"団体コード「075469」の町は登録されていません。"), await Towns.ResolveAsync("075469"));
        Assert.Equal(((Town?)null, (string?)"団体コード「075435」の検査数字（6 桁目）が合いません（07543 なら 075434）。"), await Towns.ResolveAsync("075435"));
        Assert.Equal(((Town?)new Town(2, "075434", "富岡町"), (string?)null), await Towns.ResolveAsync("075434"));
    }

    [Fact]
    public async Task ListWithSizesAsync_CountsEachTownsRegister()
    {
        Migrate("075451", "大熊町");
        await Towns.AddAsync("075434", "富岡町");

        var sizes = await Towns.ListWithSizesAsync();

        Assert.Equal([new TownRegisterSize(new Town(1, "075451", "大熊町"), 0, 0), new TownRegisterSize(new Town(2, "075434", "富岡町"), 0, 0)], sizes);
    }
}
