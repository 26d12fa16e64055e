namespace CallCenter.Data.Accounts;

/// <summary>A staff account.</summary>
public sealed record UserAccount
{
    /// <summary>The account's id.</summary>
    public int UserId { get; init; }
    /// <summary>The sign-in name (lower case).</summary>
    public required string UserName { get; init; }
    /// <summary>The name shown to others (表示名), e.g. 会津 一子.</summary>
    public required string DisplayName { get; init; }
    /// <summary>What the staff member may do.</summary>
    public UserRole Role { get; init; }
    /// <summary>The site (拠点) the staff member works from.</summary>
    public string? Site { get; init; }
    /// <summary>The password's hash (ASP.NET Core Identity format); never the password.</summary>
    public required string PasswordHash { get; init; }
    /// <summary>An admin has disabled the account: it cannot sign in.</summary>
    public bool IsDisabled { get; init; }
    // FailedSignIns and LockedUntil are the account-wide lock-out of before migration 0009, kept as columns (dropping
    // them on SQL Server would need their constraints dropped first) but no longer written: lock-outs are counted per
    // user name and client address in SignInFailures (SignInFailureRepository).
    /// <summary>Unused since migration 0009 (see above).</summary>
    public int FailedSignIns { get; init; }
    /// <summary>Unused since migration 0009 (see above).</summary>
    public DateTime? LockedUntil { get; init; }
    /// <summary>When the password was last set (UTC): sessions started before it end.</summary>
    public DateTime? PasswordChangedAt { get; init; }
    /// <summary>When the account was created (UTC).</summary>
    public DateTime CreatedAt { get; init; }
    /// <summary>The department (担当課) the account belongs to, or null (migration 0015).</summary>
    public int? DepartmentId { get; init; }
}

/// <summary>
/// An account to create (<see cref="UserRepository.CreateAsync(NewAccount, Calls.OperatorContext, string, CancellationToken)"/>).
/// </summary>
/// <param name="UserName">The sign-in name (stored trimmed, in lower case).</param>
/// <param name="DisplayName">The name shown to others (表示名).</param>
/// <param name="Role">What the staff member may do.</param>
/// <param name="Site">The site (拠点), or null.</param>
/// <param name="PasswordHash">The password's hash; never the password.</param>
/// <param name="Towns">The towns the account may see (<see cref="Towns.TownScope.All"/>: every town, no UserTowns rows).</param>
/// <param name="DepartmentId">The department (担当課), or null.</param>
public sealed record NewAccount(string UserName, string DisplayName, UserRole Role, string? Site, string PasswordHash, Towns.TownScope Towns,
    int? DepartmentId = null)
{
    /// <summary>Throws <see cref="Common.UnsafeTextException"/> for a name holding a control or bidirectional character.</summary>
    internal void EnsureSafeText() => Common.TextSafety.Ensure(("ユーザー名", UserName), ("表示名", DisplayName), ("拠点", Site));
}
