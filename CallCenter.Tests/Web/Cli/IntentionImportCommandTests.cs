using System.Text;
using CallCenter.Data.Audit;
using CallCenter.Tests.Data;
using CallCenter.Tests.Data.Calls;
using CallCenter.Web.Cli;
using Dapper;

namespace CallCenter.Tests.Web.Cli;

/// <summary>`import-intentions FILE --round NAME [--dry-run]`, run in-process: exit codes, the round created, the exact last line.</summary>
public sealed class IntentionImportCommandTests : IAsyncLifetime
{
    private const string Postal = """
        世帯番号,回答日,帰還意向,判断に必要なこと
        KH01,2026/03/01,戻りたい,働く場の確保
        KH02,2026/03/02,判断がつかない,
        """;

    private readonly TestDatabase.SqliteTestDatabase db = TestDatabase.CreateSqlite();
    private readonly List<string> files = [];
    private StringWriter output = new();
    private StringWriter error = new();

    private string ConnectionSwitch => $"--ConnectionStrings:CallCenter=Data Source={db.Path}";

    public async Task InitializeAsync()
    {
        Assert.Equal(0, await RunAsync("import-residents", File("register.csv", CallTestData.FiveMemberRegister), ConnectionSwitch));
    }

    public async Task DisposeAsync()
    {
        foreach (var file in files)
        {
            System.IO.File.Delete(file);
        }
        await db.DisposeAsync();
    }

    private string File(string name, string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-{name}");
        System.IO.File.WriteAllText(path, content, new UTF8Encoding(true));
        files.Add(path);
        return path;
    }

    private Task<int> RunAsync(params string[] args)
    {
        output = new StringWriter();
        error = new StringWriter();
        return CommandLine.RunAsync(args, TextReader.Null, output, error);
    }

    private string LastLine => output.ToString().TrimEnd().Split('\n')[^1].TrimEnd('\r');

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = await db.Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    [Fact]
    public async Task Import_CreatesTheRound_And_TheSecondRunChangesNothing()
    {
        var file = File("postal.csv", Postal);

        var first = await RunAsync("import-intentions", file, "--round", "2026年度", ConnectionSwitch);
        var firstOutput = output.ToString();
        var firstLine = LastLine;
        var second = await RunAsync("import-intentions", file, "--round", "2026年度", ConnectionSwitch);

        Assert.True(first == 0, error.ToString());
        Assert.Contains("round 2026年度 created", firstOutput, StringComparison.Ordinal);
        Assert.Equal("answered 2, updated 0, unchanged 0, errors 0", firstLine);
        Assert.Equal(0, second);
        Assert.DoesNotContain("created", output.ToString(), StringComparison.Ordinal);
        Assert.Equal("answered 0, updated 0, unchanged 2, errors 0", LastLine);
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM IntentionAnswers"));
        Assert.Equal(2, await CountAsync($"SELECT COUNT(*) FROM AuditLog WHERE Action = '{AuditActions.ImportIntentions}' AND UserName LIKE 'cli:%'"));
    }

    [Fact]
    public async Task DryRun_SaysTheRoundWouldBeCreated_And_WritesNothing()
    {
        var exit = await RunAsync("import-intentions", File("postal.csv", Postal), "--round", "2026年度", "--dry-run", ConnectionSwitch);

        Assert.Equal(0, exit);
        Assert.Contains("round 2026年度 does not exist: it would be created", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("dry run: nothing was written", output.ToString(), StringComparison.Ordinal);
        Assert.Equal("answered 2, updated 0, unchanged 0, errors 0", LastLine);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM SurveyRounds"));
    }

    [Fact]
    public async Task BadLines_Exit1_PrintEachError_And_WriteNothing()
    {
        var exit = await RunAsync("import-intentions", File("bad.csv", Postal + "\nKH77,2026/03/01,戻りたい,\nKH01,2030/01/01,戻りたい,\n"),
            "--round", "2026年度", ConnectionSwitch);

        Assert.Equal(1, exit);
        Assert.Contains("4行目 世帯番号: 世帯番号「KH77」は住民台帳にありません", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("5行目 回答日: 未来の日付です（2030/01/01）", error.ToString(), StringComparison.Ordinal);
        Assert.Equal("answered 0, updated 0, unchanged 0, errors 2", LastLine);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM IntentionAnswers"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM SurveyRounds"));
    }

    [Theory]
    [InlineData("import-intentions")]
    [InlineData("import-intentions", "postal.csv")]
    [InlineData("import-intentions", "postal.csv", "--round")]
    [InlineData("import-intentions", "a.csv", "b.csv", "--round", "2026年度")]
    public async Task AWrongCommandLine_Exits2(params string[] args)
    {
        Assert.Equal(2, await RunAsync([.. args, ConnectionSwitch]));
        Assert.Contains("import-intentions FILE --round NAME [--dry-run]", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingFile_Exits1()
    {
        Assert.Equal(1, await RunAsync("import-intentions", "/nonexistent/postal.csv", "--round", "2026年度", ConnectionSwitch));
    }
}
