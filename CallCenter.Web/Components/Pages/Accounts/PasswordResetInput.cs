using CallCenter.Web.Security;

namespace CallCenter.Web.Components.Pages.Accounts;

/// <summary>The new password an admin types for another user, and its checks.</summary>
public sealed class PasswordResetInput
{
    /// <summary>The error key of the password field.</summary>
    public const string PasswordField = "ResetPassword";

    /// <summary>The error key of the confirmation field.</summary>
    public const string ConfirmField = "ResetConfirm";

    public string? Password { get; set; }
    public string? Confirm { get; set; }

    /// <summary>The first problem in Japanese, by field (empty when the password can be set).</summary>
    public Dictionary<string, string> Check(string userName, SecurityOptions security)
    {
        if (SignInService.CheckPasswordPolicy(Password, userName, security) is { } policy)
        {
            return new() { [PasswordField] = policy };
        }
        return Password != Confirm ? new() { [ConfirmField] = "確認のパスワードが一致しません。" } : [];
    }
}
