using System.Text;
using CallCenter.Data.Audit;
using CallCenter.Tests.Data;
using CallCenter.Tests.Data.Calls;
using CallCenter.Web.Cli;
using Dapper;

namespace CallCenter.Tests.Web.Cli;

/// <summary>`import-mailing FILE [--dry-run]`, run in-process: exit codes 0/1/2, the exact last line, the same file twice.</summary>
public sealed class MailingImportCommandTests : IAsyncLifetime
{
    private const string Mail = """
        世帯番号,宛名,郵便番号,住所1,住所2,確認日
        KH01,佐藤 正男,979-1306,福島県双葉郡大熊町大川原南平1-1,復興公営住宅 A-101,令和8年3月1日
        KH02,鈴木 一郎,９６３８０４１,福島県郡山市富田町字下亀田1,,
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
    public async Task Import_WritesTheAddresses_And_TheSecondRunWritesNothing()
    {
        var file = File("mail.csv", Mail);

        var first = await RunAsync("import-mailing", file, ConnectionSwitch);
        var firstLine = LastLine;
        var second = await RunAsync("import-mailing", file, ConnectionSwitch);

        Assert.True(first == 0, error.ToString());
        Assert.Equal("updated 2, unchanged 0, errors 0", firstLine);
        Assert.Equal(0, second);
        Assert.Equal("updated 0, unchanged 2, errors 0", LastLine);
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM MailingAddresses"));
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM HouseholdMailing"));
        Assert.Equal(2, await CountAsync($"SELECT COUNT(*) FROM AuditLog WHERE Action = '{AuditActions.ImportMailing}' AND UserName LIKE 'cli:%'"));
    }

    [Fact]
    public async Task DryRun_WritesNothing()
    {
        var exit = await RunAsync("import-mailing", File("mail.csv", Mail), "--dry-run", ConnectionSwitch);

        Assert.Equal(0, exit);
        Assert.Contains("dry run: nothing was written", output.ToString(), StringComparison.Ordinal);
        Assert.Equal("updated 2, unchanged 0, errors 0", LastLine);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM MailingAddresses"));
    }

    [Fact]
    public async Task BadLines_Exit1_PrintEachError_And_WriteNothing()
    {
        var exit = await RunAsync("import-mailing", File("bad.csv", Mail + "\nKH77,山田 花子,979-1306,福島県双葉郡大熊町,,\nKH01,佐藤 正男,979-13,福島県,,\n"),
            ConnectionSwitch);

        Assert.Equal(1, exit);
        Assert.Contains("4行目 世帯番号: 世帯番号「KH77」は住民台帳にありません", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("5行目 郵便番号: 郵便番号は7桁の数字で入力してください（979-13）", error.ToString(), StringComparison.Ordinal);
        Assert.Equal("updated 0, unchanged 0, errors 2", LastLine);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM MailingAddresses"));
    }

    [Theory]
    [InlineData("import-mailing")]
    [InlineData("import-mailing", "a.csv", "b.csv")]
    [InlineData("import-mailing", "--round")]
    public async Task AWrongCommandLine_Exits2(params string[] args)
    {
        Assert.Equal(2, await RunAsync([.. args, ConnectionSwitch]));
        Assert.Contains("import-mailing FILE [--dry-run]", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingFile_Exits1()
    {
        Assert.Equal(1, await RunAsync("import-mailing", "/nonexistent/mail.csv", ConnectionSwitch));
    }
}
