using System.Security.Claims;
using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Web.Components.Shared;
using CallCenter.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace CallCenter.Web.Components.Pages.Accounts;

/// <summary>The admin's user list: add, disable/enable, unlock and reset another user's password, each audited.</summary>
public partial class UsersPage
{
    [Inject] private UserRepository Users { get; set; } = default!;
    [Inject] private SessionRepository Sessions { get; set; } = default!;
    [Inject] private SignInFailureRepository SignInFailures { get; set; } = default!;
    [Inject] private AuditTrail Audit { get; set; } = default!;
    [Inject] private SaveGuard Save { get; set; } = default!;
    [Inject] private IOptions<SecurityOptions> Security { get; set; } = default!;
    [Inject] private IOptions<TownOptions> Town { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private IReadOnlyList<UserAccount>? users;
    // User names locked from at least one client address (failed sign-ins), with the latest lock's end.
    private Dictionary<string, SignInLock> locks = [];
    private int? currentUserId;
    private bool creating;
    private bool busy;
    private NewUserInput newUser = new();
    private Dictionary<string, string> errors = [];
    private string? message;
    private Severity messageSeverity = Severity.Success;
    private UserAccount? resetTarget;
    private PasswordResetInput reset = new();

    protected override async Task OnInitializedAsync()
    {
        currentUserId = (await CurrentAsync()).Operator().UserId;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        users = await Users.ListAsync();
        locks = (await SignInFailures.LocksAsync(Time.GetUtcNow().UtcDateTime)).ToDictionary(l => l.UserName);
    }

    private async Task<ClaimsPrincipal> CurrentAsync() => (await AuthenticationState).User;

    private void OpenCreate()
    {
        CloseReset();
        newUser = new NewUserInput { Site = Town.Value.Sites.FirstOrDefault() ?? NewUserInput.NoSite };
        errors = [];
        creating = true;
    }

    private void CloseCreate()
    {
        creating = false;
        newUser = new();
        errors = [];
    }

    private void Show(string text, Severity severity = Severity.Success)
    {
        message = text;
        messageSeverity = severity;
    }

    private Task CreateAsync()
    {
        errors = newUser.Check(Security.Value);
        if (errors.Count > 0)
        {
            return Task.CompletedTask;
        }
        var (userName, displayName, site) = (newUser.NormalizedUserName, newUser.TrimmedDisplayName, newUser.SiteOrNull);
        return SaveAsync(async () =>
        {
            var id = await Users.CreateAsync(userName, displayName, newUser.Role, site, SignInService.HashPassword(newUser.Password!));
            if (id is null)
            {
                errors[nameof(NewUserInput.UserName)] = $"ユーザー名「{userName}」は既に使われています。別の名前にしてください。";
                return;
            }
            await Audit.WriteAsync(await CurrentAsync(), AuditActions.CreateUser, "user", userName, $"role {newUser.Role}; site {site ?? "-"}");
            CloseCreate();
            Show($"ユーザー「{displayName}（{userName}）」を登録しました。");
            await LoadAsync();
        });
    }

    private Task SetDisabledAsync(UserAccount user, bool disable)
    {
        if (disable && user.UserId == currentUserId)
        {
            Show("自分自身を無効にすることはできません。", Severity.Error);
            return Task.CompletedTask;
        }
        return SaveAsync(async () =>
        {
            await Users.SetDisabledAsync(user.UserId, disable);
            var ended = disable ? await Sessions.EndAllForUserAsync(user.UserId, SessionEndReasons.Disabled) : 0;
            await Audit.WriteAsync(await CurrentAsync(), disable ? AuditActions.DisableUser : AuditActions.EnableUser, "user", user.UserName,
                disable ? $"sessions ended {ended}" : null);
            Show(disable
                ? $"「{user.DisplayName}（{user.UserName}）」を無効にしました。サインイン中の画面はサインアウトします。"
                : $"「{user.DisplayName}（{user.UserName}）」を有効にしました。");
            await LoadAsync();
        });
    }

    private async Task UnlockAsync(UserAccount user)
    {
        busy = true;
        try
        {
            var addresses = await SignInFailures.UnlockAsync(user.UserName);
            await Audit.WriteAsync(await CurrentAsync(), AuditActions.UnlockUser, "user", user.UserName, $"addresses cleared {addresses}");
            Show($"「{user.DisplayName}（{user.UserName}）」のロックを解除しました。すぐにサインインできます。");
            await LoadAsync();
        }
        finally
        {
            busy = false;
        }
    }

    private void OpenReset(UserAccount user)
    {
        if (user.UserId == currentUserId)
        {
            // Resetting would end this very session; the own-password page keeps it.
            Show("自分のパスワードは画面右上の「パスワード変更」から変更してください。", Severity.Info);
            return;
        }
        CloseCreate();
        resetTarget = user;
        reset = new();
    }

    private void CloseReset()
    {
        resetTarget = null;
        reset = new();
        errors = [];
    }

    private Task ResetPasswordAsync()
    {
        if (resetTarget is not { } user)
        {
            return Task.CompletedTask;
        }
        errors = reset.Check(user.UserName, Security.Value);
        if (errors.Count > 0)
        {
            return Task.CompletedTask;
        }
        return SaveAsync(async () =>
        {
            await Users.SetPasswordAsync(user.UserId, SignInService.HashPassword(reset.Password!));
            var ended = await Sessions.EndAllForUserAsync(user.UserId, SessionEndReasons.PasswordChanged);
            await Audit.WriteAsync(await CurrentAsync(), AuditActions.ResetPassword, "user", user.UserName, $"sessions ended {ended}");
            CloseReset();
            Show($"「{user.DisplayName}（{user.UserName}）」のパスワードを再設定しました。新しいパスワードを本人に伝えてください。");
            await LoadAsync();
        });
    }

    /// <summary>Runs a write with the buttons disabled; a storage fault is shown by SaveFaultAlert and the form keeps what was typed.</summary>
    private async Task SaveAsync(Func<Task> write)
    {
        busy = true;
        try
        {
            await Save.TryAsync(write);
        }
        finally
        {
            busy = false;
        }
    }
}
