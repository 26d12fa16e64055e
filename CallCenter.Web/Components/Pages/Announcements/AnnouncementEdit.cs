using System.Globalization;
using CallCenter.Data.Announcements;

namespace CallCenter.Web.Components.Pages.Announcements;

/// <summary>The announcement form's state: the fields as typed and the targets as chosen, turned into a draft on save.</summary>
public sealed class AnnouncementEdit
{
    /// <summary>The announcement edited, or null for a new one.</summary>
    public int? AnnouncementId { get; init; }

    /// <summary>The version the supervisor opened (optimistic concurrency).</summary>
    public int Version { get; init; }

    public string? Title { get; set; }
    public string? Body { get; set; }
    public DateOnly? ValidFrom { get; set; }
    public DateOnly? ValidTo { get; set; }
    public AnnouncementPriority Priority { get; set; } = AnnouncementPriority.Normal;
    public bool IsPublic { get; set; }
    public bool ForVulnerable { get; set; }
    public IReadOnlyCollection<string> Districts { get; set; } = [];
    public IReadOnlyCollection<string> Prefectures { get; set; } = [];
    public IReadOnlyCollection<string> Whereabouts { get; set; } = [];

    /// <summary>A new announcement starting today, 通常, for everyone.</summary>
    public static AnnouncementEdit New(DateOnly today) => new() { ValidFrom = today };

    /// <summary>The form for an existing announcement.</summary>
    public static AnnouncementEdit From(Announcement a) => new()
    {
        AnnouncementId = a.AnnouncementId, Version = a.Version, Title = a.Title, Body = a.Body, ValidFrom = a.ValidFrom, ValidTo = a.ValidTo,
        Priority = a.Priority, IsPublic = a.IsPublic, ForVulnerable = a.ForVulnerable,
        Districts = [.. Values(a, TargetKind.District)], Prefectures = [.. Values(a, TargetKind.Prefecture)], Whereabouts = [.. Values(a, TargetKind.Whereabouts)],
    };

    /// <summary>The draft the board checks and saves.</summary>
    public AnnouncementDraft ToDraft() => new(Title, Body, ValidFrom, ValidTo, Priority, IsPublic, ForVulnerable,
        [.. Districts.Select(d => new AnnouncementTarget(TargetKind.District, d)),
         .. Prefectures.Select(p => new AnnouncementTarget(TargetKind.Prefecture, p)),
         .. Whereabouts.Select(w => new AnnouncementTarget(TargetKind.Whereabouts, w))]);

    /// <summary>The prefectures a target may name, as (code text, name).</summary>
    public static IReadOnlyList<(string Value, string Name)> PrefectureChoices { get; } =
        [.. CallCenter.Data.Common.Prefectures.Codes.Select(c => (c.ToString(CultureInfo.InvariantCulture), CallCenter.Data.Common.Prefectures.Name(c)!))];

    /// <summary>The whereabouts types a target may name, as (type text, label).</summary>
    public static IReadOnlyList<(string Value, string Name)> WhereaboutsChoices { get; } =
        [.. Enum.GetValues<CallCenter.Data.Reports.WhereaboutsType>().Select(w => (((byte)w).ToString(CultureInfo.InvariantCulture), CallCenter.Data.Reports.ReportLabels.Label(w)))];

    private static IEnumerable<string> Values(Announcement a, TargetKind kind) => a.Targets.Where(t => t.Kind == kind).Select(t => t.Value);
}
