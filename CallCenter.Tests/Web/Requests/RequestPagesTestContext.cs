using System.Globalization;
using System.Security.Claims;
using Bunit.TestDoubles;
using CallCenter.Data;
using CallCenter.Data.Accounts;
using CallCenter.Data.Calls;
using CallCenter.Tests.Data;
using CallCenter.Tests.Data.Calls;
using CallCenter.Tests.Data.Requests;
using CallCenter.Web.Components.Pages.Requests;
using CallCenter.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Requests;

/// <summary>
/// The requests pages over a real SQLite file: the five-member household and its neighbour, a clerk of 健康介護課, an
/// operator with no department and a supervisor; four requests (two of them the clerk's department's).
/// </summary>
public abstract class RequestPagesTestContext : MudTestContext
{
    protected readonly TestDatabase.SqliteTestDatabase Db = TestDatabase.CreateSqlite();
    protected readonly BunitAuthorizationContext Auth;
    protected OperatorContext Clerk = null!;
    protected OperatorContext Plain = null!;
    protected OperatorContext Supervisor = null!;
    protected long UrgentBed;
    protected long Housing;
    protected long Tax;

    protected RequestPagesTestContext()
    {
        Db.Migrate();
        Services.AddCallCenterData(Db.Configuration);
        Services.AddScoped<RequestDesk>();
        Services.AddSingleton<TownAccess>();
        Auth = AddAuthorization();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public override async Task InitializeAsync()
    {
        await CallTestData.ImportAsync(Db.Connections, CallTestData.FiveMemberRegister);
        Clerk = await CallTestData.StaffAsync(Db.Connections, TimeProvider.System, "kenko", "健康 花子", UserRole.Operator, "会津若松");
        Plain = await CallTestData.StaffAsync(Db.Connections, TimeProvider.System, "op", "受付 一郎", UserRole.Operator, "いわき");
        Supervisor = await CallTestData.StaffAsync(Db.Connections, TimeProvider.System, "sv", "監督 三郎", UserRole.Supervisor, "会津若松");
        await RequestTestData.SetDepartmentAsync(Db.Connections, Clerk.UserId!.Value, RequestTestData.HealthAndCare);
        var now = DateTime.UtcNow;
        UrgentBed = await RequestTestData.AddAsync(Db.Connections, "KH01", "K0001", 5, RequestTestData.HealthAndCare, true, "介護ベッドを借りたい", now.AddDays(-3));
        Housing = await RequestTestData.AddAsync(Db.Connections, "KH01", null, 1, RequestTestData.HealthAndCare, false, "仮設住宅に移りたい", now.AddDays(-1));
        Tax = await RequestTestData.AddAsync(Db.Connections, "KH02", "K0101", 6, 3, false, "固定資産税の減免", now.AddDays(-2));
        await RequestTestData.AddAsync(Db.Connections, "KH01", "K0005", 3, RequestTestData.Reconstruction, false, "転校の手続き", now.AddDays(-40));
    }

    protected override ValueTask DisposeTestResourcesAsync() => Db.DisposeAsync();

    protected NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    /// <summary>Signs in as one of the accounts with its role's policies.</summary>
    protected void SignInAs(OperatorContext who, UserRole role)
    {
        Auth.SetAuthorized(who.UserName!);
        Auth.SetRoles(role.ToString());
        Auth.SetPolicies(role >= UserRole.Supervisor ? [Policies.Operator, Policies.Supervisor] : [Policies.Operator]);
        Auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, who.UserId!.Value.ToString(CultureInfo.InvariantCulture)));
    }
}
