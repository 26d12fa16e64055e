using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CallCenter.Data.ApiKeys;
using CallCenter.Data.Database;
using CallCenter.Data.Imports;
using CallCenter.Data.Towns;
using CallCenter.Tests.Browser;
using CallCenter.Web.Security;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Api;

/// <summary>Two towns (汐見町 079995, 大熊町 075451) numbering their residents and households alike, an all-towns key and a 大熊町 key.</summary>
public sealed class TownExportApiFixture : IAsyncLifetime
{
    public const string Register = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
        0000001,H0001,世帯主,佐藤 花子,サトウ ハナコ,1970/3/12,女,一区,{0}1-1,0240-12-3456
        0000002,H0002,世帯主,髙橋 一郎,タカハシ イチロウ,1951/4/2,男,二区,{0}2-2,
        """;

    public CallCenterAppFactory App { get; } = new();
    public string AllKey { get; private set; } = "";
    public string OkumaKey { get; private set; } = "";
    public HttpClient Client { get; private set; } = new();

    public async Task InitializeAsync()
    {
        App.Start();
        var connections = App.Services.GetRequiredService<ConnectionFactory>();
        await using (var connection = await connections.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE Towns SET Code = '079995', Name = '汐見町' WHERE TownId = 1");
        }
        var towns = App.Services.GetRequiredService<TownRepository>();
        var okuma = (await towns.AddAsync("075451", "大熊町")).Town!;
        App.Services.GetRequiredService<TownAccess>().Forget();
        var import = App.Services.GetRequiredService<ResidentImportService>();
        foreach (var (townId, name) in new[] { (1, "汐見町"), (okuma.TownId, "大熊町") })
        {
            var result = await import.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(string.Format(Register, name))), dryRun: false, townId: townId);
            Assert.True(result.Committed, string.Join("; ", result.Errors));
        }
        var keys = App.Services.GetRequiredService<ApiKeyRepository>();
        AllKey = (await keys.CreateAsync("県庁", ApiKeyScope.Export, "test")).Secret;
        var (key, secret) = await keys.CreateAsync("大熊町役場", ApiKeyScope.Export, "test");
        await towns.SetApiKeyScopeAsync(key.ApiKeyId, TownScope.Only([okuma.TownId]));
        OkumaKey = secret;
        Client = new HttpClient { BaseAddress = App.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }
}

/// <summary>
/// town=CODE on every export route: an all-towns key and a one-town key; none asked = the key's towns; a town outside
/// the key's scope, unknown or malformed = 404 with a Japanese message (as the intention summary answers); files of several towns begin with 団体コード,町名.
/// </summary>
public sealed class TownExportApiTests(TownExportApiFixture fixture) : IClassFixture<TownExportApiFixture>
{
    public static TheoryData<string> Routes() =>
    [
        "/api/export/residents.csv", "/api/export/unconfirmed.csv", "/api/export/calls.csv", "/api/export/reports.csv",
        "/api/export/requests.csv", "/api/export/mailing.csv", "/api/export/mailing-missing.csv",
        "/api/export/residents.xlsx", "/api/export/unconfirmed.xlsx", "/api/export/calls.xlsx", "/api/export/reports.xlsx", "/api/export/requests.xlsx",
    ];

    private async Task<HttpResponseMessage> GetAsync(string path, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Api-Key", key);
        return await fixture.Client.SendAsync(request);
    }

    private static async Task<List<string>> LinesAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var text = response.Content.Headers.ContentType!.CharSet == "shift_jis"
            ? TextEncodingDetector.Cp932.GetString(bytes)
            : Encoding.UTF8.GetString(bytes[3..]);
        return [.. text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries)];
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task EveryRoute_AnswersByTheKeysTowns(string route)
    {
        var separator = route.Contains('?') ? '&' : '?';
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(route, fixture.AllKey)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(route, fixture.OkumaKey)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync($"{route}{separator}town=075451", fixture.OkumaKey)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync($"{route}{separator}town=079995&town=075451", fixture.AllKey)).StatusCode);
        foreach (var (key, town, message) in new[]
        {
            (fixture.OkumaKey, "079995", "出力できません"), // a town outside the key's scope
            (fixture.AllKey, "075426", "出力できません"),   // a well-formed code of no town here
            (fixture.AllKey, "075452", "検査数字"),          // a bad check digit
        })
        {
            var response = await GetAsync($"{route}{separator}town={town}", key);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains(message, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("encoding=cp932")]
    public async Task Residents_OfOneTown_HoldOnlyThatTown_AndAllTowns_Both(string encoding)
    {
        var header = "団体コード,町名,住民番号,世帯番号,続柄,氏名";
        var okumaOnly = await LinesAsync(await GetAsync($"/api/export/residents.csv?{encoding}", fixture.OkumaKey));
        Assert.StartsWith(header, okumaOnly[0]);
        Assert.Equal(["075451,大熊町,0000001", "075451,大熊町,0000002"], okumaOnly.Skip(1).Select(l => l[..18]));
        Assert.All(okumaOnly.Skip(1), l => Assert.Matches(",大熊町[12]-[12],", l));

        var shiomi = await LinesAsync(await GetAsync($"/api/export/residents.csv?town=079995&{encoding}", fixture.AllKey));
        Assert.Equal(["079995,汐見町,0000001", "079995,汐見町,0000002"], shiomi.Skip(1).Select(l => l[..18]));

        var both = await LinesAsync(await GetAsync($"/api/export/residents.csv?{encoding}", fixture.AllKey));
        Assert.StartsWith(header, both[0]);
        Assert.Equal(4, both.Count - 1);
        Assert.Equal(2, both.Count(l => l.StartsWith("075451,", StringComparison.Ordinal)));
        Assert.Equal(2, both.Count(l => l.StartsWith("079995,", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task MailingMissing_OfOneTown_ListsOnlyItsHouseholds()
    {
        var lines = await LinesAsync(await GetAsync("/api/export/mailing-missing.csv", fixture.OkumaKey));
        Assert.Equal(["075451,大熊町,H0001", "075451,大熊町,H0002"], lines.Skip(1).Select(l => l[..16]));
    }
}

/// <summary>The exports page's file (made by <see cref="CallCenter.Web.Components.Pages.Exports.ExportFileMaker"/>) holds only the user's towns.</summary>
public sealed class TownExportPageFileTests(TownExportApiFixture fixture) : IClassFixture<TownExportApiFixture>
{
    [Fact]
    public async Task AOneTownSupervisorsFile_HoldsOnlyThatTown()
    {
        var users = fixture.App.Services.GetRequiredService<CallCenter.Data.Accounts.UserRepository>();
        var id = (await users.CreateAsync("okuma-sv", "大熊 監督", CallCenter.Data.Accounts.UserRole.Supervisor, "いわき", "x"))!.Value;
        var okuma = (await fixture.App.Services.GetRequiredService<TownRepository>().FindByCodeAsync("075451"))!;
        await fixture.App.Services.GetRequiredService<TownRepository>().SetUserScopeAsync(id, TownScope.Only([okuma.TownId]));
        var user = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new(System.Security.Claims.ClaimTypes.NameIdentifier, id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
             new(System.Security.Claims.ClaimTypes.Name, "okuma-sv"), new(System.Security.Claims.ClaimTypes.Role, "Supervisor")], "test"));
        var errors = new List<string>();
        var request = CallCenter.Web.Api.ExportApi.Parse(CallCenter.Web.Api.ExportKind.Residents, new Microsoft.AspNetCore.Http.QueryCollection(), TimeProvider.System, errors)!;
        using var scope = fixture.App.Services.CreateScope();
        var made = await scope.ServiceProvider.GetRequiredService<CallCenter.Web.Components.Pages.Exports.ExportFileMaker>()
            .MakeAsync(request, "", user, null, CancellationToken.None);
        Assert.Equal(2, made.Result.Rows);
    }
}
