using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CallCenter.Data.Audit;
using CallCenter.Data.Imports;

namespace CallCenter.Tests.Web.Api;

public sealed class ExportApiTests(ResidentApiFixture fixture) : IClassFixture<ResidentApiFixture>
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

    [Theory]
    [InlineData("/api/export/residents.csv")]
    [InlineData("/api/export/unconfirmed.csv")]
    [InlineData("/api/export/calls.csv")]
    [InlineData("/api/export/reports.csv")]
    public async Task Exports_Need_AnExportKey(string path)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(path, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(path, fixture.ReadKey)).StatusCode);
        var ok = await GetAsync(path, fixture.ExportKey);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("text/csv", ok.Content.Headers.ContentType!.MediaType);
        Assert.Contains("attachment", ok.Content.Headers.ContentDisposition!.ToString());
    }

    [Fact]
    public async Task Residents_StreamsUtf8WithBom_AndFollowsTheFilter()
    {
        var response = await GetAsync("/api/export/residents.csv?status=" + Uri.EscapeDataString("無事") + "&dates=era", fixture.ExportKey);

        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日", lines[0]);
        var row = Assert.Single(lines.Skip(1));
        Assert.StartsWith("0000003,H0003,世帯主,髙橋　一郎,タカハシ　イチロウ,昭和26年4月2日", row);
    }

    [Fact]
    public async Task Residents_InCp932_AreShiftJisBytes()
    {
        var response = await GetAsync("/api/export/residents.csv?encoding=cp932&prefecture=" + Uri.EscapeDataString("新潟県"), fixture.ExportKey);

        Assert.Equal("shift_jis", response.Content.Headers.ContentType!.CharSet);
        var text = TextEncodingDetector.Cp932.GetString(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("髙橋　一郎", text);
        Assert.Contains("新潟県,新潟市,長男宅", text);
    }

    [Theory]
    [InlineData("/api/export/residents.csv?encoding=latin1", "encoding must be utf-8 or cp932")]
    [InlineData("/api/export/residents.csv?dates=showa", "dates must be western or era")]
    [InlineData("/api/export/residents.csv?status=alive", "status 'alive' is not valid")]
    [InlineData("/api/export/residents.csv?prefecture=48", "prefecture '48' is not valid")]
    [InlineData("/api/export/residents.csv?type=tent", "type 'tent' is not valid")]
    [InlineData("/api/export/residents.csv?vulnerable=maybe", "vulnerable 'maybe' is not valid")]
    [InlineData("/api/export/residents.csv?since=yesterday", "since 'yesterday' is not valid")]
    [InlineData("/api/export/calls.csv?from=2026-03-12&to=2026-03-01", "from must not be after to")]
    [InlineData("/api/export/reports.csv?from=3/12", "from '3/12' is not valid")]
    public async Task BadParameters_Get400WithAMessage(string path, string message)
    {
        var response = await GetAsync(path, fixture.ExportKey);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Export_IsAudited_WithFilterRowsAndEncoding()
    {
        await (await GetAsync("/api/export/unconfirmed.csv?encoding=cp932", fixture.ExportKey)).Content.ReadAsByteArrayAsync();

        var audit = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<AuditRepository>(fixture.App.Services);
        var entries = await audit.RecentAsync(50);
        var entry = entries.First(e => e.Action == AuditActions.Export && e.TargetId == "unconfirmed" && e.Details!.Contains("文字コード Shift_JIS（CP932）"));
        Assert.Contains("・2行・", entry.Details);
        Assert.DoesNotContain("encoding", entry.Details);
        Assert.Equal("api:いわき市役所", entry.UserName);
    }
}
