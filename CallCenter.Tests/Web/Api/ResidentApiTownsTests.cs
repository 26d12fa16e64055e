using System.Net;
using System.Text;
using System.Text.Json;
using CallCenter.Data.ApiKeys;
using CallCenter.Data.Imports;
using CallCenter.Data.Towns;
using CallCenter.Tests.Browser;
using CallCenter.Web.Security;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Api;

/// <summary>
/// The real app with two towns whose registers use the same numbers, and three read keys: all towns, 汐見町 only,
/// 大熊町 only.
/// </summary>
public sealed class TwoTownApiFixture : IAsyncLifetime
{
    public CallCenterAppFactory App { get; } = new(new Dictionary<string, string?> { ["Town:Code"] = "079995", ["Town:Name"] = "汐見町" });
    public Dictionary<string, string> Keys { get; } = [];
    public HttpClient Client { get; private set; } = new();

    public async Task InitializeAsync()
    {
        App.Start();
        var towns = App.Services.GetRequiredService<TownRepository>();
        var shiomi = (await towns.FindByCodeAsync("079995"))!;
        var okuma = (await towns.AddAsync("075451", "大熊町")).Town!;
        App.Services.GetRequiredService<TownAccess>().Forget();
        var import = App.Services.GetRequiredService<ResidentImportService>();
        Assert.True((await import.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes("""
            住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
            0000001,H0001,世帯主,佐藤 花子,サトウ ハナコ,1970/3/12,女,汐見一区,汐見1-1,0240-12-3456
            0000003,H0002,世帯主,髙橋 一郎,タカハシ イチロウ,1951/4/2,男,中浜,中浜3,
            """)), false, townId: shiomi.TownId)).Committed);
        Assert.True((await import.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes("""
            住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
            0000001,H0001,世帯主,佐藤 花子,サトウ ハナコ,1944/8/20,女,下野上,下野上5,0240-12-3456
            0000002,H0002,世帯主,鈴木 次郎,スズキ ジロウ,1960/2/2,男,夫沢,夫沢2,
            """)), false, townId: okuma.TownId)).Committed);
        var keys = App.Services.GetRequiredService<ApiKeyRepository>();
        Keys["all"] = (await keys.CreateAsync("共同センター", ApiKeyScope.Read, "test")).Secret;
        Keys["shiomi"] = (await keys.CreateAsync("汐見町", ApiKeyScope.Read, "test", towns: TownScope.Only([shiomi.TownId]))).Secret;
        Keys["okuma"] = (await keys.CreateAsync("大熊町", ApiKeyScope.Read, "test", towns: TownScope.Only([okuma.TownId]))).Secret;
        Client = new HttpClient { BaseAddress = App.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }
}

public sealed class ResidentApiTownsTests(TwoTownApiFixture fixture) : IClassFixture<TwoTownApiFixture>
{
    private async Task<(HttpStatusCode Status, string Body)> GetAsync(string path, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Api-Key", fixture.Keys[key]);
        using var response = await fixture.Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    // Every resident route against an all-towns key and each one-town key: 200 inside the scope, 404 outside (never 403).
    [Theory]
    [InlineData("/api/residents/0000003", "all", 200)]
    [InlineData("/api/residents/0000003", "shiomi", 200)]
    [InlineData("/api/residents/0000003", "okuma", 404)]
    [InlineData("/api/residents/0000002", "all", 200)]
    [InlineData("/api/residents/0000002", "shiomi", 404)]
    [InlineData("/api/residents/0000002", "okuma", 200)]
    [InlineData("/api/residents/0000002?town=075451", "shiomi", 404)]
    [InlineData("/api/residents/0000001?town=079995", "okuma", 404)]
    [InlineData("/api/residents/0000001?town=079995", "shiomi", 200)]
    [InlineData("/api/residents/0000001?town=075451", "all", 200)]
    [InlineData("/api/residents/0000001", "all", 409)]
    [InlineData("/api/residents/0000001", "shiomi", 200)]
    [InlineData("/api/residents/0000001", "okuma", 200)]
    [InlineData("/api/residents/9999999", "all", 404)]
    [InlineData("/api/residents/search?q=0000001", "all", 200)]
    [InlineData("/api/residents/search?q=0000001", "okuma", 200)]
    [InlineData("/api/residents/by-phone/0240-12-3456", "shiomi", 200)]
    public async Task Routes_Answer200InsideTheKeysTowns_And404Outside(string path, string key, int status)
    {
        var (actual, body) = await GetAsync(path, key);

        Assert.True(status == (int)actual, $"{path} with the {key} key: {(int)actual} {body}");
    }

    [Theory]
    [InlineData("all", new[] { "075451", "079995" })]
    [InlineData("shiomi", new[] { "079995" })]
    [InlineData("okuma", new[] { "075451" })]
    public async Task SearchAndPhone_GiveEachPersonWithTheirTown_WithinTheKeysTowns(string key, string[] codes)
    {
        foreach (var path in new[] { "/api/residents/search?q=" + Uri.EscapeDataString("佐藤 花子"), "/api/residents/by-phone/0240-12-3456" })
        {
            var (status, body) = await GetAsync(path, key);
            Assert.Equal(HttpStatusCode.OK, status);
            using var json = JsonDocument.Parse(body);
            var found = json.RootElement.EnumerateArray()
                .Select(r => (No: r.GetProperty("residentNo").GetString(), Code: r.GetProperty("town").GetProperty("code").GetString(),
                    Town: r.GetProperty("town").GetProperty("name").GetString(), Birth: r.GetProperty("birthDate").GetString()))
                .OrderBy(r => r.Code).ToList();
            Assert.Equal(codes, found.Select(r => r.Code));
            Assert.All(found, r => Assert.Equal("0000001", r.No));
            Assert.All(found, r => Assert.Equal(r.Code == "079995" ? ("汐見町", "1970-03-12") : ("大熊町", "1944-08-20"), (r.Town, r.Birth)));
        }
    }

    [Fact]
    public async Task OneResident_NamesTheChoice_When_TheNumberIsInSeveralTowns()
    {
        var (status, body) = await GetAsync("/api/residents/0000001", "all");

        Assert.Equal(HttpStatusCode.Conflict, status);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(["079995", "075451"], json.RootElement.GetProperty("towns").EnumerateArray().Select(t => t.GetProperty("code").GetString()));
        var (_, okuma) = await GetAsync("/api/residents/0000001?town=075451", "all");
        using var person = JsonDocument.Parse(okuma);
        Assert.Equal(("1944-08-20", "大熊町"), (person.RootElement.GetProperty("birthDate").GetString(),
            person.RootElement.GetProperty("town").GetProperty("name").GetString()));
    }
}
