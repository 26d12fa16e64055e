using CallCenter.Data.Towns;

namespace CallCenter.Data.Dashboard;

/// <summary>Reads the dashboard's figures and the residents behind them.</summary>
public interface IDashboardSource
{
    /// <summary>All dashboard figures for a filter, over the towns of <paramref name="towns"/> (the chosen towns' registers are the denominators).</summary>
    Task<DashboardSnapshot> LoadAsync(DashboardFilter filter, TownScope towns, CancellationToken cancellationToken = default);

    /// <summary>
    /// A number that changes whenever anything the dashboard shows may have changed (a report, a call, a
    /// register import): cheap to read, so that each app instance can poll it every second or two.
    /// </summary>
    Task<long> ChangeStampAsync(CancellationToken cancellationToken = default);

    /// <summary>One page of the residents behind a figure in the towns of <paramref name="towns"/>, sorted.</summary>
    Task<ResidentListResult> ListAsync(ResidentListFilter filter, TownScope towns, ResidentListSort sort, bool descending, int skip, int take,
        CancellationToken cancellationToken = default);
}
