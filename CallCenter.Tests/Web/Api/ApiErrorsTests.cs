using System.Net;
using System.Text.Json;
using CallCenter.Data.ApiKeys;
using CallCenter.Data.Database;
using CallCenter.Tests.Browser;
using CallCenter.Tests.Web.Security;
using CallCenter.Web.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Api;

/// <summary>
/// Under faults the API still answers JSON, as the Production pipeline runs it (where a page error re-executes
/// the HTML error page): a storage fault is a 503 saying what happened, anything else a 500.
/// </summary>
public sealed class ApiErrorsTests : IAsyncLifetime
{
    private readonly ProductionAppFactory app = new();

    public Task InitializeAsync()
    {
        app.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private async Task<(HttpStatusCode Status, string? MediaType, string Error)> GetMeAsync(string key)
    {
        using var client = app.NewClient();
        client.Http.DefaultRequestHeaders.Add("X-Api-Key", key);
        using var response = await client.GetAsync("/api/me");
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, json.RootElement.GetProperty("error").GetString()!);
    }

    [Fact]
    public async Task Api_AnswersJson503_WithTheFault_When_TheDatabaseFileIsDeleted()
    {
        var (_, secret) = await app.CreateApiKeyAsync(ApiKeyScope.Read);

        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(app.DatabasePath + suffix);
        }
        var (status, mediaType, error) = await GetMeAsync(secret);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("application/json", mediaType);
        Assert.Equal(ApiErrors.FaultMessage(StorageFaultKind.Missing), error);
        Assert.Contains("データベースのファイルが見つかりません", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_AnswersJson500_When_AnUnexpectedErrorHappens()
    {
        var (_, secret) = await app.CreateApiKeyAsync(ApiKeyScope.Read);
        // Not a storage fault: a schema that no longer matches the code (SQLite error 1, "no such table").
        await app.QueryAsync<int>("ALTER TABLE ApiKeys RENAME TO ApiKeysMoved; SELECT 0");

        var (status, mediaType, error) = await GetMeAsync(secret);

        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal("application/json", mediaType);
        Assert.Equal(ApiErrors.UnexpectedMessage, error);
    }

    [Fact]
    public async Task Health_StaysJson_When_TheDatabaseFileIsDeleted()
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(app.DatabasePath + suffix);
        }
        using var client = app.NewClient();

        using var response = await client.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>TEST ONLY: the app in the Production environment (exception handler page, HSTS), as an office runs it.</summary>
    private sealed class ProductionAppFactory : CallCenterAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
        }
    }
}
