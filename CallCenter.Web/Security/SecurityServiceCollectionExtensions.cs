using CallCenter.Data.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using UserRole = CallCenter.Data.Accounts.UserRole;

namespace CallCenter.Web.Security;

/// <summary>Sign-in, roles, API keys, shared Data Protection keys.</summary>
public static class SecurityServiceCollectionExtensions
{
    public const string CookieName = "CallCenter.Auth";

    /// <summary>The <c>HttpContext.Items</c> key holding why this request's session was found ended.</summary>
    public const string SessionEndedItem = "cc:session-ended";

    public static IServiceCollection AddCallCenterSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SecurityOptions>(configuration.GetSection("Security"));
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<TownAccess>();
        services.AddSingleton<SessionValidator>();
        services.AddScoped<SignInService>();
        services.TryAddSingleton<IPasswordHasher<CallCenter.Data.Accounts.UserAccount>, PasswordHasher<CallCenter.Data.Accounts.UserAccount>>();
        services.AddSingleton<AnonymousApiTally>();
        services.AddHostedService<AnonymousApiTallyService>();
        services.AddCallCenterRateLimits(configuration);

        // Every instance on the same database shares one key ring, so any of them accepts the cookie and
        // antiforgery tokens another issued. The keys are sealed (a certificate, or the key file outside the
        // database) before they are stored: a copy of the database alone cannot forge a cookie.
        var dataProtection = services.AddDataProtection().SetApplicationName("CallCenter");
        var certificate = KeyRingProtection.LoadCertificate(configuration);
        if (certificate is not null)
        {
            dataProtection.ProtectKeysWithCertificate(certificate);
        }
        services.AddSingleton(sp => new KeyRingProtection(certificate, configuration, sp.GetRequiredService<IHostEnvironment>(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddOptions<KeyManagementOptions>()
            .Configure<DatabaseXmlRepository, KeyRingProtection>((options, repository, protection) =>
            {
                options.XmlRepository = repository;
                options.XmlEncryptor = protection.Encryptor;
            });

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, options =>
            {
                options.Cookie.Name = CookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.LoginPath = "/account/sign-in";
                options.LogoutPath = "/account/sign-out";
                options.AccessDeniedPath = "/account/forbidden";
                options.ReturnUrlParameter = "returnUrl";
                // The session (in the database) enforces the idle timeout; the cookie itself lives for a shift
                // and is a browser-session cookie, gone when the browser closes.
                options.ExpireTimeSpan = TimeSpan.FromHours(12);
                options.SlidingExpiration = false;
                options.Events.OnValidatePrincipal = ValidatePrincipalAsync;
                // A request whose session was just found idle is sent to sign in with the idle message.
                var redirectToSignIn = options.Events.OnRedirectToLogin;
                options.Events.OnRedirectToLogin = context =>
                {
                    if (context.HttpContext.Items[SessionEndedItem] as string == SessionEndReasons.Idle)
                    {
                        context.RedirectUri = QueryHelpers.AddQueryString(context.RedirectUri, "reason", "idle");
                    }
                    return redirectToSignIn(context);
                };
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Operator, p => p.RequireRole(Policies.RolesFor(UserRole.Operator)))
            .AddPolicy(Policies.Supervisor, p => p.RequireRole(Policies.RolesFor(UserRole.Supervisor)))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Policies.RolesFor(UserRole.Admin)))
            .AddPolicy(Policies.ApiKey, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireClaim(CallCenterClaims.ApiKeyId))
            .AddPolicy(Policies.ApiRead, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireClaim(CallCenterClaims.Scope, "read"))
            .AddPolicy(Policies.ApiExport, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireClaim(CallCenterClaims.Scope, "export"));

        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingAuthenticationStateProvider>();
        return services;
    }

    private static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is null)
        {
            return;
        }
        var validator = context.HttpContext.RequestServices.GetRequiredService<SessionValidator>();
        // The keep-alive request is what real input on an open page sends; other requests count as activity too.
        var reason = await validator.ValidateAsync(context.Principal, recordActivity: true, context.HttpContext.RequestAborted);
        if (reason is not null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            context.HttpContext.Items[SessionEndedItem] = reason;
        }
    }

    /// <summary>The idle timeout in seconds, for the page script that watches for input.</summary>
    public static int IdleSeconds(this IOptions<SecurityOptions> options) => (int)Math.Ceiling(options.Value.IdleTimeout.TotalSeconds);
}
