using System.Text;
using CallCenter.Data.Audit;
using CallCenter.Tests.Data;
using CallCenter.Web.Cli;
using Dapper;

namespace CallCenter.Tests.Web.Cli;

/// <summary>
/// `add-town CODE NAME` and `--town CODE` on every import command, run in-process against a real SQLite file: exit
/// codes 0/1/2, the printed lines, the audit rows, and two towns whose numbers collide kept apart.
/// </summary>
public sealed class TownCommandTests : IAsyncLifetime
{
    private const string RegisterA = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
        K0001,KH01,世帯主,佐藤 正男,サトウ マサオ,昭和22年5月3日,男,浜区,大熊町浜1-1,0240-11-2233
        K0101,KH02,世帯主,鈴木 一郎,スズキ イチロウ,1960-01-01,男,山区,大熊町山2-2,
        """;

    private const string RegisterB = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
        K0001,KH01,世帯主,遠藤 健一,エンドウ ケンイチ,1970-07-07,男,本町,富岡町本町1-1,0240-22-3344
        K0002,KH01,妻,遠藤 美咲,エンドウ ミサキ,1972-03-03,女,本町,富岡町本町1-1,
        K0101,KH02,世帯主,吉田 保,ヨシダ タモツ,1955-02-02,男,中央,富岡町中央2-2,
        """;

    private readonly TestDatabase.SqliteTestDatabase db = TestDatabase.CreateSqlite();
    private readonly List<string> files = [];
    private StringWriter output = new();
    private StringWriter error = new();

