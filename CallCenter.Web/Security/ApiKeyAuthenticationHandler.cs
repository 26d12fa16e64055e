using System.Security.Claims;
using System.Text.Encodings.Web;
using CallCenter.Data.ApiKeys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CallCenter.Web.Security;

/// <summary>
/// Authenticates machine callers by the <c>X-Api-Key</c> header. No key, an unknown or a revoked key → 401;
/// a valid key without the endpoint's scope → 403. Both answers are JSON with a message.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyRepository keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values) || string.IsNullOrWhiteSpace(values.ToString()))
        {
            return AuthenticateResult.NoResult();
        }
        var key = await keys.FindActiveAsync(values.ToString().Trim(), Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("unknown or revoked API key");
        }
        await keys.RecordUseAsync(key, Context.RequestAborted);
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, key.ApiKeyId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, "api:" + key.Name),
            new Claim(CallCenterClaims.DisplayName, key.Name),
            new Claim(CallCenterClaims.ApiKeyId, key.ApiKeyId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(CallCenterClaims.Scope, key.Scope),
        ], SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        var message = Request.Headers.ContainsKey(HeaderName)
            ? "The API key is unknown or revoked."
            : $"An API key is required in the {HeaderName} header.";
        return Response.WriteAsJsonAsync(new { error = message });
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Response.WriteAsJsonAsync(new { error = "This API key's scope does not allow this call." });
    }
}
