using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Tests.Browser;
using CallCenter.Tests.Data;
using CallCenter.Tests.Web.Security;
using CallCenter.Web.Cli;
using CallCenter.Web.Security;
using Dapper;

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
    public async Task UnlockUser_ClearsTheLockFromEveryAddress_And_Audits()
    {
        var create = await CommandLine.RunAsync(["create-user", "saito", "--role", "admin", ConnectionSwitch],
            new StringReader(CliPassword + "\n"), output, error);
        Assert.True(create == 0, $"create-user exit {create}: {error}");
        var failures = new SignInFailureRepository(db.Connections);
        foreach (var address in new[] { "203.0.113.5", "198.51.100.7" })
        {
            for (var i = 0; i < 5; i++)
            {
                await failures.TryReserveAsync("saito", address, 5, DateTime.UtcNow, TimeSpan.FromMinutes(15));
            }
        }
        Assert.Single(await failures.LocksAsync(DateTime.UtcNow));

        var exit = await CommandLine.RunAsync(["unlock-user", "Saito", ConnectionSwitch], TextReader.Null, output, error);
        var unknown = await CommandLine.RunAsync(["unlock-user", "nobody", ConnectionSwitch], TextReader.Null, output, error);

        Assert.True(exit == 0, $"unlock-user exit {exit}: {error}");
        Assert.Contains("unlocked saito (failed sign-ins cleared from 2 address(es))", output.ToString(), StringComparison.Ordinal);
        Assert.Empty(await failures.LocksAsync(DateTime.UtcNow));
        Assert.Equal(1, unknown);
        Assert.Contains("there is no user 'nobody'", error.ToString(), StringComparison.Ordinal);
        Assert.Equal("接続元 2件のロックを解除", await ScalarAsync<string>("SELECT Details FROM AuditLog WHERE Action = 'unlock-user' AND TargetId = 'saito'"));
    }

    [Fact]
    public async Task UnknownCommand_Returns2_With_Usage()
    {
        var exit = await CommandLine.RunAsync(["frobnicate", ConnectionSwitch], TextReader.Null, output, error);

        Assert.Equal(2, exit);
        Assert.Contains("Unknown command 'frobnicate'", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("usage:", error.ToString(), StringComparison.Ordinal);
    }

    private const string CliPassword = "cli-password-77";

    [Fact]
    public async Task CreateUser_And_CreateApiKey_MakeAnAccountThatSignsIn_And_AKeyThatWorks()
    {
        var userExit = await CommandLine.RunAsync(["create-user", "Kato", "--role", "operator", "--site", "いわき", ConnectionSwitch],
            new StringReader(CliPassword + "\n"), output, error);
        var keyOutput = new StringWriter();
        var keyExit = await CommandLine.RunAsync(["create-api-key", "PBX screen-pop", "--scope", "export", ConnectionSwitch],
            TextReader.Null, keyOutput, error);

        Assert.True(userExit == 0, $"create-user exit {userExit}: {error}");
        Assert.True(keyExit == 0, $"create-api-key exit {keyExit}: {error}");
        var hash = await ScalarAsync<string>("SELECT PasswordHash FROM Users WHERE UserName = 'kato'");
        Assert.NotEqual(CliPassword, hash);
        Assert.DoesNotContain(CliPassword, hash, StringComparison.Ordinal);
        Assert.StartsWith("AQAAAA", hash, StringComparison.Ordinal); // ASP.NET Core Identity's PasswordHasher v3 format
        var lines = keyOutput.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var key = lines[^1];
        Assert.Matches("^cc_[A-Za-z0-9_-]{43}$", key);
        Assert.DoesNotContain(key, await ScalarAsync<string>("SELECT KeyHash FROM ApiKeys"), StringComparison.Ordinal);

        // The real app on the same file: the new user signs in through the form; the key answers /api/me.
        await using var app = new CallCenterAppFactory(settings: null, databasePath: db.Path);
        app.Start();
        using var client = app.NewClient();
        await client.SignInAsync("kato", CliPassword);
        using var api = app.NewClient();
        api.Http.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        using var me = await api.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var body = await me.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("PBX screen-pop", body.GetProperty("name").GetString());
        Assert.Equal("export", body.GetProperty("scope").GetString());
    }

    [Fact]
    public async Task CreateUser_And_CreateApiKey_AreAudited()
    {
        await CommandLine.RunAsync(["create-user", "audited", "--role", "admin", ConnectionSwitch], new StringReader(CliPassword), output, error);
        await CommandLine.RunAsync(["create-api-key", "nightly export", "--scope", "read", ConnectionSwitch], TextReader.Null, output, error);

        await using var connection = await db.Connections.OpenAsync();
        var rows = (await connection.QueryAsync<(string Action, string UserName, string TargetId, string Details)>(
            "SELECT Action, UserName, TargetId, Details FROM AuditLog ORDER BY AuditId")).AsList();
        Assert.Collection(rows,
            user =>
            {
                Assert.Equal(AuditActions.CreateUser, user.Action);
                Assert.Equal("audited", user.TargetId);
                Assert.Equal("役割 管理者", user.Details);
                Assert.StartsWith("cli:", user.UserName, StringComparison.Ordinal);
            },
            key =>
            {
                Assert.Equal(AuditActions.CreateApiKey, key.Action);
                Assert.Equal("名前「nightly export」・権限 読み取り", key.Details);
                Assert.StartsWith("cli:", key.UserName, StringComparison.Ordinal);
            });
        Assert.DoesNotContain(rows, r => r.Details.Contains(CliPassword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateUser_WithADepartment_PutsTheAccountInIt_AndKeepsItsOutputLine()
    {
        var exit = await CommandLine.RunAsync(["create-user", "fukko1", "--role", "operator", "--department", "復興推進課", ConnectionSwitch],
            new StringReader(CliPassword), output, error);

        Assert.True(exit == 0, $"exit {exit}: {error}");
        Assert.Equal("created user fukko1 (オペレーター)", output.ToString().Trim());
        Assert.Equal("復興推進課", await ScalarAsync<string>(
            "SELECT d.Name FROM Users u JOIN Departments d ON d.DepartmentId = u.DepartmentId WHERE u.UserName = 'fukko1'"));
        // One audited step: the create row names the department (no separate set-user-department row).
        Assert.Equal("役割 オペレーター・担当課 復興推進課", await ScalarAsync<string>("SELECT Details FROM AuditLog WHERE Action = 'create-user'"));
        Assert.Equal(0L, await ScalarAsync<long>("SELECT COUNT(*) FROM AuditLog WHERE Action = 'set-user-department'"));
    }

    [Fact]
    public async Task CreateUser_Returns2_AndCreatesNothing_When_TheDepartmentIsUnknown()
    {
        var exit = await CommandLine.RunAsync(["create-user", "nobody", "--role", "operator", "--department", "宇宙課", ConnectionSwitch],
            new StringReader(CliPassword), output, error);

        Assert.Equal(2, exit);
        Assert.Contains("担当課「宇宙課」はありません", error.ToString(), StringComparison.Ordinal);
        Assert.False(await UserExistsAsync("nobody"), "the user was created anyway");
    }

    [Fact]
    public async Task CreateUser_Returns1_WithAJapaneseMessage_When_PasswordIsTooShort()
    {
        var exit = await CommandLine.RunAsync(["create-user", "short", "--role", "operator", ConnectionSwitch], new StringReader("abc123"), output, error);

        Assert.Equal(1, exit);
        Assert.Contains("パスワードは10文字以上にしてください。", error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(db.Path) && await UserExistsAsync("short"), "the user was created anyway");
    }

    [Fact]
    public async Task CreateUser_Returns2_When_RoleIsUnknown()
    {
        var exit = await CommandLine.RunAsync(["create-user", "chief", "--role", "root", ConnectionSwitch], new StringReader(CliPassword), output, error);

        Assert.Equal(2, exit);
        Assert.Contains("--role must be operator, supervisor or admin", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateUser_Returns1_When_TheUserExists()
    {
        var first = await CommandLine.RunAsync(["create-user", "twice", "--role", "supervisor", ConnectionSwitch], new StringReader(CliPassword), output, error);
        var hashBefore = await ScalarAsync<string>("SELECT PasswordHash FROM Users WHERE UserName = 'twice'");
        var second = await CommandLine.RunAsync(["create-user", "TWICE", "--role", "admin", ConnectionSwitch], new StringReader("other-password-1"), output, error);

        Assert.Equal(0, first);
        Assert.Equal(1, second);
        Assert.Contains("already exists", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(hashBefore, await ScalarAsync<string>("SELECT PasswordHash FROM Users WHERE UserName = 'twice'"));
        Assert.Equal((long)UserRole.Supervisor, await ScalarAsync<long>("SELECT Role FROM Users WHERE UserName = 'twice'"));
    }

    [Fact]
    public async Task CreateApiKey_Returns2_When_ScopeIsUnknown()
    {
        var exit = await CommandLine.RunAsync(["create-api-key", "bad", "--scope", "write", ConnectionSwitch], TextReader.Null, output, error);

        Assert.Equal(2, exit);
        Assert.Contains("--scope must be read or export", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("cc_", output.ToString(), StringComparison.Ordinal);
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = await db.Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<T>(sql) ?? throw new InvalidOperationException($"No value: {sql}");
    }

    private async Task<bool> UserExistsAsync(string userName)
    {
        await using var connection = await db.Connections.OpenAsync();
        var tables = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'Users'");
        return tables > 0 && await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM Users WHERE UserName = @userName", new { userName }) > 0;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await db.DisposeAsync();
}
