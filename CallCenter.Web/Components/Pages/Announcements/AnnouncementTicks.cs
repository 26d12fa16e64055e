using CallCenter.Data.Announcements;

namespace CallCenter.Web.Components.Pages.Announcements;

/// <summary>
/// The announcements that apply to the household served, and which of them the operator ticked 伝達済 (saved with the
/// call or the outbound attempt) or opened to read. Kept on the form, so a refused save loses nothing.
/// </summary>
public sealed class AnnouncementTicks
{
    /// <summary>The current announcements for the household, 重要 first.</summary>
    public required IReadOnlyList<HouseholdAnnouncement> Items { get; init; }

    /// <summary>The ticked ones.</summary>
    public HashSet<int> Told { get; } = [];

    /// <summary>The ones whose body is open.</summary>
    public HashSet<int> Expanded { get; } = [];

    /// <summary>Ticks or unticks one.</summary>
    public void Set(int announcementId, bool told)
    {
        if (told)
        {
            Told.Add(announcementId);
        }
        else
        {
            Told.Remove(announcementId);
        }
    }

    /// <summary>Opens or closes one's body.</summary>
    public void Toggle(int announcementId)
    {
        if (!Expanded.Remove(announcementId))
        {
            Expanded.Add(announcementId);
        }
    }

    /// <summary>What the draft carries: the ticked ids in list order, or null when none.</summary>
    public IReadOnlyList<int>? ToDraft() => Told.Count == 0 ? null : [.. Items.Select(i => i.AnnouncementId).Where(Told.Contains)];
}
