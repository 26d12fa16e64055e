using CallCenter.Data;
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
        // The data layer as the app registers it, on a temporary SQLite file; the one override is the dashboard's
        // source, a fake whose figures each test sets.
        Database.Migrate();
        Services.AddCallCenterData(Database.Configuration);
        Services.AddSingleton<IDashboardSource>(Source);
        Services.AddSingleton(Options.Create(new TownOptions()));
        Services.AddSingleton(new DashboardFeed(Source, Options.Create(new DashboardFeedOptions()), TimeProvider.System,
            NullLogger<DashboardFeed>.Instance));
        // The list page audits what it shows, in the real audit log.
        Services.AddSingleton<CallCenter.Web.Security.AuditTrail>();
        Services.AddSingleton<CallCenter.Web.Security.TownAccess>();
        var auth = AddAuthorization();
        auth.SetAuthorized("supervisor");
        auth.SetRoles("Supervisor");
    }

    protected FakeDashboardSource Source { get; } = new();

    protected TestDatabase Database { get; } = TestDatabase.CreateSqlite();

    protected override ValueTask DisposeTestResourcesAsync() => Database.DisposeAsync();
}
