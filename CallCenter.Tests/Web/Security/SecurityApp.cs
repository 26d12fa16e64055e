using CallCenter.Data.Accounts;
using CallCenter.Data.ApiKeys;
using CallCenter.Data.Database;
using CallCenter.Tests.Browser;
using CallCenter.Web.Security;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Security;

/// <summary>One real app (Kestrel, own SQLite file) shared by the HTTP security tests that need no special settings.</summary>
[CollectionDefinition(Name)]
public sealed class SecurityAppCollection : ICollectionFixture<SecurityAppFixture>
{
    public const string Name = "Security app";
}

public sealed class SecurityAppFixture() : StartedAppFixture(settings: null);

/// <summary>
/// One real app started once for the tests that share it, configured by <paramref name="settings"/>, on
/// <paramref name="clock"/> when given (otherwise the system's).
/// </summary>
public abstract class StartedAppFixture(IReadOnlyDictionary<string, string?>? settings, TimeProvider? clock = null) : IAsyncLifetime
{
    public CallCenterAppFactory App { get; } = new(settings, clock: clock);

    public Task InitializeAsync()
    {
        App.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>What the security tests read and arrange directly in the app's database.</summary>
public static class SecurityAppExtensions
{
    public static StaffClient NewClient(this CallCenterAppFactory app) => new(app.BaseAddress);

    /// <summary>A new staff account with a unique name (tests that change or lock accounts use their own).</summary>
    public static async Task<string> CreateUserAsync(this CallCenterAppFactory app, string prefix, UserRole role = UserRole.Operator,
        string password = CallCenterAppFactory.TestPassword)
    {
        var userName = $"{prefix}-{Guid.NewGuid():N}"[..24];
        var id = await app.Services.GetRequiredService<UserRepository>()
            .CreateAsync(userName, $"試験 {prefix}", role, "いわき", SignInService.HashPassword(password));
        Assert.NotNull(id);
        return userName;
    }

    public static async Task<int> UserIdAsync(this CallCenterAppFactory app, string userName) =>
        (await app.Services.GetRequiredService<UserRepository>().FindByNameAsync(userName))?.UserId
        ?? throw new InvalidOperationException($"No user {userName}.");

    public static async Task<(ApiKey Key, string Secret)> CreateApiKeyAsync(this CallCenterAppFactory app, ApiKeyScope scope) =>
        await app.Services.GetRequiredService<ApiKeyRepository>().CreateAsync($"test {scope} {Guid.NewGuid():N}"[..20], scope, "test");

    /// <summary>A plain SQL query against the app's database (checked there, not through the code under test).</summary>
    public static async Task<IReadOnlyList<T>> QueryAsync<T>(this CallCenterAppFactory app, string sql, object? parameters = null)
    {
        await using var connection = await app.Services.GetRequiredService<ConnectionFactory>().OpenAsync();
        return (await connection.QueryAsync<T>(sql, parameters)).AsList();
    }

    /// <summary>The user's sessions, newest first.</summary>
    public static Task<IReadOnlyList<SessionRow>> SessionsAsync(this CallCenterAppFactory app, string userName) =>
        app.QueryAsync<SessionRow>("""
            SELECT s.SessionId, s.EndedAt, s.EndReason
              FROM UserSessions s
              JOIN Users u ON u.UserId = s.UserId
             WHERE u.UserName = @userName
             ORDER BY s.CreatedAt DESC, s.rowid DESC
            """, new { userName });

    /// <summary>Audit rows of a user name (or of any name when null), oldest first.</summary>
    public static Task<IReadOnlyList<AuditRow>> AuditAsync(this CallCenterAppFactory app, string? userName, string action) =>
        app.QueryAsync<AuditRow>("""
            SELECT AuditId, UserId, UserName, Action, TargetType, TargetId, Details
              FROM AuditLog
             WHERE Action = @action
               AND (@userName IS NULL OR UserName = @userName)
             ORDER BY AuditId
            """, new { userName, action });
}

public sealed record SessionRow(string SessionId, string? EndedAt, string? EndReason);

public sealed record AuditRow(long AuditId, long? UserId, string? UserName, string Action, string? TargetType, string? TargetId, string? Details);
