using System.Globalization;
using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using CallCenter.Data.Accounts;
using CallCenter.Data.Approvals;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Database;
using CallCenter.Data.Residents;
using CallCenter.Tests.Data.Calls;
using CallCenter.Web.Security;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Calls;

/// <summary>
/// The set-up the call-form test classes share: the page's web services (the data layer comes from
/// <c>AddCallCenterData</c>), the five-member household and the operator 会津 一子 signed in at 会津若松.
/// </summary>
internal static class CallFormTestSetup
{
    /// <summary>The call form's web services; the data layer is registered by <c>AddCallCenterData</c>.</summary>
    public static void AddCallFormServices(this IServiceCollection services)
    {
        services.AddSingleton<AuditTrail>();
        services.AddScoped<CallCenter.Web.Components.Pages.Residents.SearchContext>();
        services.AddScoped<CallCenter.Web.Components.Pages.Calls.RequestLists>();
        services.AddScoped<CallCenter.Web.Components.Pages.Intentions.IntentionDesk>();
        services.AddScoped<CallCenter.Web.Components.Pages.Mailing.MailingAddressDesk>();
        Microsoft.Extensions.DependencyInjection.Extensions.ServiceCollectionDescriptorExtensions.TryAddSingleton<CallCenter.Web.Security.TownAccess>(services);
    }

    /// <summary>Imports the five-member register, creates the operator and signs them in; returns their user id.</summary>
    public static async Task<int> SignInOperatorAsync(ConnectionFactory connections, BunitAuthorizationContext auth)
    {
        await CallTestData.ImportAsync(connections, CallTestData.FiveMemberRegister);
        var operatorId = (await CallTestData.StaffAsync(connections, TimeProvider.System, "op-aizu", "会津 一子", UserRole.Operator, "会津若松")).UserId!.Value;
        auth.SetAuthorized("op-aizu");
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, operatorId.ToString(CultureInfo.InvariantCulture)),
            new Claim(CallCenterClaims.Site, "会津若松"));
        return operatorId;
    }

    /// <summary>Picks a wrap-up code (要件) by its label, as a click on its chip does.</summary>
    public static void ChooseWrapUp(this IRenderedComponent<CallCenter.Web.Components.Pages.Calls.RecordCallPage> cut, string label = "安否報告") =>
        cut.FindAll("[data-testid=wrap-up-option]").Single(o => o.TextContent.Contains(label, StringComparison.Ordinal))
            .QuerySelector("input")!.Change("on");
}
