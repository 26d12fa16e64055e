namespace CallCenter.Tests.Data.SqlServer;

/// <summary>The SQL Server schema scripts parse as T-SQL (SQL Server 2022 grammar) and pair up with the SQLite ones.</summary>
public sealed class SqlServerScriptTests
{
    public static TheoryData<string> ScriptFiles() =>
        new(SqlServerSources.Scripts("sqlserver").Select(SqlServerSources.Relative));

    [Fact]
    public void Scripts_AreFound_When_RepositoryIsRead()
    {
        Assert.NotEmpty(SqlServerSources.Scripts("sqlserver"));
        Assert.NotEmpty(SqlServerSources.Scripts("sqlite"));
    }

    [Theory]
    [MemberData(nameof(ScriptFiles))]
    public void Parse_ReportsNoErrors_When_ScriptIsRead(string script)
    {
        var path = Path.Combine(SqlServerSources.RepositoryRoot, script);
        var (_, errors) = SqlServerSources.Parse(File.ReadAllText(path));

        Assert.True(errors.Count == 0,
            $"{script} is not valid T-SQL:\n" + string.Join("\n", errors.Select(e => $"{script}({e.Line},{e.Column}): {e.Message}")));
    }

    [Fact]
    public void Parse_ReportsLineAndColumn_When_ScriptHasSyntaxError()
    {
        // SQLite's AUTOINCREMENT, as it would look if a SQLite script were copied into db/sqlserver.
        var (_, errors) = SqlServerSources.Parse("CREATE TABLE dbo.T (\n    Id INT NOT NULL,\n    Name NVARCHAR(50) PRIMARY KEY AUTOINCREMENT\n);");

        var error = Assert.Single(errors);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Scripts_HaveTwinInOtherDialect_When_Numbered()
    {
        var sqlServer = Numbers("sqlserver");
        var sqlite = Numbers("sqlite");

        Assert.True(sqlServer.SetEquals(sqlite),
            $"db/sqlserver only: [{string.Join(", ", sqlServer.Except(sqlite))}]; db/sqlite only: [{string.Join(", ", sqlite.Except(sqlServer))}]");
        Assert.Equal(Numbers("sqlserver").Count, SqlServerSources.Scripts("sqlserver").Count);
        Assert.Equal(Numbers("sqlite").Count, SqlServerSources.Scripts("sqlite").Count);
    }

    private static HashSet<string> Numbers(string dialect) =>
        SqlServerSources.Scripts(dialect).Select(p => Path.GetFileName(p).Split('_')[0]).ToHashSet(StringComparer.Ordinal);
}
