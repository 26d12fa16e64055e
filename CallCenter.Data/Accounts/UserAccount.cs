namespace CallCenter.Data.Accounts;

/// <summary>A staff account.</summary>
public sealed record UserAccount
{
    public int UserId { get; init; }
    public required string UserName { get; init; }
    public required string DisplayName { get; init; }
    public UserRole Role { get; init; }
    public string? Site { get; init; }
    public required string PasswordHash { get; init; }
    public bool IsDisabled { get; init; }
    // FailedSignIns and LockedUntil are the account-wide lock-out of before migration 0009, kept as columns (dropping
    // them on SQL Server would need their constraints dropped first) but no longer written: lock-outs are counted per
    // user name and client address in SignInFailures (SignInFailureRepository).
    public int FailedSignIns { get; init; }
    public DateTime? LockedUntil { get; init; }
    public DateTime? PasswordChangedAt { get; init; }
    public DateTime CreatedAt { get; init; }
}
