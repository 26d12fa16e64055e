using CallCenter.Data.Accounts;
using CallCenter.Data.Database;
using CallCenter.Data.Demo;
using CallCenter.Web.Security;
using Microsoft.Extensions.Options;

namespace CallCenter.Web.Startup;

/// <summary>
/// Runs before the server starts listening: applies migrations, then in demo mode (<c>Demo:Seed</c> true on
/// SQLite) seeds the demo town into an empty register and makes sure the demo accounts exist, printing
/// their passwords. A SQL Server database is never seeded here: only `seed-demo` does that.
/// </summary>
public sealed class DatabaseStartup(IServiceProvider services, IConfiguration configuration, ILogger<DatabaseStartup> logger) : IHostedService
{
    /// <summary>
    /// The demo accounts: user name, display name, role, site, password, and the department (担当課) of the demo
    /// department clerks (one per two of the six default departments), who work the demo town's requests.
    /// </summary>
    public static readonly (string UserName, string DisplayName, UserRole Role, string Site, string Password, string? Department)[] DemoAccounts =
    [
        ("operator", "山田 花子（オペレーター）", UserRole.Operator, "会津若松", "demo-operator", null),
        ("supervisor", "佐藤 一郎（スーパーバイザー）", UserRole.Supervisor, "会津若松", "demo-supervisor", null),
        ("admin", "鈴木 次郎（管理者）", UserRole.Admin, "いわき", "demo-admin", null),
        ("jumin", "高橋 誠（住民課）", UserRole.Operator, "いわき", "demo-jumin", "住民課"),
        ("kenko", "伊藤 恵（健康介護課）", UserRole.Operator, "いわき", "demo-kenko", "健康介護課"),
        ("fukko", "渡辺 健太（復興推進課）", UserRole.Operator, "いわき", "demo-fukko", "復興推進課"),
    ];

    public static bool IsDemoMode(IConfiguration configuration, DatabaseOptions database) =>
        configuration.GetValue("Demo:Seed", true) && database.Provider == DatabaseProvider.Sqlite;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var applied = services.GetRequiredService<Migrations>().Apply();
        if (applied.Applied.Count > 0)
        {
            logger.LogInformation("Applied migrations: {Scripts}", string.Join(", ", applied.Applied));
        }
        await services.GetRequiredService<KeyRingProtection>().PrepareKeyRingAsync(services.GetRequiredService<DatabaseXmlRepository>(),
            services.GetRequiredService<CallCenter.Data.Audit.AuditRepository>(), services.GetRequiredService<TimeProvider>(), cancellationToken);
        WarmUpSearchIndex();
        if (!IsDemoMode(configuration, services.GetRequiredService<DatabaseOptions>()))
        {
            return;
        }
        // Accounts first: the demo story credits its calls to the demo operators.
        await EnsureDemoAccountsAsync(services.GetRequiredService<UserRepository>(), cancellationToken,
            services.GetRequiredService<CallCenter.Data.Requests.Departments>());
        // A first start seeds 11,500 residents: say so, or a newcomer sees a silent console for several seconds.
        logger.LogInformation("Preparing the demo town (seeded once into an empty register; a first start takes a few seconds)...");
        var result = await services.GetRequiredService<DemoTownSeeder>().SeedAsync(WebApp.DemoOptions(configuration), cancellationToken);
        if (result.Seeded)
        {
            logger.LogInformation("{Message}", result.Message);
        }
        // Printed once the server listens, with the address it listens on: the last thing on the console is how to start.
        services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(() =>
            Console.Write(ReadyBanner(ListeningAddresses(services), demo: true)));
    }

    /// <summary>
    /// Loads the in-process search index once the server listens, in the background: until it is loaded, searches take
    /// the SQL path (same results), so the first operators are never kept waiting for it.
    /// </summary>
    private void WarmUpSearchIndex()
    {
        var lifetime = services.GetRequiredService<IHostApplicationLifetime>();
        var index = services.GetRequiredService<CallCenter.Data.Residents.SearchIndex>();
        lifetime.ApplicationStarted.Register(() => _ = Task.Run(async () =>
        {
            try
            {
                await index.RefreshAsync(lifetime.ApplicationStopping);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or OperationCanceledException)
            {
                logger.LogWarning(e, "The search index was not loaded at start; the first search loads it");
            }
        }));
    }

    /// <summary>The addresses the server listens on (what <c>ASPNETCORE_URLS</c> or <c>--urls</c> chose), or none in tests.</summary>
    private static IReadOnlyList<string> ListeningAddresses(IServiceProvider services) =>
        services.GetService<Microsoft.AspNetCore.Hosting.Server.IServer>()?.Features
            .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses.ToList() ?? [];

    /// <summary>What a newcomer needs once the app is up: where to open it and, in demo mode, how to sign in.</summary>
    public static string ReadyBanner(IReadOnlyList<string> addresses, bool demo)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine();
        text.AppendLine($"CallCenter is ready. Open {(addresses.Count > 0 ? string.Join(" or ", addresses) : "the address above")} in a browser.");
        if (demo)
        {
            text.AppendLine("Demo accounts (demo mode only; Demo:Seed=false turns demo mode off):");
            foreach (var account in DemoAccounts)
            {
                text.AppendLine($"  {account.Role.Label(),-10} user: {account.UserName,-11} password: {account.Password}");
            }
        }
        text.AppendLine("Press Ctrl+C to stop.");
        return text.ToString();
    }

    public static async Task EnsureDemoAccountsAsync(UserRepository users, CancellationToken cancellationToken,
        CallCenter.Data.Requests.Departments? departments = null)
    {
        var departmentIds = departments is null ? [] : (await departments.ListAsync(cancellationToken: cancellationToken)).ToDictionary(d => d.Label, d => d.Id);
        foreach (var account in DemoAccounts)
        {
            if (await users.FindByNameAsync(account.UserName, cancellationToken) is null
                && await users.CreateAsync(account.UserName, account.DisplayName, account.Role, account.Site,
                    SignInService.HashPassword(account.Password), cancellationToken) is { } id
                && account.Department is { } department && departmentIds.TryGetValue(department, out var departmentId))
            {
                await users.SetDepartmentAsync(id, departmentId, CallCenter.Data.Calls.OperatorContext.System, cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Runs <see cref="WalCheckpointer"/> for the life of the app (SQLite only).</summary>
public sealed class WalCheckpointService(WalCheckpointer checkpointer) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => checkpointer.RunAsync(stoppingToken);
}
