using System.Security.Claims;
using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Towns;
using CallCenter.Web.Security;

namespace CallCenter.Web.Components.Pages.Accounts;

/// <summary>
/// What the users page does with the data: the user list and its locks, and each change with its audit row and message.
/// An admin limited to towns sees and changes only the accounts limited to towns inside its own (issue 19); any other
/// account, asked for by id, is not found.
/// </summary>
public sealed class UserAdministration(UserRepository users, SessionRepository sessions, SignInFailureRepository signInFailures, AuditTrail audit,
    TimeProvider time, CallCenter.Data.Requests.Departments departments, TownAccess towns)
{
    /// <summary>The answer to an action on an account the admin does not manage (or that no longer exists).</summary>
    public const string NotFound = "このアカウントは見つかりません。画面を開き直してください。";

    /// <summary>
    /// The towns whose accounts <paramref name="by"/> manages: its own scope when several towns exist; every account in a
    /// single-town installation (where 「one town」 and 「all towns」 are the same, and the page looks as before towns).
    /// </summary>
    public async Task<TownScope> AdminScopeAsync(ClaimsPrincipal by) => await towns.IsJointAsync() ? await towns.ScopeAsync(by) : TownScope.All;

    /// <summary>Every department (担当課), retired ones too (an account may still belong to one).</summary>
    public Task<IReadOnlyList<CallCenter.Data.Requests.ListEntry>> DepartmentsAsync() => departments.ListAsync(includeRetired: true);

    /// <summary>Sets or clears (null) the user's department, audited in the same transaction; the message and whether it was refused.</summary>
    public async Task<(string Text, bool Refused)> SetDepartmentAsync(UserAccount user, int? departmentId, string? departmentName, ClaimsPrincipal by) =>
        await users.SetDepartmentAsync(user.UserId, departmentId, by.Operator(), await AdminScopeAsync(by)) is { } refusal
            ? (refusal, true)
            : ($"「{user.DisplayName}（{user.UserName}）」の担当課を{(departmentName is null ? "なしに" : $"「{departmentName}」に")}しました。", false);

    /// <summary>
    /// The users <paramref name="by"/> manages (every user for an all-towns admin), and the user names locked from at least
    /// one client address (failed sign-ins) with the latest lock's end.
    /// </summary>
    public async Task<(IReadOnlyList<UserAccount> Users, Dictionary<string, SignInLock> Locks)> LoadAsync(ClaimsPrincipal by) =>
        (await users.ListAsync(await AdminScopeAsync(by)), (await signInFailures.LocksAsync(time.GetUtcNow().UtcDateTime)).ToDictionary(l => l.UserName));

    /// <summary>
    /// Creates the (already checked) user with its towns (several towns only: the ticked ones, none = every town) and one
    /// audit row naming them, in one transaction. Not created: the text is the error of the field named by
    /// <see cref="UserCreation.Field"/> (the name is taken, or the towns are not the admin's to give), nothing written.
    /// </summary>
    public async Task<UserCreation> CreateAsync(NewUserInput input, ClaimsPrincipal by)
    {
        var (userName, displayName, site) = (input.NormalizedUserName, input.TrimmedDisplayName, input.SiteOrNull);
        var all = await towns.TownsAsync();
        var joint = all.Count > 1;
        var scope = TownScope.All;
        if (joint)
        {
            if (TownGrants.Problem(await AdminScopeAsync(by), null, input.Towns, all) is { } problem)
            {
                return new UserCreation(false, problem, Field: nameof(NewUserInput.Towns));
            }
            scope = TownGrants.ScopeOf(input.Towns);
        }
        var details = AuditDetails.Join($"役割 {input.Role.Label()}", site is null ? "拠点なし" : $"拠点 {site}", joint ? TownsText(scope, all) : null)!;
        var account = new NewAccount(userName, displayName, input.Role, site, SignInService.HashPassword(input.Password!), scope);
        if (await users.CreateAsync(account, by.Operator(), details) is not { } userId)
        {
            return new UserCreation(false, $"ユーザー名「{userName}」は既に使われています。別の名前にしてください。");
        }
        return new UserCreation(true, $"ユーザー「{displayName}（{userName}）」を登録しました。"
            + (joint ? $"見られる町は「{TownGrants.Describe(scope, all)}」です。" : ""), userId);
    }

    /// <summary>The towns of a new account or key as its creation's audit row names them: 「町 すべての町」, 「町 大熊町（075451）、富岡町（075434）」.</summary>
    public static string TownsText(TownScope scope, IReadOnlyList<Town> all) =>
        "町 " + (scope.IsAll ? "すべての町" : string.Join("、", scope.TownIds!.Select(id => all.FirstOrDefault(t => t.TownId == id)?.Label ?? $"町ID {id}")));

    /// <summary>Disables (ending the user's sessions) or enables a user; the message and whether it was refused (not the admin's account).</summary>
    public async Task<(string Text, bool Refused)> SetDisabledAsync(UserAccount user, bool disable, ClaimsPrincipal by)
    {
        if (!await users.SetDisabledAsync(user.UserId, disable, await AdminScopeAsync(by)))
        {
            return (NotFound, true);
        }
        var ended = disable ? await sessions.EndAllForUserAsync(user.UserId, SessionEndReasons.Disabled) : 0;
        await audit.WriteAsync(by, disable ? AuditActions.DisableUser : AuditActions.EnableUser, "user", user.UserName,
            disable ? $"サインイン中のセッション {ended}件を終了" : null);
        return (disable
            ? $"「{user.DisplayName}（{user.UserName}）」を無効にしました。サインイン中の画面はサインアウトします。"
            : $"「{user.DisplayName}（{user.UserName}）」を有効にしました。", false);
    }

    /// <summary>Clears the user's failed sign-ins from every address; the message and whether it was refused (not the admin's account).</summary>
    public async Task<(string Text, bool Refused)> UnlockAsync(UserAccount user, ClaimsPrincipal by)
    {
        // The lock is kept by user name: the account is looked up by id within the admin's towns first.
        if (await users.FindByIdAsync(user.UserId, await AdminScopeAsync(by)) is not { } managed)
        {
            return (NotFound, true);
        }
        var addresses = await signInFailures.UnlockAsync(managed.UserName);
        await audit.WriteAsync(by, AuditActions.UnlockUser, "user", managed.UserName, $"接続元 {addresses}件のロックを解除");
        return ($"「{managed.DisplayName}（{managed.UserName}）」のロックを解除しました。すぐにサインインできます。", false);
    }

    /// <summary>Sets another user's (already checked) password and ends their sessions; the message and whether it was refused (not the admin's account).</summary>
    public async Task<(string Text, bool Refused)> ResetPasswordAsync(UserAccount user, string password, ClaimsPrincipal by)
    {
        if (!await users.SetPasswordAsync(user.UserId, SignInService.HashPassword(password), await AdminScopeAsync(by)))
        {
            return (NotFound, true);
        }
        var ended = await sessions.EndAllForUserAsync(user.UserId, SessionEndReasons.PasswordChanged);
        await audit.WriteAsync(by, AuditActions.ResetPassword, "user", user.UserName, $"サインイン中のセッション {ended}件を終了");
        return ($"「{user.DisplayName}（{user.UserName}）」のパスワードを再設定しました。新しいパスワードを本人に伝えてください。", false);
    }
}

/// <summary>
/// The outcome of <see cref="UserAdministration.CreateAsync"/>: created with its message, or not with the error of the
/// field <see cref="Field"/> (a <see cref="NewUserInput"/> property name).
/// </summary>
public sealed record UserCreation(bool Created, string Text, int? UserId = null, string Field = nameof(NewUserInput.UserName));
