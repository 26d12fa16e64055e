namespace CallCenter.Data.Accounts;

/// <summary>What a staff account may do. Each role includes everything of the roles before it.</summary>
public enum UserRole : byte
{
    /// <summary>オペレーター: search, view, record calls.</summary>
    Operator = 1,
    /// <summary>スーパーバイザー: also dashboards, exports, approvals.</summary>
    Supervisor = 2,
    /// <summary>管理者: also users, imports, API keys, audit log.</summary>
    Admin = 3,
}

/// <summary>Labels and parsing of <see cref="UserRole"/>.</summary>
public static class UserRoles
{
    /// <summary>The Japanese label of a role (オペレーター, スーパーバイザー, 管理者).</summary>
    public static string Label(this UserRole role) => role switch
    {
        UserRole.Operator => "オペレーター",
        UserRole.Supervisor => "スーパーバイザー",
        UserRole.Admin => "管理者",
        _ => role.ToString(),
    };

    /// <summary>Reads operator|supervisor|admin (the CLI's words), case-insensitive.</summary>
    public static bool TryParse(string? text, out UserRole role)
    {
        role = (text ?? "").Trim().ToLowerInvariant() switch
        {
            "operator" => UserRole.Operator,
            "supervisor" => UserRole.Supervisor,
            "admin" => UserRole.Admin,
            _ => 0,
        };
        return role != 0;
    }
}
