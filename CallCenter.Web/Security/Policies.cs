using CallCenter.Data.Accounts;

namespace CallCenter.Web.Security;

/// <summary>Authorization policy names and the claims they read.</summary>
public static class Policies
{
    /// <summary>Any signed-in staff member.</summary>
    public const string Operator = "Operator";

    /// <summary>Supervisors and admins.</summary>
    public const string Supervisor = "Supervisor";

    /// <summary>Admins only.</summary>
    public const string Admin = "Admin";

    /// <summary>Any valid API key.</summary>
    public const string ApiKey = "ApiKey";

    /// <summary>An API key with scope <c>read</c>.</summary>
    public const string ApiRead = "ApiRead";

    /// <summary>An API key with scope <c>export</c>.</summary>
    public const string ApiExport = "ApiExport";

    /// <summary>The role names a policy admits.</summary>
    public static string[] RolesFor(UserRole minimum) =>
        Enum.GetValues<UserRole>().Where(r => r >= minimum).Select(r => r.ToString()).ToArray();
}

/// <summary>Claim types the app adds besides the standard ones.</summary>
public static class CallCenterClaims
{
    public const string DisplayName = "cc:display_name";
    public const string Site = "cc:site";
    public const string SessionId = "cc:sid";
    public const string ApiKeyId = "cc:api_key_id";
    public const string Scope = "cc:scope";
}
