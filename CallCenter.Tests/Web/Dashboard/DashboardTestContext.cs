using CallCenter.Data.Dashboard;
using CallCenter.Tests.Data;
using CallCenter.Web;
using CallCenter.Web.Components.Pages.Dashboard;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCenter.Tests.Web.Dashboard;

/// <summary>The dashboard pages over <see cref="FakeDashboardSource"/> and a real (unstarted) feed, for a supervisor.</summary>
public abstract class DashboardTestContext : MudTestContext
{
    protected DashboardTestContext()
    {
        Services.AddSingleton<IDashboardSource>(Source);
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton(Options.Create(new TownOptions()));
        Services.AddSingleton(new DashboardFeed(Source, Options.Create(new DashboardFeedOptions()), TimeProvider.System,
            NullLogger<DashboardFeed>.Instance));
        // The list page audits what it shows; a real audit log on a temporary SQLite file.
        Database.Migrate();
        Services.AddSingleton(new CallCenter.Web.Security.AuditTrail(new CallCenter.Data.Audit.AuditRepository(Database.Connections, TimeProvider.System)));
        var auth = AddAuthorization();
        auth.SetAuthorized("supervisor");
        auth.SetRoles("Supervisor");
    }

    protected FakeDashboardSource Source { get; } = new();

    protected TestDatabase Database { get; } = TestDatabase.CreateSqlite();

    protected override ValueTask DisposeTestResourcesAsync() => Database.DisposeAsync();
}
