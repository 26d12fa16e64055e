namespace CallCenter.Data.Database;

/// <summary>Which database engine serves the data layer.</summary>
public enum DatabaseProvider
{
    /// <summary>Embedded SQLite file: the default, needs no server.</summary>
    Sqlite,
    /// <summary>Microsoft SQL Server: the production database.</summary>
    SqlServer,
}

/// <summary>
/// Configuration of the data layer: <c>Database:Provider</c> and <c>ConnectionStrings:CallCenter</c>.
/// </summary>
public sealed record DatabaseOptions(DatabaseProvider Provider, string ConnectionString)
{
    /// <summary>The connection string used when none is configured for SQLite.</summary>
    public const string DefaultSqliteConnectionString = "Data Source=App_Data/callcenter.db";
}
