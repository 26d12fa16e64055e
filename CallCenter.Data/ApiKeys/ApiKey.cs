namespace CallCenter.Data.ApiKeys;

/// <summary>What an API key may call.</summary>
public enum ApiKeyScope
{
    /// <summary><c>read</c>: search and look-ups (a PBX screen-pop).</summary>
    Read,
    /// <summary><c>export</c>: the CSV exports.</summary>
    Export,
}

/// <summary>A stored API key (never the key itself: only its hash and first characters).</summary>
public sealed record ApiKey
{
    /// <summary>The key's id.</summary>
    public int ApiKeyId { get; init; }
    /// <summary>What the key is for, as the admin named it (e.g. 会津若松 集計出力).</summary>
    public required string Name { get; init; }
    /// <summary>The scope's name: <c>read</c> or <c>export</c>.</summary>
    public required string Scope { get; init; }
    /// <summary>The key's first characters, to recognise it in lists.</summary>
    public required string KeyPrefix { get; init; }
    /// <summary>When the key was created (UTC).</summary>
    public DateTime CreatedAt { get; init; }
    /// <summary>The admin who created it.</summary>
    public string? CreatedBy { get; init; }
    /// <summary>When it was revoked (UTC), or null while it is active.</summary>
    public DateTime? RevokedAt { get; init; }
    /// <summary>The admin who revoked it.</summary>
    public string? RevokedBy { get; init; }
    /// <summary>When it was last used (UTC), or null.</summary>
    public DateTime? LastUsedAt { get; init; }

    /// <summary>True while the key is accepted.</summary>
    public bool IsActive => RevokedAt is null;
}

/// <summary>Scope names as used on the command line and in JSON.</summary>
public static class ApiKeyScopes
{
    /// <summary>The scope's name: <c>read</c> or <c>export</c>.</summary>
    public static string Name(this ApiKeyScope scope) => scope == ApiKeyScope.Read ? "read" : "export";

    /// <summary>Reads a scope's name (<c>read</c>, <c>export</c>; case and spaces ignored).</summary>
    public static bool TryParse(string? text, out ApiKeyScope scope)
    {
        switch ((text ?? "").Trim().ToLowerInvariant())
        {
            case "read":
                scope = ApiKeyScope.Read;
                return true;
            case "export":
                scope = ApiKeyScope.Export;
                return true;
            default:
                scope = default;
                return false;
        }
    }
}
