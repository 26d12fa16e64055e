using Microsoft.Data.Sqlite;

namespace CallCenter.Tests.Data.Database;

/// <summary>
/// Raw access to SQLite files for the migration tests: a database migrated to the newest script is copied row by row into
/// one stopped before the migration under test, which then runs over real rows.
/// </summary>
internal static class MigrationFiles
{
    public static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Foreign Keys=False;Pooling=False");
        connection.Open();
        return connection;
    }

    public static List<string> Strings(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var list = new List<string>();
        while (reader.Read())
        {
            list.Add(reader.IsDBNull(0) ? "" : Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }
        return list;
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static List<string> Tables(SqliteConnection connection, string schema = "main") =>
        Strings(connection, $"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'SchemaVersions' ORDER BY name");

    public static List<string> Columns(SqliteConnection connection, string table, string schema = "main") =>
        Strings(connection, $"SELECT name FROM pragma_table_info('{table}', '{schema}') ORDER BY cid");

    /// <summary>Every row of the product's tables from <paramref name="from"/> into the same columns of <paramref name="to"/>.</summary>
    public static void CopyRows(string from, string to)
    {
        using var connection = Open(to);
        var triggers = Strings(connection, "SELECT sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name");
        foreach (var name in Strings(connection, "SELECT name FROM sqlite_master WHERE type = 'trigger'"))
        {
            Execute(connection, $"DROP TRIGGER \"{name}\"");
        }
        Execute(connection, $"ATTACH DATABASE '{from.Replace("'", "''", StringComparison.Ordinal)}' AS src");
        using (var transaction = connection.BeginTransaction())
        {
            foreach (var table in Tables(connection))
            {
                var own = Columns(connection, table);
                var columns = string.Join(", ", own.Select(c => $"\"{c}\""));
                // A summary that a later migration keys by more columns (RequestTallies by town, 0025) holds rows that
                // collapse onto one key here: its derived rows are taken once each. The migration under test is compared
                // with this database's own rows before it, so what the summaries hold here only has to be consistent.
                var rekeyed = table is not ("Residents" or "Households") && Columns(connection, table, "src").Except(own).Any();
                Execute(connection, $"DELETE FROM main.\"{table}\"");
                Execute(connection, $"INSERT {(rekeyed ? "OR IGNORE " : "")}INTO main.\"{table}\" ({columns}) SELECT {columns} FROM src.\"{table}\"");
            }
            transaction.Commit();
        }
        Execute(connection, "DETACH DATABASE src");
        foreach (var sql in triggers)
        {
            Execute(connection, sql);
        }
    }
}
