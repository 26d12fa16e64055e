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
    public int FailedSignIns { get; init; }
    public DateTime? LockedUntil { get; init; }
    public DateTime? PasswordChangedAt { get; init; }
    public DateTime CreatedAt { get; init; }
}
