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
    public int ApiKeyId { get; init; }
    public required string Name { get; init; }
    public required string Scope { get; init; }
    public required string KeyPrefix { get; init; }
    public DateTime CreatedAt { get; init; }
    public string? CreatedBy { get; init; }
    public DateTime? RevokedAt { get; init; }
    public string? RevokedBy { get; init; }
    public DateTime? LastUsedAt { get; init; }

    /// <summary>True while the key is accepted.</summary>
    public bool IsActive => RevokedAt is null;
}

/// <summary>Scope names as used on the command line and in JSON.</summary>
public static class ApiKeyScopes
{
    public static string Name(this ApiKeyScope scope) => scope == ApiKeyScope.Read ? "read" : "export";

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
