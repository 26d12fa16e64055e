using System.Security.Claims;
using CallCenter.Data.Announcements;
using CallCenter.Data.Towns;
using CallCenter.Web.Security;

namespace CallCenter.Web.Components.Pages.Announcements;

/// <summary>
/// The announcements page's data work: the list and the districts, the form being edited with its refused fields, and
/// each change in the supervisor's name followed by a fresh list and a message. One per page. With several towns the
/// supervisor's scope decides what is listed (announcements that can reach its towns) and which 町 the form offers.
/// </summary>
public sealed class AnnouncementDesk(AnnouncementBoard board, TownAccess townAccess)
{
    private TownScope scope = TownScope.Only([]);

    /// <summary>The announcements that can reach the supervisor's towns, newest validity first.</summary>
    public IReadOnlyList<Announcement> All { get; private set; } = [];

    /// <summary>The districts (with their towns) a target may name: those of the supervisor's towns.</summary>
    public IReadOnlyList<AnnouncementDistrict> Districts { get; private set; } = [];

    /// <summary>Every town of the installation (names a 町 target in the list).</summary>
    public IReadOnlyList<Town> AllTowns { get; private set; } = [];

    /// <summary>The towns a 町 target may name: the supervisor's.</summary>
    public IReadOnlyList<Town> Towns { get; private set; } = [];

    /// <summary>Whether several towns exist: only then does the form offer 町.</summary>
    public bool IsJoint => AllTowns.Count > 1;

    /// <summary>Today in Japan.</summary>
    public DateOnly Today => board.Today;

    /// <summary>The form open, or null.</summary>
    public AnnouncementEdit? Editing { get; private set; }

    /// <summary>The open form's refused fields.</summary>
    public IReadOnlyList<AnnouncementError> Errors { get; private set; } = [];

    /// <summary>What the last change did, or why it was refused.</summary>
    public string? Message { get; private set; }

    /// <summary>True when <see cref="Message"/> is a refusal.</summary>
    public bool Refused { get; private set; }

    /// <summary>
    /// Whether the supervisor may edit or withdraw <paramref name="announcement"/>: every town's may change any; one of some
    /// towns only those limited to its towns (the board refuses the rest, so the page does not offer them).
    /// </summary>
    public bool CanChange(Announcement announcement)
    {
        if (AnnouncementBoard.CoversAll(scope, AllTowns))
        {
            return true;
        }
        var named = announcement.Targets.Where(t => t.Kind == TargetKind.Town).Select(t => AllTowns.FirstOrDefault(w => w.Code == t.Value)).ToList();
        return named.Count > 0 && named.All(w => w is not null && scope.Includes(w.TownId));
    }

    /// <summary>The announcements in a state, in list order.</summary>
    public IEnumerable<Announcement> In(params AnnouncementState[] states) => All.Where(a => states.Contains(a.StateOn(Today)));

    /// <summary>Reads the supervisor's towns, the list and the districts.</summary>
    public async Task LoadAsync(ClaimsPrincipal user)
    {
        scope = await townAccess.ScopeAsync(user);
        AllTowns = await townAccess.TownsAsync();
        Towns = [.. AllTowns.Where(t => scope.Includes(t.TownId))];
        All = await board.ListAsync(scope);
        Districts = await board.DistrictsAsync(scope);
    }

    /// <summary>Opens the form for a new announcement, or for <paramref name="announcement"/>.</summary>
    public void Open(Announcement? announcement)
    {
        // A supervisor of some towns only may name only them: its towns are chosen from the start.
        Editing = announcement is null
            ? AnnouncementEdit.New(Today, IsJoint && !AnnouncementBoard.CoversAll(scope, AllTowns) ? [.. Towns.Select(t => t.Code)] : null)
            : AnnouncementEdit.From(announcement);
        (Errors, Message) = ([], null);
    }

    /// <summary>Closes the form without saving.</summary>
    public void Close() => (Editing, Errors) = (null, []);

    /// <summary>Saves the open form; true when saved (the form closes).</summary>
    public async Task<bool> SaveAsync(ClaimsPrincipal user)
    {
        if (Editing is not { } edit)
        {
            return false;
        }
        var (id, _, errors) = await board.SaveAsync(edit.AnnouncementId, edit.Version, edit.ToDraft(), user.Operator(), scope);
        Errors = errors;
        if (id is null)
        {
            (Message, Refused) = (errors.FirstOrDefault(e => e.Field == "version")?.Message
                                  ?? errors.FirstOrDefault(e => e.Field == "towns")?.Message
                                  ?? $"入力に誤りがあります（{errors.Count} 件）。", true);
            return false;
        }
        (Message, Refused, Editing) = ($"お知らせ「{edit.Title?.Trim()}」を{(edit.AnnouncementId is null ? "掲示しました" : "更新しました")}。", false, null);
        await LoadAsync(user);
        return true;
    }

    /// <summary>Withdraws an announcement; true when withdrawn.</summary>
    public async Task<bool> WithdrawAsync(Announcement announcement, ClaimsPrincipal user)
    {
        var refusal = await board.WithdrawAsync(announcement.AnnouncementId, announcement.Version, user.Operator(), scope);
        (Message, Refused) = (refusal ?? $"お知らせ「{announcement.Title}」を取り下げました。", refusal is not null);
        await LoadAsync(user);
        return refusal is null;
    }

    /// <summary>The message for a field of the open form, or null.</summary>
    public string? ErrorOf(string field) => Errors.FirstOrDefault(e => e.Field == field)?.Message;
}
