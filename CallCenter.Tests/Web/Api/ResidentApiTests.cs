using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CallCenter.Data.ApiKeys;
using CallCenter.Data.Imports;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;
using CallCenter.Tests.Browser;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Api;

/// <summary>The real app on a loopback port with a small register and one key per scope.</summary>
public sealed class ResidentApiFixture : IAsyncLifetime
{
    public CallCenterAppFactory App { get; } = new();
    public string ReadKey { get; private set; } = "";
    public string ExportKey { get; private set; } = "";
    public HttpClient Client { get; private set; } = new();

    public async Task InitializeAsync()
    {
        App.Start();
        const string register = """
            住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
            0000001,H0001,世帯主,佐藤 花子,サトウ ハナコ,1970/3/12,女,汐見一区,汐見1-1,0240-12-3456
            0000002,H0002,世帯主,佐藤 花子,サトウ ハナコ,1952/7/1,女,請戸,請戸2-2,
            0000003,H0003,世帯主,髙橋 一郎,タカハシ イチロウ,1951/4/2,男,中浜,中浜3,
            """;
        var import = await App.Services.GetRequiredService<ResidentImportService>()
            .ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(register)), dryRun: false);
        Assert.True(import.Committed);
        var id = (await App.Services.GetRequiredService<ResidentRepository>().FindIdByNumberAsync("0000003"))!.Value;
        await App.Services.GetRequiredService<ReportRepository>().AppendAsync(new NewSafetyReport(id, SafetyStatus.Safe, ReportSource.Family,
            new Whereabouts(WhereaboutsType.RelativeHome, 15, "新潟市", "長男宅", "025-111-2222"), Consent.NotAsked, "髙橋 進", "子", null,
            new DateTime(2026, 3, 14, 3, 0, 0, DateTimeKind.Utc), null));
        var keys = App.Services.GetRequiredService<ApiKeyRepository>();
        ReadKey = (await keys.CreateAsync("PBX", ApiKeyScope.Read, "test")).Secret;
        ExportKey = (await keys.CreateAsync("いわき市役所", ApiKeyScope.Export, "test")).Secret;
        Client = new HttpClient { BaseAddress = App.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }
}

public sealed class ResidentApiTests(ResidentApiFixture fixture) : IClassFixture<ResidentApiFixture>
{
    private async Task<HttpResponseMessage> GetAsync(string path, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }
        return await fixture.Client.SendAsync(request);
    }

    [Fact]
    public async Task Search_ReturnsBestFirst_WithTheContractFields()
    {
        var response = await GetAsync("/api/residents/search?q=" + Uri.EscapeDataString("さとう はなこ S27.7.1") + "&limit=5", fixture.ReadKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("佐藤 花子", body);
        using var json = JsonDocument.Parse(body);
        var results = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, results.Count);
        Assert.Equal("0000002", results[0].GetProperty("residentNo").GetString());
        Assert.Equal("1952-07-01", results[0].GetProperty("birthDate").GetString());
        Assert.Equal(["residentNo", "name", "nameKana", "birthDate", "householdNo", "district", "status", "whereabouts", "town"],
            results[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(("サトウ ハナコ", "H0002", "請戸", "未確認"), (results[0].GetProperty("nameKana").GetString(),
            results[0].GetProperty("householdNo").GetString(), results[0].GetProperty("district").GetString(), results[0].GetProperty("status").GetString()));
        Assert.Equal(JsonValueKind.Null, results[0].GetProperty("whereabouts").ValueKind);
    }

    [Theory]
    [InlineData("佐藤S27", "0000002")]
    [InlineData("さとう 昭和45年生まれ", "0000001")]
    [InlineData("佐藤 1952", "0000002")]
    [InlineData("請戸の佐藤", "0000002")]
    [InlineData("佐藤 汐見一区", "0000001")]
    [InlineData("佐藤花子S45.3.12", "0000001")]
    public async Task Search_TakesTheCallersForms_YearDistrictAndNoSpace(string q, string first)
    {
        var results = await (await GetAsync("/api/residents/search?q=" + Uri.EscapeDataString(q), fixture.ReadKey))
            .Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(first, results[0].GetProperty("residentNo").GetString());
        // The namesake is still listed, after: a name that matches is never dropped for its date or district.
        Assert.Equal(2, results.GetArrayLength());
    }

    [Fact]
    public async Task Search_ReturnsWhereabouts_When_Known()
    {
        var results = await (await GetAsync("/api/residents/search?q=" + Uri.EscapeDataString("高橋"), fixture.ReadKey))
            .Content.ReadFromJsonAsync<JsonElement>();

        var first = results.EnumerateArray().First();
        Assert.Equal("髙橋 一郎", first.GetProperty("name").GetString());
        Assert.Equal("無事", first.GetProperty("status").GetString());
        var w = first.GetProperty("whereabouts");
        Assert.Equal(("親族・知人宅", "新潟県", "新潟市", "長男宅", "025-111-2222", "2026-03-14T03:00:00Z"),
            (w.GetProperty("type").GetString(), w.GetProperty("prefecture").GetString(), w.GetProperty("municipality").GetString(),
             w.GetProperty("place").GetString(), w.GetProperty("contactPhone").GetString(), w.GetProperty("asOf").GetString()));
    }

    [Theory]
    [InlineData("/api/residents/search", "q is required")]
    [InlineData("/api/residents/search?q=", "q is required")]
    [InlineData("/api/residents/search?q=%21%21", "nothing to search")]
    [InlineData("/api/residents/search?q=sato&limit=0", "limit must be")]
    [InlineData("/api/residents/search?q=sato&limit=101", "limit must be")]
    [InlineData("/api/residents/search?q=sato&limit=ten", "limit must be")]
    [InlineData("/api/residents/by-phone/abc", "phone must be")]
    public async Task BadParameters_Get400WithAMessage(string path, string message)
    {
        var response = await GetAsync(path, fixture.ReadKey);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString();
        Assert.Contains(message, error);
    }

    [Fact]
    public async Task Search_Rejects_TooLongQuery()
    {
        var response = await GetAsync("/api/residents/search?q=" + new string('a', 201), fixture.ReadKey);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("0240-12-3456", "0000001")]
    [InlineData("0240123456", "0000001")]
    [InlineData("025-111-2222", "0000003")]
    public async Task ByPhone_MatchesResidentAndWhereaboutsPhones(string phone, string residentNo)
    {
        var response = await GetAsync("/api/residents/by-phone/" + Uri.EscapeDataString(phone), fixture.ReadKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
        Assert.Equal(residentNo, Assert.Single(results).GetProperty("residentNo").GetString());
    }

    [Fact]
    public async Task ByPhone_ReturnsEmptyArray_When_NoOneHasTheNumber()
    {
        var response = await GetAsync("/api/residents/by-phone/0120-000-000", fixture.ReadKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("[]", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/api/residents/search?q=sato")]
    [InlineData("/api/residents/by-phone/0240123456")]
    public async Task Endpoints_Need_AReadKey(string path)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(path, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(path, "cc_not-a-key")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(path, fixture.ExportKey)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(path, fixture.ReadKey)).StatusCode);
    }
}
