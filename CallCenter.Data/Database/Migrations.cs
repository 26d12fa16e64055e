using System.Reflection;
using DbUp;
using DbUp.Builder;

namespace CallCenter.Data.Database;

/// <summary>The outcome of applying migrations.</summary>
public sealed record MigrationResult(IReadOnlyList<string> Applied);

/// <summary>
/// Applies the numbered scripts under <c>db/&lt;dialect&gt;/</c> (embedded in this assembly) with DbUp.
/// Already-applied scripts are recorded in the <c>SchemaVersions</c> journal and never run twice.
/// </summary>
public sealed class Migrations(ConnectionFactory connections, Towns.TownDefaults? townDefaults = null)
{
    /// <summary>Names of the embedded scripts for a provider, in the order they apply.</summary>
    public static IReadOnlyList<string> ScriptNames(DatabaseProvider provider)
    {
        var prefix = ResourcePrefix(provider);
        return typeof(Migrations).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Reads an embedded script's text.</summary>
    public static string ReadScript(string resourceName)
    {
        using var stream = typeof(Migrations).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new FileNotFoundException(resourceName);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// For tests only: applies the scripts numbered below this one (e.g. "0024") and stops, so a test can build a
    /// database as an older release left it and then watch a later script migrate it. The first town is not configured.
    /// </summary>
    internal string? StopBefore { get; init; }

    /// <summary>Brings the schema up to date. Throws <see cref="MigrationException"/> naming the failed script.</summary>
    public MigrationResult Apply()
    {
        var options = connections.Options;
        var prefix = ResourcePrefix(options.Provider);
        UpgradeEngineBuilder builder;
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            connections.Dialect.PrepareDatabase(connections.ConnectionString);
            builder = DeployChanges.To.SqliteDatabase(connections.Dialect.MigrationConnectionString(connections.ConnectionString));
        }
        else
        {
            builder = DeployChanges.To.SqlDatabase(options.ConnectionString);
        }

        var engine = builder
            .WithScriptsEmbeddedInAssembly(Assembly.GetExecutingAssembly(), name => name.StartsWith(prefix, StringComparison.Ordinal)
                && (StopBefore is null || string.CompareOrdinal(name[prefix.Length..], StopBefore) < 0))
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build();
        var result = engine.PerformUpgrade();
        if (!result.Successful)
        {
            throw new MigrationException(
                $"Migration {result.ErrorScript?.Name ?? "(unknown)"} failed: {result.Error?.Message}", result.Error);
        }
        ThrowIfForeignKeysBroken();
        if (townDefaults is not null && StopBefore is null)
        {
            using var connection = connections.Dialect.CreateConnection(connections.ConnectionString);
            connection.Open();
            Towns.TownRepository.ConfigureFirst(connection, townDefaults);
        }
        return new MigrationResult(result.Scripts.Select(s => s.Name).ToList());
    }

    // SQLite's migrations run with foreign keys off (a table rebuild drops a table others refer to): what they left
    // must still hold every key, or the app would start on a database its own writes then fail against.
    private void ThrowIfForeignKeysBroken()
    {
        if (connections.Dialect.ForeignKeyCheckSql is not { } check)
        {
            return;
        }
        using var connection = connections.Dialect.CreateConnection(connections.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = check;
        using var reader = command.ExecuteReader();
        if (reader.Read())
        {
            throw new MigrationException(
                $"Migrations left a broken foreign key: table {reader.GetValue(0)}, row {reader.GetValue(1)} refers to {reader.GetValue(2)}.", null);
        }
    }

    private static string ResourcePrefix(DatabaseProvider provider) =>
        provider == DatabaseProvider.Sqlite ? "db.sqlite." : "db.sqlserver.";
}

/// <summary>A migration script failed; the message names it.</summary>
public sealed class MigrationException(string message, Exception? inner) : Exception(message, inner);
