using System.Globalization;
using CallCenter.Data;
using CallCenter.Data.Demo;
using CallCenter.Web.Api;
using CallCenter.Web.Components;
using CallCenter.Web.Components.Pages.Dashboard;
using CallCenter.Web.Security;
using CallCenter.Web.Startup;
using Microsoft.AspNetCore.Localization;
using MudBlazor.Services;

namespace CallCenter.Web;

/// <summary>Builds the web application: services, middleware and endpoints.</summary>
public static class WebApp
{
    /// <summary>The UI's culture: numbers, dates and sorting as a Japanese office expects.</summary>
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("ja-JP");

    public static WebApplication Build(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = Culture;
        CultureInfo.DefaultThreadCurrentUICulture = Culture;
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
        app.UseSecurityHeaders();
        app.UseApiErrors();
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(Culture),
            SupportedCultures = [Culture],
            SupportedUICultures = [Culture],
        });
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAuthentication();
        app.UseApiAudit();
        app.UseCallCenterRateLimits();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets().AllowAnonymous();
        app.MapAccountEndpoints();
        app.MapCallCenterApi();
        app.MapStaffExports();
        Public.PublicNoticeEndpoints.MapPublicNotices(app);
        Files.FileServiceCollectionExtensions.MapFilePages(app);
        Components.Pages.Audit.AuditExportEndpoint.MapAuditExport(app);
        // No per-message deflate on the circuit's WebSocket: render batches are small, and compressing them cost about
        // 5 % of the server's CPU under the capacity benchmark plus a zlib state per open page (docs/architecture.md,
        // Benchmarks). Our own CSP already forbids framing (SecurityHeaders), which is what Blazor's compression
        // default adds a header for.
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode(options => options.DisableWebSocketCompression = true);
        return app;
    }

    public static IServiceCollection AddCallCenterWeb(this IServiceCollection services, IConfiguration configuration)
    {
        // First: hosted services start in the order they were added, and Data Protection's (added with the
        // antiforgery services below) reads its key ring from the database, so the migrations must run before it.
        services.AddHostedService<DatabaseStartup>();
        services.AddHostedService<WalCheckpointService>();
        services.AddDashboardFeed(configuration);
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices(mud =>
        {
            Components.Layout.MessagePlacement.Configure(mud);
            Components.Layout.PopoverQueue.Configure(mud);
        });
        services.AddHttpContextAccessor();
        // JSON for other offices: Japanese stays readable instead of \uXXXX escapes (still valid JSON; never HTML).
        services.ConfigureHttpJsonOptions(options =>
            options.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All));
        services.Configure<TownOptions>(configuration.GetSection("Town"));
        services.AddCallCenterSecurity(configuration);
        Health.HealthEndpoints.AddCallCenterHealth(services, configuration);
        Files.FileServiceCollectionExtensions.AddFilePages(services, configuration);
        services.AddScoped<Components.Shared.CircuitConnection>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, Components.Shared.CircuitConnectionHandler>();
        services.AddScoped<Components.Pages.Approvals.PendingApprovalCount>();
        services.AddSingleton<Components.Shared.MenuCounts>();
        // The last search's birth date or year, per circuit, for the call form's wrong-person warning.
        services.AddScoped<Components.Pages.Residents.SearchContext>();
        services.AddScoped<Components.Pages.Outbound.OutboundDesk>();
        services.AddScoped<Components.Pages.Requests.RequestDesk>();
        services.AddScoped<Components.Pages.Outbound.CampaignBoard>();
        services.AddScoped<Components.Pages.Intentions.IntentionSummaryBoard>();
        services.AddScoped<Components.Pages.Accounts.UserAdministration>();
        services.AddScoped<Components.Pages.Imports.RegisterImport>();
        services.AddScoped<Components.Pages.Calls.RequestLists>();
        services.AddScoped<Components.Pages.Residents.HouseholdRequestsDesk>();
        services.AddScoped<Components.Pages.Intentions.IntentionDesk>();
        services.AddScoped<Components.Pages.Mailing.MailingAddressDesk>();
        services.AddTransient<Components.Shared.SaveGuard>();
        return services;
    }

    /// <summary>
    /// The demo options from configuration: <c>Demo:DisasterDate</c> (yyyy-MM-dd or empty) and <c>Demo:Towns</c> (how many
    /// towns to seed, 1 to 8; default 1).
    /// </summary>
    public static DemoSeedOptions DemoOptions(IConfiguration configuration)
    {
        var text = configuration["Demo:DisasterDate"];
        DateOnly? date = null;
        if (!string.IsNullOrWhiteSpace(text))
        {
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                throw new InvalidOperationException($"Demo:DisasterDate must be yyyy-MM-dd, not '{text}'.");
            }
            date = parsed;
        }
        var towns = configuration.GetValue("Demo:Towns", 1);
        if (towns is < 1 or > DemoTowns.Max)
        {
            throw new InvalidOperationException($"Demo:Towns must be 1 to {DemoTowns.Max}, not {towns}.");
        }
        return new DemoSeedOptions(DisasterDate: date, Towns: towns);
    }
}

/// <summary>The <c>Town</c> configuration section.</summary>
public sealed class TownOptions
{
    /// <summary>The town's name, shown in the title bar; the first town of the database takes it (<c>Towns</c>).</summary>
    public string Name { get; set; } = "汐見町";

    /// <summary>
    /// The town's 6-digit 全国地方公共団体コード (check digit included). The first town of the database takes it when it
    /// has none yet (a database from before towns existed); later towns are added with <c>add-town</c>.
    /// </summary>
    public string? Code { get; set; }

    /// <summary>
    /// The joint center's name for the title bar when several towns exist (e.g. 双葉郡支援センター); without it the title
    /// reads 「合同 安否情報コールセンター（N町村）」. A single-town installation shows <see cref="Name"/> as before.
    /// </summary>
    public string? CenterName { get; set; }

    /// <summary>The call center's sites (offices), for accounts and filters.</summary>
    public string[] Sites { get; set; } = ["会津若松", "いわき"];
}
