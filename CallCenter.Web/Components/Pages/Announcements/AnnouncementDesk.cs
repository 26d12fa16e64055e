using System.Security.Claims;
using CallCenter.Data.Announcements;
using CallCenter.Web.Security;

namespace CallCenter.Web.Components.Pages.Announcements;

/// <summary>
/// The announcements page's data work: the list and the districts, the form being edited with its refused fields, and
/// each change in the supervisor's name followed by a fresh list and a message. One per page.
/// </summary>
public sealed class AnnouncementDesk(AnnouncementBoard board)
{
    /// <summary>Every announcement, newest validity first.</summary>
    public IReadOnlyList<Announcement> All { get; private set; } = [];

    /// <summary>The districts a target may name.</summary>
    public IReadOnlyList<string> Districts { get; private set; } = [];

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

    /// <summary>The announcements in a state, in list order.</summary>
    public IEnumerable<Announcement> In(params AnnouncementState[] states) => All.Where(a => states.Contains(a.StateOn(Today)));

    /// <summary>Reads the list and the districts.</summary>
    public async Task LoadAsync()
    {
        All = await board.ListAsync();
        Districts = await board.DistrictsAsync();
    }

    /// <summary>Opens the form for a new announcement, or for <paramref name="announcement"/>.</summary>
    public void Open(Announcement? announcement)
    {
        Editing = announcement is null ? AnnouncementEdit.New(Today) : AnnouncementEdit.From(announcement);
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
        var (id, _, errors) = await board.SaveAsync(edit.AnnouncementId, edit.Version, edit.ToDraft(), user.Operator());
        Errors = errors;
        if (id is null)
        {
            (Message, Refused) = (errors.FirstOrDefault(e => e.Field == "version")?.Message ?? $"入力に誤りがあります（{errors.Count} 件）。", true);
            return false;
        }
        (Message, Refused, Editing) = ($"お知らせ「{edit.Title?.Trim()}」を{(edit.AnnouncementId is null ? "掲示しました" : "更新しました")}。", false, null);
        await LoadAsync();
        return true;
    }

    /// <summary>Withdraws an announcement; true when withdrawn.</summary>
    public async Task<bool> WithdrawAsync(Announcement announcement, ClaimsPrincipal user)
    {
        var refusal = await board.WithdrawAsync(announcement.AnnouncementId, announcement.Version, user.Operator());
        (Message, Refused) = (refusal ?? $"お知らせ「{announcement.Title}」を取り下げました。", refusal is not null);
        await LoadAsync();
        return refusal is null;
    }

    /// <summary>The message for a field of the open form, or null.</summary>
    public string? ErrorOf(string field) => Errors.FirstOrDefault(e => e.Field == field)?.Message;
}
