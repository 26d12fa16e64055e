using CallCenter.Data.Dashboard;
using CallCenter.Web;
using CallCenter.Web.Dashboard;
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
        var auth = AddAuthorization();
        auth.SetAuthorized("supervisor");
        auth.SetRoles("Supervisor");
    }

    protected FakeDashboardSource Source { get; } = new();
}
