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

    /// <summary>The 町 targets: town codes (offered only when several towns exist).</summary>
    public IReadOnlyCollection<string> Towns { get; set; } = [];

    /// <summary>
    /// A new announcement starting today, 通常, for everyone; <paramref name="towns"/>: the 町 chosen at first (a supervisor
    /// of some towns only starts with its own towns, the only ones it may name).
    /// </summary>
    public static AnnouncementEdit New(DateOnly today, IReadOnlyCollection<string>? towns = null) => new() { ValidFrom = today, Towns = towns ?? [] };

    /// <summary>The form for an existing announcement.</summary>
    public static AnnouncementEdit From(Announcement a) => new()
    {
        AnnouncementId = a.AnnouncementId, Version = a.Version, Title = a.Title, Body = a.Body, ValidFrom = a.ValidFrom, ValidTo = a.ValidTo,
        Priority = a.Priority, IsPublic = a.IsPublic, ForVulnerable = a.ForVulnerable,
        Districts = [.. Values(a, TargetKind.District)], Prefectures = [.. Values(a, TargetKind.Prefecture)], Whereabouts = [.. Values(a, TargetKind.Whereabouts)],
        Towns = [.. Values(a, TargetKind.Town)],
    };

    /// <summary>The draft the board checks and saves.</summary>
    public AnnouncementDraft ToDraft() => new(Title, Body, ValidFrom, ValidTo, Priority, IsPublic, ForVulnerable,
        [.. Districts.Select(d => new AnnouncementTarget(TargetKind.District, d)),
         .. Prefectures.Select(p => new AnnouncementTarget(TargetKind.Prefecture, p)),
         .. Whereabouts.Select(w => new AnnouncementTarget(TargetKind.Whereabouts, w)),
         .. Towns.Select(t => new AnnouncementTarget(TargetKind.Town, t))]);

    /// <summary>
    /// Chooses the 町 and keeps only the districts of the chosen towns (a district of a town no longer chosen would be
    /// refused on save); none chosen keeps every district (a single-town installation offers no 町).
    /// </summary>
    public void ChooseTowns(IEnumerable<string> codes, IReadOnlyList<AnnouncementDistrict> districts, IReadOnlyList<CallCenter.Data.Towns.Town> towns)
    {
        Towns = [.. codes];
        var ids = towns.Where(t => Towns.Contains(t.Code)).Select(t => t.TownId).ToHashSet();
        Districts = ids.Count == 0 ? [] : [.. Districts.Where(d => districts.Any(x => x.District == d && ids.Contains(x.TownId)))];
    }

    /// <summary>
    /// The districts the form offers, as (value, label): with several towns, those of the chosen towns only, each labelled
    /// with its towns when more than one town is chosen (「大野（大熊町）」); with one town, every district.
    /// </summary>
    public IReadOnlyList<(string Value, string Label)> DistrictChoices(IReadOnlyList<AnnouncementDistrict> districts, IReadOnlyList<CallCenter.Data.Towns.Town> towns,
        bool joint)
    {
        if (!joint)
        {
            return [.. districts.Select(d => d.District).Distinct().Order(StringComparer.Ordinal).Select(d => (d, d))];
        }
        var chosen = towns.Where(t => Towns.Contains(t.Code)).ToList();
        return [.. districts.Where(d => chosen.Any(t => t.TownId == d.TownId)).GroupBy(d => d.District).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, chosen.Count > 1
                ? $"{g.Key}（{string.Join("・", chosen.Where(t => g.Any(d => d.TownId == t.TownId)).Select(t => t.Name))}）"
                : g.Key))];
    }

    /// <summary>The prefectures a target may name, as (code text, name).</summary>
    public static IReadOnlyList<(string Value, string Name)> PrefectureChoices { get; } =
        [.. CallCenter.Data.Common.Prefectures.Codes.Select(c => (c.ToString(CultureInfo.InvariantCulture), CallCenter.Data.Common.Prefectures.Name(c)!))];

    /// <summary>The whereabouts types a target may name, as (type text, label).</summary>
    public static IReadOnlyList<(string Value, string Name)> WhereaboutsChoices { get; } =
        [.. Enum.GetValues<CallCenter.Data.Reports.WhereaboutsType>().Select(w => (((byte)w).ToString(CultureInfo.InvariantCulture), CallCenter.Data.Reports.ReportLabels.Label(w)))];

    private static IEnumerable<string> Values(Announcement a, TargetKind kind) => a.Targets.Where(t => t.Kind == kind).Select(t => t.Value);
}
