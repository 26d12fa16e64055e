using System.Security.Claims;
using CallCenter.Data;
using CallCenter.Data.Audit;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;
using CallCenter.Tests.Data;
using CallCenter.Web;
using CallCenter.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCenter.Tests.Web.Residents;

/// <summary>
/// Base of the operator console's bUnit tests: a real, migrated SQLite file, the repositories the pages use,
/// a signed-in operator with a session id, and an interactive (Server) renderer as in the live app.
/// </summary>
public abstract class ConsoleTestContext : MudTestContext
{
    public const string SessionId = "session-test-1";

    /// <param name="connectionStringSuffix">Added to the pages' connection string (e.g. a short busy timeout for fault tests).</param>
    protected ConsoleTestContext(string? connectionStringSuffix = null)
    {
        Db.Migrate();
        Services.AddCallCenterData(connectionStringSuffix is null ? Db.Configuration : Db.ConfigurationWith(connectionStringSuffix));
        Services.AddScoped<CallCenter.Web.Components.Shared.CircuitConnection>();
        Services.AddSingleton<AuditTrail>();
        Services.AddScoped<CallCenter.Web.Components.Pages.Calls.RequestLists>();
        Services.AddScoped<CallCenter.Web.Components.Pages.Residents.HouseholdRequestsDesk>();
        Services.AddSingleton(Options.Create(new TownOptions { Name = "汐見町" }));
        Services.AddScoped<CallCenter.Web.Components.Pages.Intentions.IntentionDesk>();
        Services.AddScoped<CallCenter.Web.Components.Pages.Mailing.MailingAddressDesk>();
        var authorization = AddAuthorization();
        authorization.SetAuthorized("test-operator");
        authorization.SetRoles("Operator");
        authorization.SetClaims(
            new Claim(CallCenterClaims.SessionId, SessionId),
            new Claim(CallCenterClaims.DisplayName, "試験 オペレーター"),
            new Claim(CallCenterClaims.Site, "会津若松"));
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    protected TestDatabase.SqliteTestDatabase Db { get; } = TestDatabase.CreateSqlite();

    protected NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    protected Task SeedAsync() => SampleTown.SeedAsync(Db.Connections, TimeProvider.System);

    protected async Task<IReadOnlyList<AuditEntry>> AuditAsync(string action) =>
        (await new AuditRepository(Db.Connections, TimeProvider.System).RecentAsync(500)).Where(e => e.Action == action).ToList();

    protected Task<int> IdAsync(string residentNo) => SampleTown.IdAsync(new ResidentRepository(Db.Connections), residentNo);

    // Pages first (the resident page says goodbye to the database when it closes), then the file.
    protected override async ValueTask DisposeTestResourcesAsync()
    {
        await DisposeComponentsAsync();
        await Db.DisposeAsync();
    }
}
