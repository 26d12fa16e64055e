using System.Security.Claims;
using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Web.Security;

namespace CallCenter.Web.Components.Pages.Accounts;

/// <summary>What the users page does with the data: the user list and its locks, and each change with its audit row and message.</summary>
public sealed class UserAdministration(UserRepository users, SessionRepository sessions, SignInFailureRepository signInFailures, AuditTrail audit,
    TimeProvider time, CallCenter.Data.Requests.Departments departments)
{
    /// <summary>Every department (担当課), retired ones too (an account may still belong to one).</summary>
    public Task<IReadOnlyList<CallCenter.Data.Requests.ListEntry>> DepartmentsAsync() => departments.ListAsync(includeRetired: true);

    /// <summary>Sets or clears (null) the user's department, audited in the same transaction; the message and whether it was refused.</summary>
    public async Task<(string Text, bool Refused)> SetDepartmentAsync(UserAccount user, int? departmentId, string? departmentName, ClaimsPrincipal by) =>
        await users.SetDepartmentAsync(user.UserId, departmentId, by.Operator()) is { } refusal
            ? (refusal, true)
            : ($"「{user.DisplayName}（{user.UserName}）」の担当課を{(departmentName is null ? "なしに" : $"「{departmentName}」に")}しました。", false);

    /// <summary>Every user, and the user names locked from at least one client address (failed sign-ins) with the latest lock's end.</summary>
    public async Task<(IReadOnlyList<UserAccount> Users, Dictionary<string, SignInLock> Locks)> LoadAsync() =>
        (await users.ListAsync(), (await signInFailures.LocksAsync(time.GetUtcNow().UtcDateTime)).ToDictionary(l => l.UserName));

    /// <summary>Creates the (already checked) user; when the name is taken nothing is written and the text is the name field's error.</summary>
    public async Task<UserCreation> CreateAsync(NewUserInput input, ClaimsPrincipal by)
    {
        var (userName, displayName, site) = (input.NormalizedUserName, input.TrimmedDisplayName, input.SiteOrNull);
        if (await users.CreateAsync(userName, displayName, input.Role, site, SignInService.HashPassword(input.Password!)) is not { } userId)
        {
            return new UserCreation(false, $"ユーザー名「{userName}」は既に使われています。別の名前にしてください。");
        }
        await audit.WriteAsync(by, AuditActions.CreateUser, "user", userName, AuditDetails.Join($"役割 {input.Role.Label()}", site is null ? "拠点なし" : $"拠点 {site}"));
        return new UserCreation(true, $"ユーザー「{displayName}（{userName}）」を登録しました。", userId);
    }

    /// <summary>Disables (ending the user's sessions) or enables a user; returns the message.</summary>
    public async Task<string> SetDisabledAsync(UserAccount user, bool disable, ClaimsPrincipal by)
    {
        await users.SetDisabledAsync(user.UserId, disable);
        var ended = disable ? await sessions.EndAllForUserAsync(user.UserId, SessionEndReasons.Disabled) : 0;
        await audit.WriteAsync(by, disable ? AuditActions.DisableUser : AuditActions.EnableUser, "user", user.UserName,
            disable ? $"サインイン中のセッション {ended}件を終了" : null);
        return disable
            ? $"「{user.DisplayName}（{user.UserName}）」を無効にしました。サインイン中の画面はサインアウトします。"
            : $"「{user.DisplayName}（{user.UserName}）」を有効にしました。";
    }

    /// <summary>Clears the user's failed sign-ins from every address; returns the message.</summary>
    public async Task<string> UnlockAsync(UserAccount user, ClaimsPrincipal by)
    {
        var addresses = await signInFailures.UnlockAsync(user.UserName);
        await audit.WriteAsync(by, AuditActions.UnlockUser, "user", user.UserName, $"接続元 {addresses}件のロックを解除");
        return $"「{user.DisplayName}（{user.UserName}）」のロックを解除しました。すぐにサインインできます。";
    }

    /// <summary>Sets another user's (already checked) password and ends their sessions; returns the message.</summary>
    public async Task<string> ResetPasswordAsync(UserAccount user, string password, ClaimsPrincipal by)
    {
        await users.SetPasswordAsync(user.UserId, SignInService.HashPassword(password));
        var ended = await sessions.EndAllForUserAsync(user.UserId, SessionEndReasons.PasswordChanged);
        await audit.WriteAsync(by, AuditActions.ResetPassword, "user", user.UserName, $"サインイン中のセッション {ended}件を終了");
        return $"「{user.DisplayName}（{user.UserName}）」のパスワードを再設定しました。新しいパスワードを本人に伝えてください。";
    }
}

/// <summary>The outcome of <see cref="UserAdministration.CreateAsync"/>: created with its message, or not with the user name's error.</summary>
public sealed record UserCreation(bool Created, string Text, int? UserId = null);
