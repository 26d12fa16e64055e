using System.Text.Json;
using CallCenter.Data.Database;
using CallCenter.Web.Api;
using Dapper;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Api;

/// <summary>The /api error answer for each kind of failure, the middleware alone (the real app is in ApiErrorsTests).</summary>
public sealed class ApiErrorsMiddlewareTests
{
    private static async Task<(int Status, string Error)> RunAsync(RequestDelegate next)
    {
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddLogging().ConfigureHttpJsonOptions(_ => { }).BuildServiceProvider(),
        };
        context.Request.Path = "/api/residents/search";
        context.Response.Body = new MemoryStream();

        await ApiErrors.InvokeAsync(context, next);

        context.Response.Body.Position = 0;
        using var json = await JsonDocument.ParseAsync(context.Response.Body);
        Assert.StartsWith("application/json", context.Response.ContentType, StringComparison.Ordinal);
        return (context.Response.StatusCode, json.RootElement.GetProperty("error").GetString()!);
    }

    [Fact]
    public async Task Answers503_WithTheBusyMessage_When_SqliteReportsABusyDatabase()
    {
        var path = Path.Combine(Path.GetTempPath(), "callcenter-tests", $"{Guid.NewGuid():N}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            using var holder = new SqliteConnection($"Data Source={path};Pooling=False");
            holder.Open();
            using var held = holder.BeginTransaction(deferred: false);

            var (status, error) = await RunAsync(_ =>
            {
                using var other = new SqliteConnection($"Data Source={path};Pooling=False;Default Timeout=1");
                other.Open();
                other.Execute("BEGIN IMMEDIATE");
                return Task.CompletedTask;
            });

            Assert.Equal(StatusCodes.Status503ServiceUnavailable, status);
            Assert.Equal(ApiErrors.FaultMessage(StorageFaultKind.Busy), error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(StorageFaultKind.Full)]
    [InlineData(StorageFaultKind.ReadOnly)]
    [InlineData(StorageFaultKind.Missing)]
    public async Task Answers503_NamingTheFault_When_AStorageFaultIsWrapped(StorageFaultKind kind)
    {
        var (status, error) = await RunAsync(_ => throw new InvalidOperationException("outer", new StorageFaultException(kind, "inner")));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, status);
        Assert.StartsWith(StorageFault.Describe(kind), error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answers500_When_TheErrorIsNotAStorageFault()
    {
        var (status, error) = await RunAsync(_ => throw new NullReferenceException());

        Assert.Equal(StatusCodes.Status500InternalServerError, status);
        Assert.Equal(ApiErrors.UnexpectedMessage, error);
    }
}
