using System.Text;
using CallCenter.Tests.Data;
using CallCenter.Tests.Data.Imports;
using CallCenter.Web.Cli;
using Dapper;

namespace CallCenter.Tests.Web.Cli;

/// <summary>`import-status FILE --source shelter|agency [--dry-run]`, run in-process.</summary>
public sealed class ImportStatusCommandTests : IAsyncLifetime
{
    private readonly TestDatabase.SqliteTestDatabase db = TestDatabase.CreateSqlite();
    private readonly List<string> files = [];
    private StringWriter output = new();
    private StringWriter error = new();

    private string ConnectionSwitch => $"--ConnectionStrings:CallCenter=Data Source={db.Path}";

    public async Task InitializeAsync()
    {
        var register = File("register.csv", StatusImportTestData.Register);
        Assert.Equal(0, await RunAsync("import-residents", register, ConnectionSwitch));
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

    private async Task<long> ReportsAsync()
    {
        await using var connection = await db.Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM SafetyReports");
    }

    [Fact]
    public async Task ImportStatus_PrintsTheSummary_And_ImportsNothingTwice()
    {
        var list = File("shelter.csv", StatusImportTestData.MixedList);

        var first = await RunAsync("import-status", list, "--source", "shelter", ConnectionSwitch);
        var firstLine = LastLine;
        var second = await RunAsync("import-status", list, "--source", "shelter", ConnectionSwitch);

        Assert.True(first == 0, error.ToString());
        Assert.Equal("reported 2, queued 4, already imported 0, errors 0", firstLine);
        Assert.Equal(0, second);
        Assert.Equal("reported 0, queued 0, already imported 6, errors 0", LastLine);
        Assert.Equal(2, await ReportsAsync());
    }

    [Fact]
    public async Task ImportStatus_WritesNothing_When_DryRun()
    {
        var list = File("shelter.csv", StatusImportTestData.MixedList);

        var exit = await RunAsync("import-status", list, "--source", "agency", "--dry-run", ConnectionSwitch);

        Assert.Equal(0, exit);
        Assert.Contains("dry run: nothing was written", output.ToString(), StringComparison.Ordinal);
        Assert.Equal("reported 2, queued 4, already imported 0, errors 0", LastLine);
        Assert.Equal(0, await ReportsAsync());
    }

    [Fact]
    public async Task ImportStatus_Returns1_And_PrintsEachError_When_LinesAreBad()
    {
        var list = File("bad.csv", StatusImportTestData.Header + "\r\n,佐藤 浩二,サトウ コウジ,1975/02/14,男,元気,避難所,福島県,会津若松市,体育館,,2026/03/13\r\n");

        var exit = await RunAsync("import-status", list, "--source", "shelter", ConnectionSwitch);

        Assert.Equal(1, exit);
        Assert.Contains("2行目 安否:", error.ToString(), StringComparison.Ordinal);
        Assert.Equal("reported 0, queued 0, already imported 0, errors 1", LastLine);
        Assert.Equal(0, await ReportsAsync());
    }

    private async Task<IReadOnlyList<(string? TargetType, string? TargetId, string? Details)>> ImportAuditAsync()
    {
        await using var connection = await db.Connections.OpenAsync();
        return (await connection.QueryAsync<(string?, string?, string?)>(
            "SELECT TargetType, TargetId, Details FROM AuditLog WHERE Action = 'import-status' ORDER BY AuditId")).AsList();
    }

    [Fact]
    public async Task ImportStatus_Audits_A_RefusedFile()
    {
        var list = File("bad.csv", StatusImportTestData.Header + "\r\n,佐藤 浩二,サトウ コウジ,1975/02/14,男,元気,避難所,福島県,会津若松市,体育館,,2026/03/13\r\n");

        Assert.Equal(1, await RunAsync("import-status", list, "--source", "shelter", ConnectionSwitch));

        var row = Assert.Single(await ImportAuditAsync());
        Assert.Equal("file", row.TargetType);
        Assert.Equal(Path.GetFileName(list), row.TargetId);
        Assert.Contains("エラー 1件", row.Details, StringComparison.Ordinal);
        Assert.EndsWith("エラーのため何も書き込んでいません", row.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportStatus_Audits_AFileWithNothingNew()
    {
        var list = File("shelter.csv", StatusImportTestData.MixedList);
        Assert.Equal(0, await RunAsync("import-status", list, "--source", "shelter", ConnectionSwitch));

        Assert.Equal(0, await RunAsync("import-status", list, "--source", "shelter", ConnectionSwitch));

        var rows = await ImportAuditAsync();
        Assert.Equal(2, rows.Count);
        Assert.Equal("status-import", rows[0].TargetType);
        Assert.Equal("file", rows[1].TargetType);
        Assert.Contains("取り込み済み 6行", rows[1].Details, StringComparison.Ordinal);
        Assert.EndsWith("新しい行がないため何も書き込んでいません", rows[1].Details, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--source", "town")]
    [InlineData("--dry-run")]
    public async Task ImportStatus_Returns2_When_TheCommandLineIsWrong(params string[] extra)
    {
        var list = File("shelter.csv", StatusImportTestData.MixedList);

        var exit = await RunAsync(["import-status", list, .. extra, ConnectionSwitch]);

        Assert.Equal(2, exit);
        Assert.Contains("usage:", error.ToString(), StringComparison.Ordinal);
    }
}
