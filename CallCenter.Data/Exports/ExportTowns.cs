using System.Globalization;
using CallCenter.Data.Towns;

namespace CallCenter.Data.Exports;

/// <summary>How the exports limit their rows to towns.</summary>
internal static class ExportTowns
{
    /// <summary>
    /// " AND column IN (1,2)" for a limited scope (" AND 1 = 0" for none), "" for every town. The ids are written into
    /// the statement rather than bound: they are integers the server chose, and the residents export runs as a plain
    /// prepared command (not Dapper), which cannot expand a list parameter. A single town's statement keeps no town test.
    /// </summary>
    public static string Filter(TownScope? scope, string column) => scope?.TownIds switch
    {
        null => "",
        { Count: 0 } => " AND 1 = 0",
        var ids => $" AND {column} IN ({string.Join(",", ids.Select(id => id.ToString(CultureInfo.InvariantCulture)))})",
    };
}
