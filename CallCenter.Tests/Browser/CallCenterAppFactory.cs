using System.Net;
using CallCenter.Data.Accounts;
using CallCenter.Web.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Browser;

/// <summary>
/// The real web app (Program, WebApp.Build) served by Kestrel on a free 127.0.0.1 port, against its own
/// temporary SQLite file. Demo seeding is off: each test puts in exactly the data it needs.
/// Security tests pass settings (a short idle timeout, a low lockout limit) or share one database file
/// between two instances; subclasses may change the host further in <see cref="ConfigureWebHost"/>.
/// </summary>
public class CallCenterAppFactory : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> settings;
    private readonly bool ownsDatabase;
    private readonly TimeProvider? clock;

    public CallCenterAppFactory() : this(settings: null)
    {
    }

    /// <param name="settings">Configuration keys to set, e.g. <c>Security:IdleTimeoutMinutes</c>.</param>
    /// <param name="databasePath">An existing SQLite file to serve (left in place on dispose); null for a new one.</param>
    /// <param name="clock">The app's clock instead of the system's (a test that moves time by hand); null for the real one.</param>
    public CallCenterAppFactory(IReadOnlyDictionary<string, string?>? settings, string? databasePath = null, TimeProvider? clock = null)
    {
        this.settings = settings ?? new Dictionary<string, string?>();
        this.clock = clock;
        ownsDatabase = databasePath is null;
        DatabasePath = databasePath ?? NewDatabasePath();
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>A path for a new SQLite file in the tests' temp folder.</summary>
    public static string NewDatabasePath()
    {
        var folder = Path.Combine(Path.GetTempPath(), "callcenter-tests");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, $"browser-{Guid.NewGuid():N}.db");
    }

    /// <summary>The SQLite file the app serves.</summary>
    public string DatabasePath { get; }

    /// <summary>
    /// The app's <c>DataProtection:KeyFile</c>: next to its database, so that a second instance on the same file
    /// shares it (unless the settings name another).
    /// </summary>
    public string KeyFilePath => settings.TryGetValue("DataProtection:KeyFile", out var path) && path is not null ? path : DatabasePath + ".key";

    /// <summary>The town name the app is configured with (read back from the app, so tests need not repeat it).</summary>
    public string TownName => Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<CallCenter.Web.TownOptions>>().Value.Name;

    /// <summary>The app's base address, e.g. http://127.0.0.1:41234/ (valid after <see cref="Start"/>).</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Starts Kestrel and brings the schema up to date.</summary>
    public void Start()
    {
        StartServer();
        // The app's start-up (DatabaseStartup, a hosted service) has applied the migrations; demo mode is off,
        // so no accounts exist: add one per role with a known password.
        CreateTestAccountsAsync().GetAwaiter().GetResult();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var address = addresses.Single(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal));
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
    }

    /// <summary>The password of every test account (<see cref="TestAccounts"/>).</summary>
    public const string TestPassword = "test-password-1";

    /// <summary>One account per role: user name and role.</summary>
    public static readonly (string UserName, UserRole Role)[] TestAccounts =
    [
        ("test-operator", UserRole.Operator),
        ("test-supervisor", UserRole.Supervisor),
        ("test-admin", UserRole.Admin),
    ];

    private async Task CreateTestAccountsAsync()
    {
        var users = Services.GetRequiredService<UserRepository>();
        foreach (var (userName, role) in TestAccounts)
        {
            if (await users.FindByNameAsync(userName) is null)
            {
                await users.CreateAsync(userName, $"試験 {role.Label()}", role, "会津若松", SignInService.HashPassword(TestPassword));
            }
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:CallCenter", $"Data Source={DatabasePath}");
        builder.UseSetting("Demo:Seed", "false");
        builder.UseSetting("DataProtection:KeyFile", KeyFilePath);
        // Tests sign in and call the API from one address far more often than people do; the rate-limit tests
        // set their own limits.
        builder.UseSetting("RateLimits:SignInPerMinute", "0");
        builder.UseSetting("RateLimits:AnonymousApiPerMinute", "0");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        if (clock is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (!ownsDatabase)
        {
            return;
        }
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm", ".key" })
        {
            try
            {
                File.Delete(DatabasePath + suffix);
            }
            catch (IOException)
            {
                // Left in the temp folder; harmless.
            }
        }
    }
}
