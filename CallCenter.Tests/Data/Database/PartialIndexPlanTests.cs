using CallCenter.Data.Dashboard;
using CallCenter.Data.Database;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;
using Dapper;

namespace CallCenter.Tests.Data.Database;

/// <summary>
/// db/sqlite/0031 made four mostly empty indexes of Residents partial (only rows with a value). SQLite takes a partial
/// index only when the query implies its WHERE: these are the statements that seek each one, and each must still search
/// it rather than scan the register. The register import leaves partial indexes in place (nothing to rebuild).
/// </summary>
public sealed class PartialIndexPlanTests : DatabaseTests<OnSqlite>
{
    public static TheoryData<string, string> Statements => new()
    {
        { "SearchIndex.ChangedRowsSql", "IX_Residents_SearchStamp" },
        { "ResidentSearch.ByPhoneSql", "IX_Residents_ContactPhoneKey" },
        { "ReportRepository.HistorySql", "IX_Residents_MergedIntoResidentId" },
        { "DashboardRepository.PendingApprovalSql", "IX_Residents_PendingStatus" },
    };

    [Theory]
    [MemberData(nameof(Statements))]
    public async Task EachStatement_StillSearchesItsPartialIndex(string statement, string index)
    {
        var (typeName, field) = (statement.Split('.')[0], statement.Split('.')[1]);
        var type = new[] { typeof(SearchIndex), typeof(ResidentSearch), typeof(ReportRepository), typeof(DashboardRepository) }
            .Single(t => t.Name == typeName);
        var sql = Connections.Dialect.Render(QueryPlans.Statement(type, field)).Replace("/*towns*/", "", StringComparison.Ordinal);
        var plan = await QueryPlans.ReadAsync(Connections, sql, new { Version = 1L, LastResidentId = 1L, Phone = "0901234", ResidentId = 1L });

        Assert.True(QueryPlans.Seeks(plan, index), string.Join(" / ", plan));
        Assert.DoesNotContain(plan, d => d.StartsWith("SCAN r", StringComparison.Ordinal) || d.StartsWith("SCAN m", StringComparison.Ordinal)
                                         || d == "SCAN Residents");
    }

    [Fact]
    public async Task TheFourIndexes_ArePartial_And_TheImportDoesNotListThemToRebuild()
    {
        await using var connection = await Connections.OpenAsync();
        var partial = (await connection.QueryAsync<string>(
            "SELECT name FROM pragma_index_list('Residents') WHERE partial = 1 ORDER BY name")).ToList();
        var rebuilt = (await connection.QueryAsync<(string Name, string Sql)>(Connections.Dialect.SecondaryIndexesSql!, new { Table = "Residents" }))
            .Select(i => i.Name).ToList();

        Assert.Equal(["IX_Residents_ContactPhoneKey", "IX_Residents_MergedIntoResidentId", "IX_Residents_PendingStatus", "IX_Residents_SearchStamp"], partial);
        Assert.Empty(partial.Intersect(rebuilt));
        Assert.Contains("IX_Residents_NameKey", rebuilt);
    }
}
