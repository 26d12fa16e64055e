using CallCenter.Data;
using CallCenter.Data.Database;
using CallCenter.Data.Demo;
using CallCenter.Web.Components;
using MudBlazor.Services;

namespace CallCenter.Web;

/// <summary>Builds the web application: services, middleware and endpoints.</summary>
public static class WebApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        // Serve MudBlazor's and Blazor's static files from the build output in every environment, not only in
        // Development (the app runs from `dotnet run` on machines with no publish step).
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddCallCenterData(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddCallCenterWeb(builder.Configuration);

        var app = builder.Build();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode();
        return app;
    }

    public static IServiceCollection AddCallCenterWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.Configure<TownOptions>(configuration.GetSection("Town"));
        return services;
    }

    /// <summary>
    /// Applies migrations, then seeds the demo town when <c>Demo:Seed</c> is true, the provider is SQLite and
    /// the register is empty. A SQL Server database is never seeded here: only `seed-demo` does that.
    /// </summary>
    public static async Task PrepareDatabaseAsync(WebApplication app)
    {
        var services = app.Services;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("CallCenter.Startup");
        var applied = services.GetRequiredService<Migrations>().Apply();
        if (applied.Applied.Count > 0)
        {
            logger.LogInformation("Applied migrations: {Scripts}", string.Join(", ", applied.Applied));
        }
        var options = services.GetRequiredService<DatabaseOptions>();
        var seed = app.Configuration.GetValue("Demo:Seed", true);
        if (seed && options.Provider == DatabaseProvider.Sqlite)
        {
            var result = await services.GetRequiredService<DemoTownSeeder>().SeedAsync(DemoOptions(app.Configuration));
            if (result.Seeded)
            {
                logger.LogInformation("{Message}", result.Message);
            }
        }
    }

    /// <summary>The demo options from configuration (<c>Demo:DisasterDate</c>, yyyy-MM-dd or empty).</summary>
    public static DemoSeedOptions DemoOptions(IConfiguration configuration)
    {
        var text = configuration["Demo:DisasterDate"];
        DateOnly? date = null;
        if (!string.IsNullOrWhiteSpace(text))
        {
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", out var parsed))
            {
                throw new InvalidOperationException($"Demo:DisasterDate must be yyyy-MM-dd, not '{text}'.");
            }
            date = parsed;
        }
        return new DemoSeedOptions(DisasterDate: date);
    }
}

/// <summary>The <c>Town</c> configuration section.</summary>
public sealed class TownOptions
{
    /// <summary>The town's name, shown in the title bar.</summary>
    public string Name { get; set; } = "汐見町";
}
