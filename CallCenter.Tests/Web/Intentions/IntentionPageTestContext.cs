using System.Globalization;
using System.Security.Claims;
using Bunit.TestDoubles;
using CallCenter.Data;
using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Tests.Data;
using CallCenter.Tests.Data.Calls;
using CallCenter.Web.Components.Pages.Intentions;
using CallCenter.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Intentions;

/// <summary>The intention pages over a real SQLite file with the five-member register, a supervisor signed in.</summary>
public abstract class IntentionPageTestContext : MudTestContext
{
    private readonly BunitAuthorizationContext auth;

    protected IntentionPageTestContext()
    {
        Db.Migrate();
        Services.AddCallCenterData(Db.Configuration);
        Services.AddSingleton<AuditTrail>();
        Services.AddSingleton<CallCenter.Web.Security.TownAccess>();
        Services.AddScoped<IntentionDesk>();
        Services.AddScoped<CallCenter.Web.Components.Pages.Mailing.MailingAddressDesk>();
        Services.AddSingleton<CallCenter.Web.Security.TownAccess>();
        auth = AddAuthorization();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    protected TestDatabase.SqliteTestDatabase Db { get; } = TestDatabase.CreateSqlite();

    protected OperatorContext Supervisor { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await CallTestData.ImportAsync(Db.Connections, CallTestData.FiveMemberRegister);
        Supervisor = await CallTestData.StaffAsync(Db.Connections, TimeProvider.System, "sv-aizu", "責任者 三郎", UserRole.Supervisor, "会津若松");
        auth.SetAuthorized("sv-aizu");
        auth.SetRoles(nameof(UserRole.Supervisor));
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, Supervisor.UserId!.Value.ToString(CultureInfo.InvariantCulture)), new Claim(CallCenterClaims.Site, "会津若松"));
    }

    protected override ValueTask DisposeTestResourcesAsync() => Db.DisposeAsync();

    /// <summary>The audit rows of an action, oldest first.</summary>
    protected async Task<IReadOnlyList<string?>> AuditAsync(string action) =>
        [.. (await new AuditRepository(Db.Connections, TimeProvider.System).RecentAsync(100)).Where(e => e.Action == action).Reverse().Select(e => e.Details)];
}
