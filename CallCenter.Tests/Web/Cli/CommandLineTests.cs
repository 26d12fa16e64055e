using CallCenter.Tests.Data;
using CallCenter.Web.Cli;

namespace CallCenter.Tests.Web.Cli;

/// <summary>The web executable's subcommands, run in-process as `dotnet run -- COMMAND ...` would run them.</summary>
public sealed class CommandLineTests : IAsyncLifetime
{
    private readonly TestDatabase.SqliteTestDatabase db = TestDatabase.CreateSqlite();
    private readonly StringWriter output = new();
    private readonly StringWriter error = new();

    private string ConnectionSwitch => $"--ConnectionStrings:CallCenter=Data Source={db.Path}";

    [Fact]
    public async Task Migrate_AppliesScripts_Then_SaysUpToDate_When_RunAgain()
    {
        var first = await CommandLine.RunAsync(["migrate", ConnectionSwitch], TextReader.Null, output, error);

        Assert.True(first == 0, $"exit {first}: {error}");
        Assert.Contains("applied", output.ToString(), StringComparison.Ordinal);
        Assert.True(File.Exists(db.Path));

        var again = new StringWriter();
        var second = await CommandLine.RunAsync(["migrate", ConnectionSwitch], TextReader.Null, again, error);

        Assert.True(second == 0, $"exit {second}: {error}");
        Assert.Contains("schema is up to date", again.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("applied", again.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportResidents_Returns1_And_NamesTheFile_When_FileIsMissing()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-register-{Guid.NewGuid():N}.csv");

        var exit = await CommandLine.RunAsync(["import-residents", missing, ConnectionSwitch], TextReader.Null, output, error);

        Assert.Equal(1, exit);
        Assert.Contains("ファイルが見つかりません", error.ToString(), StringComparison.Ordinal);
        Assert.Contains(missing, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportResidents_Returns2_When_NoFileIsGiven()
    {
        var exit = await CommandLine.RunAsync(["import-residents", ConnectionSwitch], TextReader.Null, output, error);

        Assert.Equal(2, exit);
        Assert.Contains("usage:", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownCommand_Returns2_With_Usage()
    {
        var exit = await CommandLine.RunAsync(["frobnicate", ConnectionSwitch], TextReader.Null, output, error);

        Assert.Equal(2, exit);
        Assert.Contains("Unknown command 'frobnicate'", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("usage:", error.ToString(), StringComparison.Ordinal);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await db.DisposeAsync();
}
