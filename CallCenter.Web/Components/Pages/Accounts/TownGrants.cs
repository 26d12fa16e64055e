using System.Globalization;
using System.Security.Claims;
using CallCenter.Data.Audit;
using CallCenter.Data.Database;
using CallCenter.Data.Towns;
using CallCenter.Web.Security;

namespace CallCenter.Web.Components.Pages.Accounts;

/// <summary>
/// What the signed-in admin may do with towns on ユーザー管理 and APIキー: the installation's towns, the admin's own
/// scope, and the towns the admin may hand out.
/// </summary>
/// <param name="Joint">Whether several towns exist: only then do the pages show a 町 column and town fields.</param>
/// <param name="All">Every town of the installation.</param>
/// <param name="Grantor">The admin's own scope.</param>
public sealed record TownGrantView(bool Joint, IReadOnlyList<Town> All, TownScope Grantor)
{
    /// <summary>No towns shown (a single-town installation).</summary>
    public static TownGrantView Single { get; } = new(false, [], TownScope.All);

    /// <summary>The towns the admin may hand out: all for an all-towns admin, else the admin's own.</summary>
    public IReadOnlyList<Town> Choices => [.. All.Where(t => Grantor.Includes(t.TownId))];

    /// <summary>Whether the admin must choose towns (a limited admin cannot grant 「すべての町」).</summary>
    public bool MustChoose => !Grantor.IsAll;

    /// <summary>「すべての町」 or 「大熊町・富岡町」 (a one-town installation: 「すべての町」).</summary>
    public string Describe(TownScope scope) => TownGrants.Describe(scope, All);

    /// <summary>「すべての町」 or 「汐見町・大熊町」: names only, for the narrow 町 columns (codes are on the check boxes).</summary>
    public string Names(TownScope scope) =>
        scope.IsAll ? "すべての町" : string.Join("・", scope.TownIds!.Select(id => All.FirstOrDefault(t => t.TownId == id)?.Name ?? "?"));
}

/// <summary>
/// Changing an account's or API key's towns, audited in the same transaction ("who changed whose towns from what to
/// what"). The rule for an admin limited to some towns: it may only give towns of its own scope, must give at least one
/// (no towns = every town, wider than its own), and may only change accounts and keys whose towns already lie inside its
/// own (it cannot narrow, and so cannot lock out, someone who sees more than it does). An all-towns admin may do anything.
/// </summary>
public sealed class TownGrants(TownRepository towns, TownAccess access, ConnectionFactory connections, TimeProvider time)
{
    /// <summary>The towns and the admin's scope for the pages.</summary>
    public async Task<TownGrantView> ViewAsync(ClaimsPrincipal by, CancellationToken cancellationToken = default)
    {
        var all = await access.TownsAsync(cancellationToken);
        return new TownGrantView(all.Count > 1, all, await access.ScopeAsync(by, cancellationToken));
    }

    /// <summary>「すべての町」 or the towns' labels joined by 「・」.</summary>
    public static string Describe(TownScope scope, IReadOnlyList<Town> all) =>
        scope.IsAll ? "すべての町" : scope.TownIds!.Count == 0 ? "なし"
        : string.Join("・", scope.TownIds.Select(id => all.FirstOrDefault(t => t.TownId == id)?.Label ?? $"町ID {id.ToString(CultureInfo.InvariantCulture)}"));

    /// <summary>The scope meant by the towns ticked (none: all towns).</summary>
    public static TownScope ScopeOf(IReadOnlyCollection<int> chosen) => chosen.Count == 0 ? TownScope.All : TownScope.Only(chosen);

    /// <summary>
    /// Why <paramref name="grantor"/> may not give <paramref name="chosen"/> (none: all towns) to an account or key whose
    /// towns are <paramref name="current"/> (null: a new one), in Japanese; null when it may.
    /// </summary>
    public static string? Problem(TownScope grantor, TownScope? current, IReadOnlyCollection<int> chosen, IReadOnlyList<Town> all)
    {
        if (chosen.Any(id => all.All(t => t.TownId != id)))
        {
            return "存在しない町が選ばれています。画面を読み込み直してください。";
        }
        if (grantor.IsAll)
        {
            return null;
        }
        if (current is not null && (current.IsAll || current.TownIds!.Any(id => !grantor.Includes(id))))
        {
            return "担当外の町も見る対象なので、町を変更できません。すべての町を担当する管理者に依頼してください。";
        }
        if (chosen.Count == 0)
        {
            return "町を1つ以上選んでください（選ばないと、すべての町を見られるようになります）。";
        }
        var outside = all.FirstOrDefault(t => chosen.Contains(t.TownId) && !grantor.Includes(t.TownId));
        return outside is null ? null : $"担当外の町（{outside.Label}）は選べません。";
    }

