using System.Globalization;
using System.Security.Claims;
using Bunit;
using CallCenter.Data;
using CallCenter.Data.Accounts;
using CallCenter.Data.ApiKeys;
using CallCenter.Data.Audit;
using CallCenter.Data.Residents;
using CallCenter.Tests.Data;
using CallCenter.Web;
using CallCenter.Web.Components.Pages.Accounts;
using CallCenter.Web.Components.Pages.Imports;
using CallCenter.Web.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCenter.Tests.Web;

/// <summary>
/// The admin pages over a real, migrated SQLite file with the real repositories, rendered for a signed-in
/// admin ("admin", id <see cref="AdminId"/>).
/// </summary>
public abstract class AdminPageTestContext : MudTestContext
{
    protected AdminPageTestContext()
    {
        Db.Migrate();
        Services.AddCallCenterData(Db.Configuration);
        Services.AddSingleton<AuditTrail>();
        // The admin pages' own services, as WebApp registers them.
        Services.AddScoped<UserAdministration>();
        Services.AddScoped<RegisterImport>();
        Services.AddSingleton(Options.Create(new SecurityOptions()));
        Services.AddSingleton(Options.Create(new TownOptions()));
        Services.AddSingleton<TownAccess>();

        AdminId = Users.CreateAsync("admin", "管理 太郎", UserRole.Admin, "会津若松", SignInService.HashPassword("admin-password-1"))
            .GetAwaiter().GetResult() ?? throw new InvalidOperationException("admin not created");
        var auth = AddAuthorization();
        auth.SetAuthorized("admin");
        auth.SetRoles(nameof(UserRole.Admin));
        auth.SetClaims(
            new Claim(ClaimTypes.NameIdentifier, AdminId.ToString(CultureInfo.InvariantCulture)),
            new Claim(CallCenterClaims.Site, "会津若松"));
    }

    protected TestDatabase.SqliteTestDatabase Db { get; } = TestDatabase.CreateSqlite();

    protected int AdminId { get; }

    protected UserRepository Users => new(Db.Connections, TimeProvider.System);

    protected AuditRepository AuditLog => new(Db.Connections, TimeProvider.System);

    protected override ValueTask DisposeTestResourcesAsync() => Db.DisposeAsync();

    /// <summary>Every audit row, newest first.</summary>
    protected async Task<IReadOnlyList<AuditEntry>> AuditRowsAsync() => await AuditLog.RecentAsync(take: 1000);

    protected static void Type<T>(IRenderedComponent<T> cut, string testId, string value) where T : Microsoft.AspNetCore.Components.IComponent =>
        cut.Find($"input[data-testid={testId}]").Input(value);

    protected static string TextOf<T>(IRenderedComponent<T> cut, string testId) where T : Microsoft.AspNetCore.Components.IComponent =>
        cut.Find($"[data-testid={testId}]").TextContent.Trim();
}
