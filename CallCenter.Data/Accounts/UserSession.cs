namespace CallCenter.Data.Accounts;

/// <summary>A signed-in session with its user's current state, as checked on every request.</summary>
public sealed record UserSession
{
    public required string SessionId { get; init; }
    public int UserId { get; init; }
    public string? Site { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime LastSeenAt { get; init; }
    public DateTime? EndedAt { get; init; }
    public string? EndReason { get; init; }
    public required string UserName { get; init; }
    public UserRole Role { get; init; }
    public bool IsDisabled { get; init; }
    public DateTime? PasswordChangedAt { get; init; }
}

/// <summary>Why a session ended.</summary>
public static class SessionEndReasons
{
    public const string SignOut = "sign-out";
    public const string Idle = "idle";
    public const string Disabled = "disabled";
    public const string PasswordChanged = "password";
}
