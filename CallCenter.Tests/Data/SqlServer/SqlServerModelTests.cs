using Xunit.Abstractions;

namespace CallCenter.Tests.Data.SqlServer;

/// <summary>
/// DacFx resolves the schema and every data-layer statement against it: a table or column that does not exist in
/// db/sqlserver fails here, naming the statement.
/// </summary>
public sealed class SqlServerModelTests(SqlServerModelFixture model, ITestOutputHelper output) : IClassFixture<SqlServerModelFixture>
{
    public static TheoryData<string, string> Statements() => DataStatement.Cases();

    [Fact]
    public void Validate_ReportsNoErrors_When_SchemaScriptsAreModelled()
    {
        foreach (var message in model.SchemaMessages)
        {
            output.WriteLine(message);
        }
        foreach (var skipped in model.Skipped)
        {
            output.WriteLine($"skipped: {skipped}");
        }

        Assert.True(model.LoadErrors.Count == 0, string.Join("\n", model.LoadErrors));
        Assert.True(model.SchemaProblems.Count == 0, string.Join("\n", model.SchemaProblems));
        Assert.NotEmpty(model.Model.GetObjects(Microsoft.SqlServer.Dac.Model.DacQueryScopes.UserDefined, Microsoft.SqlServer.Dac.Model.Table.TypeClass));
    }

    [Fact]
    public void Build_SkipsOnlyDataStatements_When_ScriptsAreSplit()
    {
        // A skipped ALTER/DROP/EXEC would leave the model unlike the real database; such a script needs the
        // fixture taught how to model it, not a silent skip.
        var schemaChanges = model.Skipped
            .Where(s => !SqlServerModelFixture.SkippableStatementTypes.Any(t => s.EndsWith(" " + t.Name, StringComparison.Ordinal)))
            .ToList();

        Assert.True(schemaChanges.Count == 0, "not modelled: " + string.Join("; ", schemaChanges));
    }

    [Theory]
    [MemberData(nameof(Statements))]
    public void Validate_ResolvesEveryReference_When_StatementIsWrappedInProcedure(string type, string field)
    {
        var statement = DataStatement.Get(type, field).Name;
        var problems = model.StatementProblems[statement];

        Assert.True(problems.Count == 0,
            $"{statement} does not resolve against db/sqlserver:\n{string.Join("\n", problems)}\n--- checked as ---\n"
            + SqlServerModelFixture.WrapInProcedure(statement, DataStatement.All[statement].Rendered));
    }

    [Fact]
    public void Check_ReportsEveryStatement_When_AllAreChecked()
    {
        Assert.Equal(DataStatement.All.Keys.Order(StringComparer.Ordinal), model.StatementProblems.Keys.Order(StringComparer.Ordinal));
        Assert.False(model.StatementProblems.ContainsKey(SqlServerModelFixture.Unattributed),
            string.Join("\n", model.StatementProblems.GetValueOrDefault(SqlServerModelFixture.Unattributed) ?? []));
    }

    [Fact]
    public void Check_ReportsUnresolvedReferences_When_StatementNamesUnknownColumnOrTable()
    {
        var problems = model.Check(
        [
            ("Proof.UnknownColumnSql", "SELECT ResidentId, NoSuchColumn FROM Residents WHERE ResidentNo = @ResidentNo"),
            ("Proof.UnknownTableSql", "UPDATE NoSuchTable SET Value = @Value WHERE Name = @Name"),
            ("Proof.UnknownSetColumnSql", "UPDATE Settings SET NoSuchValue = @Value WHERE Name = @Name"),
            ("Proof.GoodSql", "SELECT ResidentId FROM Residents WHERE ResidentNo = @ResidentNo"),
        ]);

        Assert.Contains(problems["Proof.UnknownColumnSql"], p => p.Contains("NoSuchColumn", StringComparison.Ordinal));
        Assert.Contains(problems["Proof.UnknownTableSql"], p => p.Contains("NoSuchTable", StringComparison.Ordinal));
        Assert.Contains(problems["Proof.UnknownSetColumnSql"], p => p.Contains("NoSuchValue", StringComparison.Ordinal));
        Assert.Empty(problems["Proof.GoodSql"]);
        Assert.False(problems.ContainsKey(SqlServerModelFixture.Unattributed));
    }

    [Fact]
    public void Check_ResolvesTempTables_When_TheDataLayerCreatesThem()
    {
        // DacFx resolves a #table by name (one that no statement creates fails) but does not check its columns: those
        // are run on SQLite by the import tests.
        var problems = model.Check(
        [
            ("Proof.TempUnknownTableSql", "SELECT Line FROM #NoSuchStaging"),
            ("Proof.TempGoodSql", "SELECT s.Line, r.ResidentId FROM #RegisterRows s JOIN Residents r ON r.ResidentNo = s.ResidentNo"),
        ]);

        Assert.Contains(problems["Proof.TempUnknownTableSql"], p => p.Contains("#NoSuchStaging", StringComparison.Ordinal));
        Assert.Empty(problems["Proof.TempGoodSql"]);
    }

    [Fact]
    public void Check_LeavesModelAsSchemaOnly_When_Done()
    {
        model.Check([("Proof.LeftoverSql", "SELECT 1 FROM Settings")]);

        var procedures = model.Model.GetObjects(Microsoft.SqlServer.Dac.Model.DacQueryScopes.UserDefined, Microsoft.SqlServer.Dac.Model.Procedure.TypeClass);
        Assert.Empty(procedures);
    }
}
