using CallCenter.Data.Accounts;
using CallCenter.Data.Common;
using CallCenter.Web.Security;

namespace CallCenter.Web.Components.Pages.Accounts;

/// <summary>What the admin types into 「ユーザーを追加」, and the checks it must pass before an account is created.</summary>
public sealed class NewUserInput
{
    /// <summary>The site select's value for 「（なし）」.</summary>
    public const string NoSite = "";

    public string? UserName { get; set; }
    public string? DisplayName { get; set; }
    public UserRole Role { get; set; } = UserRole.Operator;
    public string Site { get; set; } = NoSite;
    public string? Password { get; set; }
    public string? Confirm { get; set; }

    /// <summary>The towns ticked (several towns only; none: every town). Checked against the admin's own towns by <see cref="TownGrants"/>.</summary>
    public IReadOnlyCollection<int> Towns { get; set; } = [];

    /// <summary>The user name as it is stored (trimmed, lower case).</summary>
    public string NormalizedUserName => UserRepository.NormalizeName(UserName ?? "");

    public string TrimmedDisplayName => (DisplayName ?? "").Trim();

    /// <summary>The chosen site, or null for 「（なし）」.</summary>
    public string? SiteOrNull => string.IsNullOrEmpty(Site) ? null : Site;

    /// <summary>The fields' problems in Japanese, by property name (empty when the account can be created).</summary>
    public Dictionary<string, string> Check(SecurityOptions security)
    {
        var errors = new Dictionary<string, string>();
        var userName = NormalizedUserName;
        var displayName = TrimmedDisplayName;
        if (userName.Length == 0)
        {
            errors[nameof(UserName)] = "ユーザー名を入力してください。";
        }
        else if (userName.Length > 50 || userName.Any(char.IsWhiteSpace))
        {
            errors[nameof(UserName)] = "ユーザー名は空白を含まない50文字以内にしてください。";
        }
        else if (TextSafety.FieldProblem("ユーザー名", userName) is { } unsafeUserName)
        {
            errors[nameof(UserName)] = unsafeUserName;
        }
        if (displayName.Length == 0)
        {
            errors[nameof(DisplayName)] = "表示名を入力してください。";
        }
        else if (displayName.Length > 100)
        {
            errors[nameof(DisplayName)] = "表示名は100文字以内にしてください。";
        }
        else if (TextSafety.FieldProblem("表示名", displayName) is { } unsafeName)
        {
            errors[nameof(DisplayName)] = unsafeName;
        }
        if (SignInService.CheckPasswordPolicy(Password, userName.Length > 0 ? userName : null, security) is { } policy)
        {
            errors[nameof(Password)] = policy;
        }
        else if (Password != Confirm)
        {
            errors[nameof(Confirm)] = "確認のパスワードが一致しません。";
        }
        return errors;
    }
}
