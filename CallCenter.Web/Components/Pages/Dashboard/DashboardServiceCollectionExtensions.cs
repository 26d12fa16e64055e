namespace CallCenter.Web.Components.Pages.Dashboard;

public static class DashboardServiceCollectionExtensions
{
    /// <summary>
    /// The shared dashboard feed (one per app instance) and its options (<c>Dashboard:RefreshSeconds</c>).
    /// <see cref="CallCenter.Data.Dashboard.IDashboardSource"/> itself is registered by the data layer.
    /// </summary>
    public static IServiceCollection AddDashboardFeed(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DashboardFeedOptions>(configuration.GetSection("Dashboard"));
        services.AddSingleton<DashboardFeed>();
        services.AddHostedService(provider => provider.GetRequiredService<DashboardFeed>());
        return services;
    }
}
