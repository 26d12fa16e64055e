using System.Security.Claims;
using CallCenter.Data.Towns;
using CallCenter.Web.Security;

namespace CallCenter.Web.Components.Pages.Imports;

/// <summary>
/// Which town an upload page writes or matches against. With one town there is nothing to choose and the page looks as
/// it always did (the import means the only town). With several, the user picks one of the towns they may see, and
/// nothing is read before they have.
/// </summary>
/// <param name="Joint">Whether the installation has several towns (only then is the field shown).</param>
/// <param name="Towns">The towns the signed-in user may see, in the order they were added.</param>
public sealed record ImportTownChoice(bool Joint, IReadOnlyList<Town> Towns)
{
    /// <summary>A single-town installation: nothing to choose.</summary>
    public static ImportTownChoice Single { get; } = new(false, []);

    /// <summary>The choice for <paramref name="user"/>.</summary>
    public static async Task<ImportTownChoice> LoadAsync(TownAccess access, ClaimsPrincipal user, CancellationToken cancellationToken = default) =>
        await access.IsJointAsync(cancellationToken)
            ? new ImportTownChoice(true, await access.VisibleTownsAsync(user, cancellationToken))
            : Single;

    /// <summary>The town chosen first: the user's only town, else none (they must pick).</summary>
    public int? Initial => Joint && Towns.Count == 1 ? Towns[0].TownId : null;

    /// <summary>The chosen town, when it is one the user may see; null with one town (the import means the only town).</summary>
    public Town? Find(int? townId) => Joint ? Towns.FirstOrDefault(t => t.TownId == townId) : null;

    /// <summary>Why the upload cannot go on yet (Japanese), or null.</summary>
    public string? Problem(int? townId) =>
        !Joint ? null
        : Towns.Count == 0 ? "取り込める町がありません（担当の町が設定されていません）。"
        : Find(townId) is null ? "取り込む町を選んでください。"
        : null;
}
