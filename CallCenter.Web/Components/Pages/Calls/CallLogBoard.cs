using System.Security.Claims;
using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Towns;
using CallCenter.Web.Security;
using Microsoft.Extensions.Options;

namespace CallCenter.Web.Components.Pages.Calls;

/// <summary>
/// The data work of the calls page (<c>/calls</c>): the filter's choices (operators, sites, 要件), the page shown and the
/// way back to earlier pages (keyset cursors), and one audit row per page shown. One per page: it holds the cursors.
/// Only the calls of the user's towns are listed (see <see cref="CallLog"/>); the towns show only when several exist.
/// </summary>
public sealed class CallLogBoard(CallLog log, UserRepository users, WrapUpCodes codes, AuditTrail audit, IOptions<TownOptions> town,
    TownAccess? towns = null)
{
    /// <summary>Calls per page.</summary>
    public const int PageSize = 50;

    private readonly Stack<CallCursor?> earlier = new();
    private CallCursor? current;
    private TownScope scope = TownScope.Only([]);

    /// <summary>The filter of the page shown.</summary>
    public CallFilter Filter { get; private set; } = new();

    /// <summary>The page shown; null before the first load.</summary>
    public CallLogPage? Page { get; private set; }

    /// <summary>How many calls come before the page shown.</summary>
    public int Skipped => earlier.Count * PageSize;

    /// <summary>Whether there is a page before this one.</summary>
    public bool HasPrevious => earlier.Count > 0;

    /// <summary>Every staff account, for the operator filter.</summary>
    public IReadOnlyList<UserAccount> Operators { get; private set; } = [];

    /// <summary>The sites (拠点).</summary>
    public IReadOnlyList<string> Sites => town.Value.Sites;

    /// <summary>Every 要件, retired ones too (old calls carry them).</summary>
    public IReadOnlyList<WrapUpCode> Codes { get; private set; } = [];

    /// <summary>The installation's towns, to name each person's town when several exist.</summary>
    public TownNames Towns { get; private set; } = TownNames.Single;

    /// <summary>Reads the choices and the first page.</summary>
    public async Task LoadAsync(ClaimsPrincipal user)
    {
        scope = towns is null ? TownScope.All : await towns.ScopeAsync(user);
        Towns = towns is null ? TownNames.Single : new TownNames(await towns.TownsAsync());
        Operators = [.. (await users.ListAsync()).OrderBy(u => u.DisplayName, StringComparer.Ordinal)];
        Codes = await codes.ListAsync(includeRetired: true);
        await ShowAsync(user);
    }

    /// <summary>Shows the first page of another filter.</summary>
    public Task FilterAsync(CallFilter filter, ClaimsPrincipal user)
    {
        (Filter, current) = (filter, null);
        earlier.Clear();
        return ShowAsync(user);
    }

    /// <summary>Shows the next page, if any.</summary>
    public Task NextAsync(ClaimsPrincipal user)
    {
        if (Page?.Next is not { } next)
        {
            return Task.CompletedTask;
        }
        earlier.Push(current);
        current = next;
        return ShowAsync(user);
    }

    /// <summary>Shows the page before, if any.</summary>
    public Task PreviousAsync(ClaimsPrincipal user)
    {
        if (earlier.Count == 0)
        {
            return Task.CompletedTask;
        }
        current = earlier.Pop();
        return ShowAsync(user);
    }

    // Callers' names and numbers and the persons called about: who saw which page is audited where it is read.
    private async Task ShowAsync(ClaimsPrincipal user)
    {
        Page = await log.PageAsync(Filter, current, PageSize, scope, user.UserId());
        var operatorName = Operators.FirstOrDefault(o => o.UserId == Filter.OperatorUserId)?.DisplayName;
        var label = Codes.FirstOrDefault(c => c.WrapUpCodeId == Filter.WrapUpCodeId)?.Label;
        await audit.WriteAsync(user, AuditActions.ViewList, "calls", null,
            $"通話一覧: {CallLogFormat.Filter(Filter, operatorName, label)}（{Skipped + 1}〜{Skipped + Page.Calls.Count}件目／全{Page.Total}件）");
    }
}
