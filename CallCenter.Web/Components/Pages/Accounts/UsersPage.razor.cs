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
    [Inject] private IServiceProvider Services { get; set; } = default!;

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
    // Issue 19: the towns (shown only when several exist), each account's towns, and the 「町を変更」 form.
    private TownGrants grants = default!;
    private TownGrantView townView = TownGrantView.Single;
    private Dictionary<int, string> townTexts = [];
    private UserAccount? townsTarget;
    private IReadOnlyCollection<int> townsChosen = [];
    private string? townsError;

    protected override async Task OnInitializedAsync()
    {
        currentUserId = (await CurrentAsync()).Operator().UserId;
        grants = ActivatorUtilities.CreateInstance<TownGrants>(Services);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        ((users, locks), departments) = (await Admin.LoadAsync(await CurrentAsync()), await Admin.DepartmentsAsync());
        townView = await grants.ViewAsync(await CurrentAsync());
        if (townView.Joint)
        {
            var texts = new Dictionary<int, string>();
            foreach (var user in users)
            {
                texts[user.UserId] = townView.Names(await grants.OfUserAsync(user.UserId));
            }
            townTexts = texts;
        }
    }

    private async Task OpenTowns(UserAccount user)
    {
        CloseCreate();
        CloseReset();
        var scope = await grants.OfUserAsync(user.UserId);
        (townsTarget, townsChosen, townsError) = (user, scope.TownIds ?? [], null);
    }

    private void CloseTowns() => (townsTarget, townsChosen, townsError) = (null, [], null);

    private Task SetTownsAsync() => townsTarget is not { } user ? Task.CompletedTask : SaveAsync(async () =>
    {
        var (text, refused) = await grants.SetUserAsync(user.UserId, user.UserName, $"{user.DisplayName}（{user.UserName}）", townsChosen, await CurrentAsync());
        if (refused)
        {
            townsError = text;
            return;
        }
        CloseTowns();
        Show(text);
        await LoadAsync();
    });

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
        // A limited admin gives only its own towns, and at least one (none would be every town): checked before anything is written.
        if (townView.Joint && TownGrants.Problem(townView.Grantor, null, newUser.Towns, townView.All) is { } townProblem)
        {
            errors[nameof(NewUserInput.Towns)] = townProblem;
        }
        return errors.Count > 0 ? Task.CompletedTask : SaveAsync(async () =>
        {
            // The account, its towns and its one audit row are written together (UserAdministration.CreateAsync).
            var created = await Admin.CreateAsync(newUser, await CurrentAsync());
            if (!created.Created)
            {
                errors[created.Field] = created.Text;
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
            var (text, refused) = await Admin.SetDisabledAsync(user, disable, await CurrentAsync());
            Show(text, refused ? Severity.Error : Severity.Success);
            await LoadAsync();
        });
    }

    private async Task UnlockAsync(UserAccount user)
    {
        busy = true;
        try
        {
            var (text, refused) = await Admin.UnlockAsync(user, await CurrentAsync());
            Show(text, refused ? Severity.Error : Severity.Success);
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
            var (text, refused) = await Admin.ResetPasswordAsync(user, reset.Password!, await CurrentAsync());
            CloseReset();
            Show(text, refused ? Severity.Error : Severity.Success);
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
