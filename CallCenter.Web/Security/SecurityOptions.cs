namespace CallCenter.Web.Security;

/// <summary>The <c>Security</c> configuration section.</summary>
public sealed class SecurityOptions
{
    /// <summary>Failed sign-ins in a row before the account locks (<c>Security:MaxFailedSignIns</c>).</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long a locked account stays locked (<c>Security:LockoutMinutes</c>).</summary>
    public double LockoutMinutes { get; set; } = 15;

    /// <summary>Idle time after which a session is signed out (<c>Security:IdleTimeoutMinutes</c>).</summary>
    public double IdleTimeoutMinutes { get; set; } = 30;

    /// <summary>Shortest password accepted (<c>Security:MinPasswordLength</c>).</summary>
    public int MinPasswordLength { get; set; } = 10;

    public TimeSpan IdleTimeout => TimeSpan.FromMinutes(IdleTimeoutMinutes);

    public TimeSpan Lockout => TimeSpan.FromMinutes(LockoutMinutes);

    /// <summary>How often an open page re-checks its session: often enough to end it soon after the timeout.</summary>
    public TimeSpan RevalidationInterval =>
        TimeSpan.FromSeconds(Math.Clamp(IdleTimeout.TotalSeconds / 4, 1, 30));
}
