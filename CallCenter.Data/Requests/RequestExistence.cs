using CallCenter.Data.Database;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Data.Requests;

/// <summary>
/// Whether a request exists for a caller, without reading (or auditing) anything about it: the plain GET of
/// <c>/requests/{id}</c> answers 404 when it does not, before any page runs.
/// </summary>
public sealed class RequestExistence(ConnectionFactory connections)
{
    private const string PlaceSql = """
        SELECT DepartmentId, TownId
          FROM Requests
         WHERE RequestId = @RequestId
        """;

    /// <summary>Whether request <paramref name="requestId"/> exists inside <paramref name="scope"/> and <paramref name="towns"/>.</summary>
    public async Task<bool> ExistsAsync(long requestId, RequestScope scope, TownScope towns, CancellationToken cancellationToken = default)
    {
        if (!scope.SeesAny)
        {
            return false;
        }
        await using var connection = await connections.OpenAsync(cancellationToken);
        var place = await connection.QuerySingleOrDefaultAsync<Place>(new CommandDefinition(PlaceSql,
            new { RequestId = requestId }, cancellationToken: cancellationToken));
        return place is not null && scope.Covers(place.DepartmentId) && towns.Includes(place.TownId);
    }

    private sealed class Place
    {
        public int DepartmentId { get; set; }
        public int TownId { get; set; }
    }
}
