using CallCenter.Data;
using CallCenter.Data.Database;
using Microsoft.Extensions.Configuration;

namespace CallCenter.Tests.Data;

public class DataServiceCollectionExtensionsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void ReadOptions_DefaultsToSqliteInAppData_When_NothingConfigured()
    {
        var options = DataServiceCollectionExtensions.ReadOptions(Config(), "/srv/app");

        Assert.Equal(DatabaseProvider.Sqlite, options.Provider);
        Assert.Contains("/srv/app/App_Data/callcenter.db", options.ConnectionString);
    }

    [Fact]
    public void ReadOptions_ReadsSqlServer_When_Configured()
    {
        var options = DataServiceCollectionExtensions.ReadOptions(
            Config(("Database:Provider", "SqlServer"), ("ConnectionStrings:CallCenter", "Server=db;Database=CallCenter")));

        Assert.Equal(new DatabaseOptions(DatabaseProvider.SqlServer, "Server=db;Database=CallCenter"), options);
    }

    [Fact]
    public void ReadOptions_ExplainsWhy_When_ProviderIsUnknown()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            DataServiceCollectionExtensions.ReadOptions(Config(("Database:Provider", "Postgres"))));
        Assert.Contains("Database:Provider must be Sqlite or SqlServer", e.Message);
    }

    [Fact]
    public void ReadOptions_ExplainsWhy_When_SqlServerHasNoConnectionString()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            DataServiceCollectionExtensions.ReadOptions(Config(("Database:Provider", "SqlServer"))));
        Assert.Contains("ConnectionStrings:CallCenter", e.Message);
    }

    [Fact]
    public void Render_ReplacesDialectTokens_PerEngine()
    {
        const string sql = "SELECT 1 ORDER BY 1 {page}; {last_id}";

        Assert.Equal("SELECT 1 ORDER BY 1 LIMIT @Take OFFSET @Skip; SELECT last_insert_rowid();", SqlDialect.Sqlite.Render(sql));
        Assert.Equal("SELECT 1 ORDER BY 1 OFFSET @Skip ROWS FETCH NEXT @Take ROWS ONLY; SELECT CAST(SCOPE_IDENTITY() AS BIGINT);",
            SqlDialect.SqlServer.Render(sql));
    }
}
