using CallCenter.Tests.Browser;
using CallCenter.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Security;

/// <summary>
/// TEST ONLY: the real app plus one endpoint that requires an export-scoped key, because the app has no
/// scope-restricted endpoint yet and the 403 path (a valid key of the wrong scope) must still be proven.
/// The probe runs ahead of the app's pipeline in its own branch, with the app's own authentication
/// schemes and policies; nothing of it exists outside this factory.
/// </summary>
public sealed class ApiProbeAppFactory : CallCenterAppFactory
{
    public const string ExportProbePath = "/api/test-only/export-probe";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, ExportProbe>());
    }

    private sealed class ExportProbe : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseWhen(context => context.Request.Path == ExportProbePath, branch =>
            {
                branch.UseRouting();
                branch.UseAuthentication();
                branch.UseAuthorization();
                branch.UseEndpoints(endpoints => endpoints
                    .MapGet(ExportProbePath, () => Results.Ok(new { exported = true }))
                    .RequireAuthorization(Policies.ApiExport));
            });
            next(app);
        };
    }
}
