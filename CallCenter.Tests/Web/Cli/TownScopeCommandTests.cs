using CallCenter.Data.Accounts;
using CallCenter.Data.ApiKeys;
using CallCenter.Data.Towns;
using CallCenter.Tests.Data;
using CallCenter.Web.Cli;

namespace CallCenter.Tests.Web.Cli;

/// <summary>create-user and create-api-key with --town: the scope is written with the account or key; a bad code creates nothing.</summary>
public sealed class TownScopeCommandTests : IAsyncLifetime
{
    private const string Password = "cli-password-77";
    private readonly TestDatabase.SqliteTestDatabase db = TestDatabase.CreateSqlite();
    private readonly StringWriter output = new();
    private readonly StringWriter error = new();

    private string[] Switches => [$"--ConnectionStrings:CallCenter=Data Source={db.Path}", "--Town:Code=079995", "--Town:Name=汐見町"];

    private TownRepository Towns => new(db.Connections, TimeProvider.System);

    public async Task InitializeAsync()
    {
        Assert.Equal(0, await CommandLine.RunAsync(["migrate", .. Switches], TextReader.Null, output, error));
        Assert.True((await Towns.AddAsync("075451", "大熊町")).Added);
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    private async Task<int> RunAsync(params string[] args) =>
        await CommandLine.RunAsync([.. args, .. Switches], new StringReader(Password), output, error);

    [Fact]
    public async Task CreateUser_WithTowns_IsLimitedToThem_And_WithoutIsAllTowns()
    {
        Assert.Equal(0, await RunAsync("create-user", "okuma1", "--role", "operator", "--town", "075451"));
        Assert.Equal(0, await RunAsync("create-user", "both", "--role", "operator", "--town", "075451", "--town", "079995"));
        Assert.Equal(0, await RunAsync("create-user", "joint", "--role", "operator"));

        var users = new UserRepository(db.Connections, TimeProvider.System);
        var okuma = (await Towns.FindByCodeAsync("075451"))!.TownId;
        var shiomi = (await Towns.FindByCodeAsync("079995"))!.TownId;
        Assert.Equal([okuma], (await Towns.ScopeOfUserAsync((await users.FindByNameAsync("okuma1"))!.UserId)).TownIds);
        Assert.Equal([shiomi, okuma], (await Towns.ScopeOfUserAsync((await users.FindByNameAsync("both"))!.UserId)).TownIds!.Order());
        Assert.True((await Towns.ScopeOfUserAsync((await users.FindByNameAsync("joint"))!.UserId)).IsAll);
    }

    [Theory]
    [InlineData("075452")]
    [InlineData("123456")]
    [InlineData("07545")]
    [InlineData("")]
    public async Task CreateUserAndKey_WithABadOrUnknownTown_Exit2_And_CreateNothing(string code)
    {
        Assert.Equal(2, await RunAsync("create-user", "nobody", "--role", "operator", "--town", code));
        Assert.Equal(2, await RunAsync("create-api-key", "PBX", "--scope", "read", "--town", code));

        Assert.Null(await new UserRepository(db.Connections, TimeProvider.System).FindByNameAsync("nobody"));
        Assert.Empty(await new ApiKeyRepository(db.Connections, TimeProvider.System).ListAsync());
        Assert.Contains("--town", error.ToString());
    }

    [Fact]
    public async Task CreateApiKey_WithATown_IsLimitedToIt()
    {
        Assert.Equal(0, await RunAsync("create-api-key", "大熊町 PBX", "--scope", "read", "--town", "075451"));
        Assert.Equal(0, await RunAsync("create-api-key", "共同", "--scope", "export"));

        var keys = await new ApiKeyRepository(db.Connections, TimeProvider.System).ListAsync();
        var okuma = (await Towns.FindByCodeAsync("075451"))!.TownId;
        Assert.Equal([okuma], (await Towns.ScopeOfApiKeyAsync(keys.Single(k => k.Name == "大熊町 PBX").ApiKeyId)).TownIds);
        Assert.True((await Towns.ScopeOfApiKeyAsync(keys.Single(k => k.Name == "共同").ApiKeyId)).IsAll);
    }
}
