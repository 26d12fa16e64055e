using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CallCenter.Data.Audit;
using CallCenter.Data.Database;
using CallCenter.Data.Imports;
using CallCenter.Tests.Data.Requests;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Api;

/// <summary>GET /api/export/requests.csv (.xlsx): the export key, the columns, district= and since=, CP932, the formula guard, the audit row.</summary>
public sealed class RequestExportApiTests(ResidentApiFixture fixture) : IClassFixture<ResidentApiFixture>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        var connections = fixture.App.Services.GetRequiredService<ConnectionFactory>();
        await using (var connection = await connections.OpenAsync())
        {
            if (await Dapper.SqlMapper.ExecuteScalarAsync<int>(connection, "SELECT COUNT(*) FROM Requests") > 0)
            {
                return;
            }
        }
        await RequestTestData.AddAsync(connections, "H0003", "0000003", 5, RequestTestData.HealthAndCare, true, "=HYPERLINK(\"x\") 介護ベッド",
            new DateTime(2026, 3, 10, 1, 0, 0, DateTimeKind.Utc));
        await RequestTestData.AddAsync(connections, "H0002", null, 1, RequestTestData.Reconstruction, false, "髙台の復興住宅に入りたい",
            new DateTime(2026, 3, 20, 1, 0, 0, DateTimeKind.Utc));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<HttpResponseMessage> GetAsync(string path, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }
        return await fixture.Client.SendAsync(request);
    }

    private async Task<string[]> LinesAsync(string path)
    {
        var bytes = await (await GetAsync(path, fixture.ExportKey)).Content.ReadAsByteArrayAsync();
        return Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task TheExport_NeedsAnExportKey_AndHasOneRowPerRequest_WithTheFormulaGuarded()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("/api/export/requests.csv", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync("/api/export/requests.csv", fixture.ReadKey)).StatusCode);

        var lines = await LinesAsync("/api/export/requests.csv?round=2026");

        Assert.Equal("受付番号,世帯番号,住民番号,氏名,行政区,分類,内容,至急,担当課,状況,受付日時,最終更新,完了日時", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Matches("^[0-9]+,H0003,0000003,髙橋　一郎,中浜,介護・福祉,\"'=HYPERLINK\\(\"\"x\"\"\\) 介護ベッド\",至急,健康介護課,受付,2026/03/10 10:00,2026/03/10 10:00,$", lines[1]);
        Assert.Matches("^[0-9]+,H0002,,佐藤　花子,請戸,住まい・住宅,髙台の復興住宅に入りたい,通常,復興推進課,受付,", lines[2]);
    }

    [Fact]
    public async Task DistrictAndSince_NarrowTheRows_AndTheAuditRowSaysSoInJapanese()
    {
        Assert.Single((await LinesAsync("/api/export/requests.csv?district=" + Uri.EscapeDataString("中浜"))).Skip(1));
        var since = (await LinesAsync("/api/export/requests.csv?since=2026-03-15")).Skip(1).ToList();
        Assert.Single(since);
        Assert.Contains("H0002", since[0], StringComparison.Ordinal);

        var audit = await fixture.App.Services.GetRequiredService<AuditRepository>().RecentAsync(50);
        Assert.Contains(audit, e => e.Action == AuditActions.Export && e.TargetId == "requests" && e.Details == "受付日 2026/03/15以降・1行・文字コード UTF-8");
    }

    [Fact]
    public async Task Cp932_And_Xlsx_AreServed_And_ABadSince_Gets400()
    {
        var cp932 = await GetAsync("/api/export/requests.csv?encoding=cp932", fixture.ExportKey);
        Assert.Contains("髙台の復興住宅", TextEncodingDetector.Cp932.GetString(await cp932.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);
        var xlsx = await GetAsync("/api/export/requests.xlsx", fixture.ExportKey);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("PK", Encoding.ASCII.GetString((await xlsx.Content.ReadAsByteArrayAsync())[..2]));

        var bad = await GetAsync("/api/export/requests.csv?since=yesterday", fixture.ExportKey);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("since 'yesterday' is not valid", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
