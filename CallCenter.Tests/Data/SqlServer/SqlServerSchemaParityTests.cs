using Dapper;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace CallCenter.Tests.Data.SqlServer;

/// <summary>
/// Both dialects define the same tables, columns and indexes (names compared case-insensitively): the SQL Server side
/// as ScriptDom reads db/sqlserver, the SQLite side as SQLite itself reports it after running the migrations.
/// </summary>
public sealed class SqlServerSchemaParityTests : IAsyncLifetime
{
    // DbUp's journal: each engine gets its own, created by DbUp rather than by the scripts.
    private const string Journal = "SchemaVersions";

    private readonly TestDatabase.SqliteTestDatabase sqlite = TestDatabase.CreateSqlite();
    private Schema sqliteSchema = new();

    public Task InitializeAsync()
    {
        sqlite.Migrate();
        sqliteSchema = ReadSqlite();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await sqlite.DisposeAsync();

    [Fact]
    public void Tables_AreTheSame_When_BothDialectsAreMigrated()
    {
        var sqlServer = ReadSqlServer();

        Assert.NotEmpty(sqlServer.Tables);
        AssertSameNames("table", sqlServer.Tables.Keys, sqliteSchema.Tables.Keys);
    }

    [Fact]
    public void Columns_AreTheSame_When_BothDialectsAreMigrated()
    {
        var sqlServer = ReadSqlServer();
        var differences = sqlServer.Tables.Keys.Intersect(sqliteSchema.Tables.Keys, StringComparer.OrdinalIgnoreCase)
            .SelectMany(t => Differences($"column of {t}", sqlServer.Tables[t], sqliteSchema.Tables[t]))
            .ToList();

        Assert.Contains(sqlServer.Tables["Residents"], c => c.Equals("KanaKey", StringComparison.OrdinalIgnoreCase));
        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    [Fact]
    public void Indexes_AreTheSame_When_BothDialectsAreMigrated()
    {
        var sqlServer = ReadSqlServer();

        Assert.NotEmpty(sqlServer.Indexes);
        AssertSameNames("index", sqlServer.Indexes, sqliteSchema.Indexes);
    }

    [Fact]
    public void ReadSqlServer_FollowsLaterScripts_When_TheyAlterOrDrop()
    {
        // Proof that a migration adding or dropping columns and tables is followed, so the comparison stays honest.
        var schema = ReadSqlServer(
        [
            "CREATE TABLE dbo.A (Id INT NOT NULL, Old INT NULL); CREATE TABLE dbo.B (Id INT NOT NULL); CREATE INDEX IX_A_Old ON dbo.A (Old);",
            "ALTER TABLE dbo.A ADD New INT NULL; DROP INDEX IX_A_Old ON dbo.A; ALTER TABLE dbo.A DROP COLUMN Old; DROP TABLE dbo.B;",
        ]);

        Assert.Equal(["A"], schema.Tables.Keys);
        Assert.Equal(["Id", "New"], schema.Tables["A"].Order(StringComparer.Ordinal));
        Assert.Empty(schema.Indexes);
    }

    private static void AssertSameNames(string what, IEnumerable<string> sqlServer, IEnumerable<string> sqlite)
    {
        var differences = Differences(what, sqlServer, sqlite).ToList();
        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    private static IEnumerable<string> Differences(string what, IEnumerable<string> sqlServer, IEnumerable<string> sqlite)
    {
        foreach (var name in sqlServer.Except(sqlite, StringComparer.OrdinalIgnoreCase))
        {
            yield return $"{what} {name} is in db/sqlserver but not in db/sqlite";
        }
        foreach (var name in sqlite.Except(sqlServer, StringComparer.OrdinalIgnoreCase))
        {
            yield return $"{what} {name} is in db/sqlite but not in db/sqlserver";
        }
    }

    private Schema ReadSqlite()
    {
        using var connection = sqlite.Connections.Dialect.CreateConnection(sqlite.Connections.ConnectionString);
        connection.Open();
        var schema = new Schema();
        var tables = connection.Query<string>(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'");
        foreach (var table in tables.Where(t => !t.Equals(Journal, StringComparison.OrdinalIgnoreCase)))
        {
            var columns = connection.Query<string>($"SELECT name FROM pragma_table_info('{table.Replace("'", "''")}')");
            schema.Tables[table] = new HashSet<string>(columns, StringComparer.OrdinalIgnoreCase);
        }
        // sqlite_autoindex_* back UNIQUE and PRIMARY KEY constraints, which SQL Server names as constraints instead.
        schema.Indexes.UnionWith(connection.Query<string>(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND tbl_name <> @Journal",
            new { Journal }));
        return schema;
    }

    private static Schema ReadSqlServer() =>
        ReadSqlServer(SqlServerSources.Scripts("sqlserver").Select(File.ReadAllText));

    /// <summary>Replays the scripts' CREATE/ALTER/DROP of tables, columns and indexes, in order.</summary>
    private static Schema ReadSqlServer(IEnumerable<string> scripts)
    {
        var schema = new Schema();
        foreach (var script in scripts)
        {
            var (fragment, errors) = SqlServerSources.Parse(script);
            Assert.Empty(errors);
            foreach (var statement in SqlServerSources.Statements(fragment))
            {
                switch (statement)
                {
                    case CreateTableStatement create:
                        schema.Tables[create.SchemaObjectName.BaseIdentifier.Value] = new HashSet<string>(
                            create.Definition.ColumnDefinitions.Select(c => c.ColumnIdentifier.Value), StringComparer.OrdinalIgnoreCase);
                        break;
                    case AlterTableAddTableElementStatement add:
                        schema.Tables[add.SchemaObjectName.BaseIdentifier.Value]
                            .UnionWith(add.Definition.ColumnDefinitions.Select(c => c.ColumnIdentifier.Value));
                        break;
                    case AlterTableDropTableElementStatement drop:
                        schema.Tables[drop.SchemaObjectName.BaseIdentifier.Value].ExceptWith(drop.AlterTableDropTableElements
                            .Where(e => e.TableElementType == TableElementType.Column)
                            .Select(e => e.Name.Value));
                        break;
                    case DropTableStatement drop:
                        foreach (var table in drop.Objects)
                        {
                            schema.Tables.Remove(table.BaseIdentifier.Value);
                        }
                        break;
                    case CreateIndexStatement index:
                        schema.Indexes.Add(index.Name.Value);
                        break;
                    case DropIndexStatement drop:
                        schema.Indexes.ExceptWith(drop.DropIndexClauses.OfType<DropIndexClause>().Select(c => c.Index.Value));
                        break;
                }
            }
        }
        return schema;
    }

    private sealed class Schema
    {
        public Dictionary<string, HashSet<string>> Tables { get; } = new(StringComparer.OrdinalIgnoreCase);
        public HashSet<string> Indexes { get; } = new(StringComparer.OrdinalIgnoreCase);
    }
}
