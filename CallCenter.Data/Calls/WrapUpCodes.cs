using CallCenter.Data.Database;
using Dapper;

namespace CallCenter.Data.Calls;

/// <summary>A wrap-up code (要件): what a call was about, from the list supervisors edit.</summary>
/// <param name="WrapUpCodeId">Its id, stored on each call.</param>
/// <param name="Label">What operators see: 安否報告, 所在変更, 照会 …</param>
/// <param name="SortOrder">Position in the list (ascending).</param>
/// <param name="IsActive">Offered for new calls; a retired code stays on the calls that carry it.</param>
public sealed record WrapUpCode(int WrapUpCodeId, string Label, int SortOrder, bool IsActive);

/// <summary>Reads the wrap-up codes (要件) offered on the call forms.</summary>
public sealed class WrapUpCodes(ConnectionFactory connections)
{
    private const string ListSql = """
          SELECT WrapUpCodeId, Label, SortOrder, IsActive
            FROM WrapUpCodes
        ORDER BY SortOrder, WrapUpCodeId
        """;

    /// <summary>Every code in list order; retired ones too when <paramref name="includeRetired"/>.</summary>
    public async Task<IReadOnlyList<WrapUpCode>> ListAsync(bool includeRetired = false, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        // Read through a row with settable properties: SQLite returns every INTEGER as Int64, which Dapper does not
        // convert for a positional record's constructor.
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(ListSql, cancellationToken: cancellationToken));
        return rows.Where(c => includeRetired || c.IsActive).Select(r => new WrapUpCode(r.WrapUpCodeId, r.Label, r.SortOrder, r.IsActive)).ToList();
    }

    private sealed class Row
    {
        public int WrapUpCodeId { get; init; }
        public string Label { get; init; } = "";
        public int SortOrder { get; init; }
        public bool IsActive { get; init; }
    }
}