    /// <summary>The answer to an action on an API key the admin does not manage (or that no longer exists).</summary>
    public const string NotFoundApiKey = "このAPIキーは見つかりません。画面を開き直してください。";

    /// <summary>
    /// Whether the admin of <paramref name="view"/> manages an account or key whose towns are <paramref name="current"/>: an
    /// all-towns admin (or any admin of a single-town installation) every one; a limited admin those limited to its own
    /// towns. Another is not found for it (the lists leave it out too).
    /// </summary>
    public static bool Manages(TownGrantView view, TownScope current) =>
        !view.Joint || view.Grantor.IsAll || !current.IsAll && current.TownIds!.All(view.Grantor.Includes);

    /// <summary>The account's towns.</summary>
    public Task<TownScope> OfUserAsync(int userId, CancellationToken cancellationToken = default) => towns.ScopeOfUserAsync(userId, cancellationToken);

    /// <summary>The key's towns.</summary>
    public Task<TownScope> OfApiKeyAsync(int apiKeyId, CancellationToken cancellationToken = default) => towns.ScopeOfApiKeyAsync(apiKeyId, cancellationToken);

    /// <summary>Sets an account's towns (<paramref name="label"/>: 「表示名（ユーザー名）」) with its audit row; the message and whether it was refused.</summary>
    /// <param name="created">The account was just created by this admin (checked as new: its momentary 「すべての町」 is not its own choice).</param>
    public async Task<(string Text, bool Refused)> SetUserAsync(int userId, string userName, string label, IReadOnlyCollection<int> chosen, ClaimsPrincipal by,
        bool created = false, CancellationToken cancellationToken = default)
    {
        var view = await ViewAsync(by, cancellationToken);
        var current = await towns.ScopeOfUserAsync(userId, cancellationToken);
        if (!created && !Manages(view, current))
        {
            return (UserAdministration.NotFound, true);
        }
        if (Problem(view.Grantor, created ? null : current, chosen, view.All) is { } problem)
        {
            return (problem, true);
        }
        var next = ScopeOf(chosen);
        await using (var write = await AuditedWrite.BeginAsync(connections, time, by.Operator(), cancellationToken))
        {
            await TownRepository.SetUserScopeAsync(write.Connection, write.Transaction, userId, next, cancellationToken);
            await write.AuditAsync(AuditActions.SetUserTowns, "user", userName, details: $"町 {view.Describe(current)} → {view.Describe(next)}");
            await write.CommitAsync();
        }
        return ($"「{label}」の町を「{view.Describe(next)}」にしました。", false);
    }

    /// <summary>Sets an API key's towns with its audit row; the message and whether it was refused.</summary>
    public async Task<(string Text, bool Refused)> SetApiKeyAsync(int apiKeyId, string name, IReadOnlyCollection<int> chosen, ClaimsPrincipal by,
        bool created = false, CancellationToken cancellationToken = default)
    {
        var view = await ViewAsync(by, cancellationToken);
        var current = await towns.ScopeOfApiKeyAsync(apiKeyId, cancellationToken);
        if (!created && !Manages(view, current))
        {
            return (NotFoundApiKey, true);
        }
        if (Problem(view.Grantor, created ? null : current, chosen, view.All) is { } problem)
        {
            return (problem, true);
        }
        var next = ScopeOf(chosen);
        await using (var write = await AuditedWrite.BeginAsync(connections, time, by.Operator(), cancellationToken))
        {
            await TownRepository.SetApiKeyScopeAsync(write.Connection, write.Transaction, apiKeyId, next, cancellationToken);
            await write.AuditAsync(AuditActions.SetApiKeyTowns, "api-key", apiKeyId.ToString(CultureInfo.InvariantCulture),
                details: $"名前「{name}」・町 {view.Describe(current)} → {view.Describe(next)}");
            await write.CommitAsync();
        }
        return ($"APIキー「{name}」の町を「{view.Describe(next)}」にしました。", false);
    }
}
