using CallCenter.Data.Outbound;

namespace CallCenter.Data.Announcements;

/// <summary>
/// The targeting rule of migration 0019 as SQL, shared by the call form's list, the coverage and the campaign so they can
/// never disagree. A household <c>h</c> is targeted by announcement <c>a</c> when it has a living member (the same living
/// filter as the worklist: <see cref="OutboundQueries.HouseholdPrioritiesFilter"/> — not deceased, not merged, not
/// provisional), a vulnerable one when <c>a.ForVulnerable</c>; and, for each target kind the announcement names, one of
/// its values holds (行政区: <c>h.District</c>; 町: <c>h.TownId</c>'s code; 都道府県 and 居場所の種類: some living
/// member's). No target row: everyone. 町 and 行政区 together: that town's district of that name (AND across kinds).
/// Set-based: each clause is an index seek per household (targets by primary key, residents by household).
/// </summary>
public static class AnnouncementTargeting
{
    /// <summary>The predicate over households aliased <c>h</c> and announcements aliased <c>a</c>.</summary>
    public const string Applies = $"""
        EXISTS (SELECT 1
                          FROM Residents r
                         WHERE r.HouseholdId = h.HouseholdId
                           AND {OutboundQueries.HouseholdPrioritiesFilter}
                           AND (a.ForVulnerable = 0 OR r.IsVulnerable = 1))
               AND (NOT EXISTS (SELECT 1 FROM AnnouncementTargets t WHERE t.AnnouncementId = a.AnnouncementId AND t.Kind = 1)
                    OR EXISTS (SELECT 1
                                 FROM AnnouncementTargets t
                                WHERE t.AnnouncementId = a.AnnouncementId
                                  AND t.Kind = 1
                                  AND t.Value = h.District))
               AND (NOT EXISTS (SELECT 1 FROM AnnouncementTargets t WHERE t.AnnouncementId = a.AnnouncementId AND t.Kind = 2)
                    OR EXISTS (SELECT 1
                                 FROM Residents r
                                 JOIN AnnouncementTargets t ON t.AnnouncementId = a.AnnouncementId
                                                           AND t.Kind = 2
                                                           AND t.Value = CAST(r.PrefectureCode AS NVARCHAR(3))
                                WHERE r.HouseholdId = h.HouseholdId
                                  AND {OutboundQueries.HouseholdPrioritiesFilter}))
               AND (NOT EXISTS (SELECT 1 FROM AnnouncementTargets t WHERE t.AnnouncementId = a.AnnouncementId AND t.Kind = 3)
                    OR EXISTS (SELECT 1
                                 FROM Residents r
                                 JOIN AnnouncementTargets t ON t.AnnouncementId = a.AnnouncementId
                                                           AND t.Kind = 3
                                                           AND t.Value = CAST(r.WhereaboutsType AS NVARCHAR(3))
                                WHERE r.HouseholdId = h.HouseholdId
                                  AND {OutboundQueries.HouseholdPrioritiesFilter}))
               AND ({NamesNoTown}
                    OR EXISTS ({NamedTowns}
                                  AND tw.TownId = h.TownId))
        """;

    // The 町 targets (kind 4, the town's code) of announcement a: none, or the towns they name (as tw).
    private const string NamesNoTown = "NOT EXISTS (SELECT 1 FROM AnnouncementTargets t WHERE t.AnnouncementId = a.AnnouncementId AND t.Kind = 4)";

    private const string NamedTowns = """
        SELECT 1
                                 FROM AnnouncementTargets t
                                 JOIN Towns tw ON tw.Code = t.Value
                                WHERE t.AnnouncementId = a.AnnouncementId
                                  AND t.Kind = 4
        """;

    /// <summary>
    /// An announcement aliased <c>a</c> can reach a household of <c>@TownIds</c>: it names no town (every town), or one of
    /// them. Put after a WHERE clause for a limited scope only (see <see cref="ReachesScope"/>).
    /// </summary>
    public const string ReachesTowns = $"""
         AND ({NamesNoTown}
                    OR EXISTS ({NamedTowns}
                                  AND tw.TownId IN @TownIds))
        """;

    /// <summary>
    /// <paramref name="sql"/> with <see cref="ReachesTowns"/> at its <c>/*towns*/</c> marker for a limited scope (nothing
    /// for all towns); bind the scope's <c>TownIds</c>.
    /// </summary>
    public static string ReachesScope(string sql, Towns.TownScope scope) =>
        sql.Replace("/*towns*/", scope.IsAll ? "" : ReachesTowns, StringComparison.Ordinal);

    /// <summary>An announcement aliased <c>a</c> is current on <c>@Today</c> (a Japan date): within its validity and not withdrawn.</summary>
    public const string Current = """
        a.WithdrawnAt IS NULL
               AND a.ValidFrom <= @Today
               AND (a.ValidTo IS NULL OR a.ValidTo >= @Today)
        """;
}
