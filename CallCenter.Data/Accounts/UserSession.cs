namespace CallCenter.Data.Accounts;

/// <summary>A signed-in session with its user's current state, as checked on every request.</summary>
public sealed record UserSession
{
    /// <summary>The session's random id, held in the sign-in cookie.</summary>
    public required string SessionId { get; init; }
    /// <summary>The staff member signed in.</summary>
    public int UserId { get; init; }
    /// <summary>The site (拠点) signed in from.</summary>
    public string? Site { get; init; }
    /// <summary>When the session started (UTC).</summary>
    public DateTime CreatedAt { get; init; }
    /// <summary>When the session was last used (UTC): for the idle time-out.</summary>
    public DateTime LastSeenAt { get; init; }
    /// <summary>When it ended (UTC), or null while it is active.</summary>
    public DateTime? EndedAt { get; init; }
    /// <summary>Why it ended: one of <see cref="SessionEndReasons"/>.</summary>
    public string? EndReason { get; init; }
    /// <summary>The account's user name.</summary>
    public required string UserName { get; init; }
    /// <summary>The account's current role.</summary>
    public UserRole Role { get; init; }
    /// <summary>The account is disabled now.</summary>
    public bool IsDisabled { get; init; }
    /// <summary>When the account's password was last set (UTC).</summary>
    public DateTime? PasswordChangedAt { get; init; }
}

/// <summary>Why a session ended.</summary>
public static class SessionEndReasons
{
    /// <summary>The staff member signed out.</summary>
    public const string SignOut = "sign-out";
    /// <summary>Unused past the idle time-out.</summary>
    public const string Idle = "idle";
    /// <summary>An admin disabled the account.</summary>
    public const string Disabled = "disabled";
    /// <summary>The password was changed or reset.</summary>
    public const string PasswordChanged = "password";
}
