using System.Security.Claims;
using CallCenter.Data.Accounts;
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
    [Inject] private UserAdministration Admin { get; set; } = default!;
    [Inject] private SaveGuard Save { get; set; } = default!;
    [Inject] private IOptions<SecurityOptions> Security { get; set; } = default!;
    [Inject] private IOptions<TownOptions> Town { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private IReadOnlyList<UserAccount>? users;
    // User names locked from at least one client address (failed sign-ins), with the latest lock's end.
    private Dictionary<string, SignInLock> locks = [];
    private IReadOnlyList<CallCenter.Data.Requests.ListEntry> departments = [];
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

    private async Task LoadAsync() => ((users, locks), departments) = (await Admin.LoadAsync(), await Admin.DepartmentsAsync());

    private Task SetDepartmentAsync(UserAccount user, CallCenter.Data.Requests.ListEntry? department) => SaveAsync(async () =>
    {
        var (text, refused) = await Admin.SetDepartmentAsync(user, department?.Id, department?.Label, await CurrentAsync());
        Show(text, refused ? Severity.Error : Severity.Success);
        await LoadAsync();
    });

    private async Task<ClaimsPrincipal> CurrentAsync() => (await AuthenticationState).User;

    private void OpenCreate()
    {
        CloseReset();
        newUser = new NewUserInput { Site = Town.Value.Sites.FirstOrDefault() ?? NewUserInput.NoSite };
        errors = [];
        creating = true;
    }

    private void CloseCreate() => (creating, newUser, errors) = (false, new(), []);

    private void Show(string text, Severity severity = Severity.Success) => (message, messageSeverity) = (text, severity);

    private Task CreateAsync()
    {
        errors = newUser.Check(Security.Value);
        return errors.Count > 0 ? Task.CompletedTask : SaveAsync(async () =>
        {
            var created = await Admin.CreateAsync(newUser, await CurrentAsync());
            if (!created.Created)
            {
                errors[nameof(NewUserInput.UserName)] = created.Text;
                return;
            }
            CloseCreate();
            Show(created.Text);
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
            Show(await Admin.SetDisabledAsync(user, disable, await CurrentAsync()));
            await LoadAsync();
        });
    }

    private async Task UnlockAsync(UserAccount user)
    {
        busy = true;
        try
        {
            Show(await Admin.UnlockAsync(user, await CurrentAsync()));
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
        (resetTarget, reset) = (user, new());
    }

    private void CloseReset() => (resetTarget, reset, errors) = (null, new(), []);

    private Task ResetPasswordAsync()
    {
        if (resetTarget is not { } user || (errors = reset.Check(user.UserName, Security.Value)).Count > 0)
        {
            return Task.CompletedTask;
        }
        return SaveAsync(async () =>
        {
            var done = await Admin.ResetPasswordAsync(user, reset.Password!, await CurrentAsync());
            CloseReset();
            Show(done);
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