    private string ConnectionSwitch => $"--ConnectionStrings:CallCenter=Data Source={db.Path}";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var file in files)
        {
            System.IO.File.Delete(file);
        }
        await db.DisposeAsync();
    }

    private string File(string name, string content, int codePage = 65001)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-{name}");
        System.IO.File.WriteAllText(path, content, codePage == 65001 ? new UTF8Encoding(true) : Encoding.GetEncoding(codePage));
        files.Add(path);
        return path;
    }

    /// <summary>Runs a command with this database and the first town's configuration (大熊町 075451).</summary>
    private Task<int> RunAsync(params string[] args)
    {
        output = new StringWriter();
        error = new StringWriter();
        return CommandLine.RunAsync([.. args, ConnectionSwitch, "--Town:Code=075451", "--Town:Name=大熊町"], TextReader.Null, output, error);
    }

    private string LastLine => output.ToString().TrimEnd().Split('\n')[^1].TrimEnd('\r');

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = await db.Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    private async Task<string> TownRowsAsync(int townId)
    {
        await using var connection = await db.Connections.OpenAsync();
        var rows = await connection.QueryAsync($"SELECT * FROM Residents WHERE TownId = {townId} ORDER BY ResidentId");
        return string.Join("\n", rows.Select(r => string.Join("|", ((IDictionary<string, object?>)r).Values)));
    }

    private async Task TwoTownsAsync()
    {
        Assert.Equal(0, await RunAsync("import-residents", File("a.csv", RegisterA)));
        Assert.Equal(0, await RunAsync("add-town", "075434", "富岡町"));
    }

    [Fact]
    public async Task AddTown_AddsTheTown_PrintsTheLine_And_WritesAnAuditRow()
    {
        var exit = await RunAsync("add-town", "075434", "富岡町");

        Assert.True(exit == 0, error.ToString());
        Assert.Equal("added town 075434 富岡町", LastLine);
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM Towns"));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM Towns WHERE TownId = 1 AND Code = '075451' AND Name = '大熊町'"));
        Assert.Equal(1, await CountAsync(
            $"SELECT COUNT(*) FROM AuditLog WHERE Action = '{AuditActions.AddTown}' AND TargetType = 'town' AND TargetId = '075434' AND Details = '富岡町' AND UserName LIKE 'cli:%'"));
    }

    [Fact]
    public async Task AddTown_Exits1_When_TheCodeExists()
    {
        Assert.Equal(0, await RunAsync("add-town", "075434", "富岡町"));

        var exit = await RunAsync("add-town", "075434", "別の町");

        Assert.Equal(1, exit);
        Assert.Contains("団体コード「075434」の町はすでに登録されています。", error.ToString());
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM Towns"));
    }

    [Theory]
    [InlineData("075435", "富岡町", "団体コード「075435」の検査数字（6 桁目）が合いません（07543 なら 075434）。")]
    [InlineData("7543", "富岡町", "団体コード「7543」は半角数字 6 桁ではありません（例: 075451）。")]
    [InlineData("075434", " ", "町の名前を入力してください。")]
    public async Task AddTown_Exits2_OnABadCodeOrName(string code, string name, string message)
    {
        var exit = await RunAsync("add-town", code, name);

        Assert.Equal(2, exit);
        Assert.Contains(message, error.ToString());
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM Towns"));
        Assert.Equal(0, await CountAsync($"SELECT COUNT(*) FROM AuditLog WHERE Action = '{AuditActions.AddTown}'"));
    }

    [Fact]
    public async Task AddTown_Exits2_OnAWrongCommandLine()
    {
        Assert.Equal(2, await RunAsync("add-town", "075434"));
        Assert.Equal(2, await RunAsync("add-town", "075434", "富岡町", "余分"));
    }

    [Fact]
    public async Task ImportResidents_WithoutTown_MeansTheOnlyTown()
    {
        var exit = await RunAsync("import-residents", File("a.csv", RegisterA));

        Assert.True(exit == 0, error.ToString());
        Assert.Equal("inserted 2, updated 0, unchanged 0, errors 0", LastLine);
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM Residents WHERE TownId = 1"));
        // One town: the audit row reads as before, without a town.
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM AuditLog WHERE Action = 'import-residents' AND Details LIKE '%町 大熊町%'"));
    }

    [Fact]
    public async Task ImportResidents_WithSeveralTowns_NeedsTown_Exit2_AndWritesNothing()
    {
        await TwoTownsAsync();

        var exit = await RunAsync("import-residents", File("b.csv", RegisterB));

        Assert.Equal(2, exit);
        Assert.Contains("町が 2 つあります。--town で団体コードを指定してください（大熊町（075451）、富岡町（075434））。", error.ToString());
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM Residents"));
    }

    [Theory]
    [InlineData("075469", "団体コード「075469」の町は登録されていません。")]
    [InlineData("075435", "団体コード「075435」の検査数字（6 桁目）が合いません（07543 なら 075434）。")]
    [InlineData("０７５４３４", "団体コード「０７５４３４」は半角数字 6 桁ではありません（例: 075451）。")]
    public async Task ImportResidents_WithAnUnknownOrMalformedTown_Exits2(string code, string message)
    {
        await TwoTownsAsync();

        var exit = await RunAsync("import-residents", File("b.csv", RegisterB), "--town", code);

        Assert.Equal(2, exit);
        Assert.Contains(message, error.ToString());
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM Residents"));
    }

    [Fact]
    public async Task ImportResidents_TownOptionWithoutACode_Exits2()
    {
        Assert.Equal(2, await RunAsync("import-residents", File("b.csv", RegisterB), "--town"));
        Assert.Equal(2, await RunAsync("import-residents", File("b.csv", RegisterB), "--town", "075451", "--town", "075434"));
    }

    [Fact]
    public async Task ImportResidents_ForTownB_KeepsTownAUntouched_AndTheLastLineStaysExact()
    {
        await TwoTownsAsync();
        var townA = await TownRowsAsync(1);
        var file = File("b.csv", RegisterB, codePage: 932);

        var dry = await RunAsync("import-residents", file, "--town", "075434", "--dry-run");
        var dryLine = LastLine;
        var exit = await RunAsync("import-residents", file, "--town", "075434");
        var line = LastLine;
        var again = await RunAsync("import-residents", "--town", "075434", file);

        Assert.Equal(0, dry);
        Assert.Equal("inserted 3, updated 0, unchanged 0, errors 0", dryLine);
        Assert.True(exit == 0, error.ToString());
        Assert.Equal("inserted 3, updated 0, unchanged 0, errors 0", line);
        Assert.Equal(0, again);
        Assert.Equal("inserted 0, updated 0, unchanged 3, errors 0", LastLine);
        Assert.Equal(townA, await TownRowsAsync(1));
        Assert.Equal(3, await CountAsync("SELECT COUNT(*) FROM Residents WHERE TownId = 2"));
        Assert.Equal(3, await CountAsync("SELECT COUNT(*) FROM AuditLog WHERE Action = 'import-residents' AND Details LIKE '町 富岡町（075434）・%'"));
    }

    [Fact]
    public async Task ImportStatus_ForTownB_ReportsOnlyTownBsPeople()
    {
        await TwoTownsAsync();
        Assert.Equal(0, await RunAsync("import-residents", File("b.csv", RegisterB), "--town", "075434"));
        var list = File("status.csv", string.Join("\r\n",
            "住民番号,氏名,氏名カナ,生年月日,性別,安否,避難先種別,都道府県,市区町村,避難先,連絡先,確認日",
            "K0001,遠藤 健一,エンドウ ケンイチ,1970/07/07,男,無事,避難所,福島県,郡山市,ビッグパレットふくしま,,2026/03/13",
            ""));

        var without = await RunAsync("import-status", list, "--source", "shelter");
        var exit = await RunAsync("import-status", list, "--source", "shelter", "--town", "075434");

        Assert.Equal(2, without);
        Assert.True(exit == 0, error.ToString());
        Assert.Equal("reported 1, queued 0, already imported 0, errors 0", LastLine);
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM SafetyReports s JOIN Residents r ON r.ResidentId = s.ResidentId WHERE r.TownId = 2 AND r.ResidentNo = 'K0001'"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM SafetyReports s JOIN Residents r ON r.ResidentId = s.ResidentId WHERE r.TownId = 1"));
    }

    [Fact]
    public async Task ImportIntentions_And_ImportMailing_TakeTown()
    {
        await TwoTownsAsync();
        Assert.Equal(0, await RunAsync("import-residents", File("b.csv", RegisterB), "--town", "075434"));
        var postal = File("postal.csv", "世帯番号,回答日,帰還意向\nKH01,2026/03/01,戻りたい\n");
        var mail = File("mail.csv", "世帯番号,宛名,郵便番号,住所1,住所2,確認日\nKH01,遠藤 健一,979-1306,福島県双葉郡大熊町大川原南平1-1,,\n", codePage: 932);

        Assert.Equal(2, await RunAsync("import-intentions", postal, "--round", "2026年度"));
        Assert.Equal(2, await RunAsync("import-mailing", mail));
        Assert.Equal(2, await RunAsync("import-mailing", mail, "--town", "075469"));
        Assert.Equal(0, await RunAsync("import-intentions", postal, "--round", "2026年度", "--town", "075434"));
        Assert.Equal("answered 1, updated 0, unchanged 0, errors 0", LastLine);
        Assert.Equal(0, await RunAsync("import-mailing", mail, "--town", "075434"));
        Assert.Equal("updated 1, unchanged 0, errors 0", LastLine);

        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM IntentionAnswers a JOIN Households h ON h.HouseholdId = a.HouseholdId WHERE h.TownId = 2"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM IntentionAnswers a JOIN Households h ON h.HouseholdId = a.HouseholdId WHERE h.TownId = 1"));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM HouseholdMailing m JOIN Households h ON h.HouseholdId = m.HouseholdId WHERE h.TownId = 2"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM HouseholdMailing m JOIN Households h ON h.HouseholdId = m.HouseholdId WHERE h.TownId = 1"));
    }
}
