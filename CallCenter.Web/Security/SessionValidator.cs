using System.Security.Claims;
using CallCenter.Data.Accounts;
using Microsoft.Extensions.Options;

namespace CallCenter.Web.Security;

/// <summary>
/// Decides whether a signed-in principal's session is still good: not signed out, not idle past the timeout,
/// user not disabled. Used on every HTTP request (cookie validation) and periodically by open pages.
/// </summary>
public sealed class SessionValidator(SessionRepository sessions, IOptions<SecurityOptions> options, TimeProvider time)
{
    // Touching the session on every request would be a write per request; every 30 seconds is plenty when
    // the timeout is measured in minutes. With a shorter timeout, a tenth of it: a session touched less often
    // than its timeout would end while its user is still working.
    private static readonly TimeSpan TouchEveryAtMost = TimeSpan.FromSeconds(30);

    private TimeSpan TouchEvery => TimeSpan.FromTicks(Math.Min(TouchEveryAtMost.Ticks, options.Value.IdleTimeout.Ticks / 10));

    /// <summary>Null when valid; otherwise why the session ended.</summary>
    public async Task<string?> ValidateAsync(ClaimsPrincipal user, bool recordActivity, CancellationToken cancellationToken = default)
    {
        var sessionId = user.SessionId();
        if (sessionId is null)
        {
            return SessionEndReasons.SignOut;
        }
        var session = await sessions.FindAsync(sessionId, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        if (session is null || session.EndedAt is not null)
        {
            return session?.EndReason ?? SessionEndReasons.SignOut;
        }
        if (session.IsDisabled)
        {
            await sessions.EndAsync(sessionId, SessionEndReasons.Disabled, cancellationToken);
            return SessionEndReasons.Disabled;
        }
        if (session.PasswordChangedAt is { } changed && changed > session.CreatedAt)
        {
            await sessions.EndAsync(sessionId, SessionEndReasons.PasswordChanged, cancellationToken);
            return SessionEndReasons.PasswordChanged;
        }
        if (now - session.LastSeenAt > options.Value.IdleTimeout)
        {
            await sessions.EndAsync(sessionId, SessionEndReasons.Idle, cancellationToken);
            return SessionEndReasons.Idle;
        }
        if (recordActivity && now - session.LastSeenAt > TouchEvery)
        {
            await sessions.TouchAsync(sessionId, cancellationToken);
        }
        return null;
    }
}
