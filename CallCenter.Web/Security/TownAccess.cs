using System.Security.Claims;
using CallCenter.Data.Towns;

namespace CallCenter.Web.Security;

/// <summary>
/// Which towns the signed-in staff member or API key may see, and the towns of the installation. Every page, endpoint
/// and export asks here for the <see cref="TownScope"/> it hands to the data layer; a resident outside it is 404.
/// The scope is read from the database on each call (a primary-key lookup), so an administrator's change applies to the
/// next page or request; the town list is kept for a few seconds (towns are only ever added).
/// </summary>
public sealed class TownAccess(TownRepository towns, TimeProvider time)
{
    private static readonly TimeSpan ListLifetime = TimeSpan.FromSeconds(10);
    private volatile TownList? list;

    private sealed record TownList(IReadOnlyList<Town> Towns, DateTimeOffset ReadAt);

    /// <summary>The towns <paramref name="user"/> may see (an account or key without towns sees all; no identity sees none).</summary>
    public async Task<TownScope> ScopeAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        if (user.FindFirstValue(CallCenterClaims.ApiKeyId) is { } keyId && int.TryParse(keyId, out var apiKeyId))
        {
            return await towns.ScopeOfApiKeyAsync(apiKeyId, cancellationToken);
        }
        return user.UserId() is { } userId ? await towns.ScopeOfUserAsync(userId, cancellationToken) : TownScope.Only([]);
    }

    /// <summary>Every town of the installation, in the order they were added.</summary>
    public async Task<IReadOnlyList<Town>> TownsAsync(CancellationToken cancellationToken = default)
    {
        var current = list;
        if (current is null || time.GetUtcNow() - current.ReadAt > ListLifetime)
        {
            current = new TownList(await towns.ListAsync(cancellationToken), time.GetUtcNow());
            list = current;
        }
        return current.Towns;
    }

    /// <summary>The towns <paramref name="user"/> may see.</summary>
    public async Task<IReadOnlyList<Town>> VisibleTownsAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var scope = await ScopeAsync(user, cancellationToken);
        return (await TownsAsync(cancellationToken)).Where(t => scope.Includes(t.TownId)).ToList();
    }

    /// <summary>
    /// Whether the installation has several towns: only then do pages show a town beside each person, URLs carry
    /// <c>town=</c>, and exports gain a town column. A single-town installation looks exactly as before.
    /// </summary>
    public async Task<bool> IsJointAsync(CancellationToken cancellationToken = default) => (await TownsAsync(cancellationToken)).Count > 1;

    /// <summary>Forgets the cached town list (after a town is added in this process).</summary>
    public void Forget() => list = null;
}
