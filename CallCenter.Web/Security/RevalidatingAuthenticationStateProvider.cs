using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace CallCenter.Web.Security;

/// <summary>
/// An open page (a Blazor circuit) has no HTTP requests to re-check its cookie, so it re-checks its session
/// every few seconds; when the session has ended (idle, signed out elsewhere, user disabled) the page loses
/// its sign-in and is sent to the sign-in page, which ends the circuit.
/// </summary>
public sealed class RevalidatingAuthenticationStateProvider(
    ILoggerFactory loggerFactory,
    IServiceScopeFactory scopes,
    IOptions<SecurityOptions> options) : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => options.Value.RevalidationInterval;

    /// <summary>Why this page's session ended (idle, signed out elsewhere, disabled), once it has.</summary>
    public string? EndReason { get; private set; }

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken)
    {
        if (state.User.Identity?.IsAuthenticated != true)
        {
            return true;
        }
        await using var scope = scopes.CreateAsyncScope();
        var validator = scope.ServiceProvider.GetRequiredService<SessionValidator>();
        // Activity is recorded by the page's own keep-alive (real input only), not by this timer.
        EndReason = await validator.ValidateAsync(state.User, recordActivity: false, cancellationToken);
        return EndReason is null;
    }
}
