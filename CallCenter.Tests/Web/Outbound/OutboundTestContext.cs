using System.Globalization;
using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using CallCenter.Data;
using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Outbound;
using CallCenter.Data.Settings;
using CallCenter.Tests.Data;
using CallCenter.Tests.Data.Calls;
using CallCenter.Tests.Data.Outbound;
using CallCenter.Web;
using CallCenter.Web.Components.Pages.Outbound;
using CallCenter.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCenter.Tests.Web.Outbound;

/// <summary>
/// Base of the outbound pages' bUnit tests: a real, migrated SQLite file holding the town of
/// <see cref="OutboundTestData"/> and operators op1..op8, the services built by <c>AddCallCenterData</c>, a clock at
/// 10:30 on 2026-03-14 (Japan), and an interactive renderer as in the live app. Sign someone in with <see cref="SignIn"/>.
/// </summary>
public abstract class OutboundTestContext : MudTestContext
{
    private readonly BunitAuthorizationContext authorization;

    protected OutboundTestContext()
    {
        Db.Migrate();
        Services.AddSingleton<TimeProvider>(Clock);
        Services.AddCallCenterData(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:CallCenter"] = $"Data Source={Db.Path}" })
            .Build());
        Services.AddSingleton<AuditTrail>();
        Services.AddSingleton<CallCenter.Web.Security.TownAccess>();
        Services.AddScoped<OutboundDesk>();
        Services.AddScoped<CampaignBoard>();
        Services.AddScoped<CallCenter.Web.Components.Pages.Intentions.IntentionSummaryBoard>();
        Services.AddSingleton(Options.Create(new TownOptions { Name = "汐見町" }));
        authorization = AddAuthorization();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    protected TestDatabase.SqliteTestDatabase Db { get; } = TestDatabase.CreateSqlite();

    protected TestClock Clock { get; } = new(OutboundTestData.Start);

    /// <summary>op1..op8 (site 会津若松 for odd, いわき for even).</summary>
    protected List<OperatorContext> Ops { get; private set; } = null!;

    protected OutboundQueue Queue => new(Db.Connections, new SettingsRepository(Db.Connections), Clock);

    protected OutboundWorklist Worklist => new(Db.Connections, new SettingsRepository(Db.Connections), Clock);

    protected OutboundAttempts Attempts => new(Db.Connections, new SettingsRepository(Db.Connections), Clock);

    protected OutboundHouseholdView Households => new(Db.Connections);

    protected OutboundEscalations Escalations => new(Db.Connections, Clock);

    protected OutboundDistricts Districts => new(Db.Connections, Clock);

    protected OutboundLists Lists => new(Db.Connections, Clock);

    protected NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CallTestData.ImportAsync(Db.Connections, OutboundTestData.Register);
        Ops = await OutboundTestData.OperatorsAsync(Db.Connections, Clock, 8);
    }

    /// <summary>Signs <paramref name="who"/> in with the claims the app gives them (id, name, site, role).</summary>
    protected void SignIn(OperatorContext who, UserRole role = UserRole.Operator)
    {
        authorization.SetAuthorized(who.UserName!);
        authorization.SetRoles(role.ToString());
        authorization.SetClaims(
            new Claim(ClaimTypes.NameIdentifier, who.UserId!.Value.ToString(CultureInfo.InvariantCulture)),
            new Claim(CallCenterClaims.Site, who.Site!));
    }

    protected Task<int> IdAsync(string householdNo) => OutboundTestData.HouseholdIdAsync(Db.Connections, householdNo);

    /// <summary>Every audit row of one action, newest first.</summary>
    protected async Task<IReadOnlyList<AuditEntry>> AuditAsync(string action) =>
        (await new AuditRepository(Db.Connections, Clock).RecentAsync(1000)).Where(e => e.Action == action).ToList();

    protected static string TextOf<T>(IRenderedComponent<T> cut, string testId) where T : IComponent =>
        cut.Find($"[data-testid={testId}]").TextContent.Trim();

    protected override async ValueTask DisposeTestResourcesAsync()
    {
        await DisposeComponentsAsync();
        await Db.DisposeAsync();
    }
}
