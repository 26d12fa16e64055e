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
    /// <summary>
    /// Statements run on every connection after the dialect's own (<see cref="SqlDialect.SessionSql"/>), or null.
    /// Not read from configuration: tests use it to cap a SQLite file with <c>PRAGMA max_page_count</c>, which
    /// holds per connection, to make the database full.
    /// </summary>
    public string? ExtraSessionSql { get; init; }

    /// <summary>The connection string used when none is configured for SQLite.</summary>
    public const string DefaultSqliteConnectionString = "Data Source=App_Data/callcenter.db";
}
