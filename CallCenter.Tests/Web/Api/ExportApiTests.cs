using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CallCenter.Data.Audit;
using CallCenter.Data.Imports;
using CallCenter.Tests.Data.Exports;

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
    [Theory]
    [InlineData("/api/export/residents.xlsx", "住民の安否一覧", "residents-")]
    [InlineData("/api/export/unconfirmed.xlsx", "未確認者", "unconfirmed-")]
    [InlineData("/api/export/calls.xlsx", "通話記録", "calls-")]
    [InlineData("/api/export/reports.xlsx", "安否報告履歴", "reports-")]
    public async Task XlsxExports_Need_AnExportKey_And_AreWorkbooks(string path, string sheet, string fileName)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(path, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(path, fixture.ReadKey)).StatusCode);
        var ok = await GetAsync(path, fixture.ExportKey);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ok.Content.Headers.ContentType!.MediaType);
        var disposition = ok.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.StartsWith(fileName, disposition.FileName!.Trim('"'));
        Assert.EndsWith(".xlsx", disposition.FileName!.Trim('"'));
        Assert.Equal(sheet, Assert.Single(new XlsxWorkbook(await ok.Content.ReadAsByteArrayAsync()).Sheets).Name);
    }

    [Fact]
    public async Task ResidentsXlsx_FollowsTheFilter_And_EraDates_LikeTheCsv()
    {
        var query = "?status=" + Uri.EscapeDataString("無事") + "&dates=era";
        var csv = await (await GetAsync("/api/export/residents.csv" + query, fixture.ExportKey)).Content.ReadAsByteArrayAsync();
        var response = await GetAsync("/api/export/residents.xlsx" + query, fixture.ExportKey);

        var book = new XlsxWorkbook(await response.Content.ReadAsByteArrayAsync());
        var sheet = book.Sheets[0];
        var csvRows = Encoding.UTF8.GetString(csv[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length;
        Assert.Equal(csvRows, sheet.Rows.Count);
        Assert.Equal(("0000003", true), (sheet.Cell(1, "住民番号")!.Value, sheet.Cell(1, "住民番号")!.IsText));
        var birth = sheet.Cell(1, "生年月日")!;
        Assert.Equal(new DateTime(1951, 4, 2), birth.Date);
        Assert.Equal(CallCenter.Data.Exports.XlsxExportWriter.EraDateFormat, book.NumberFormat(birth));
        // Japan time: reported 2026-03-14 03:00 UTC is 12:00 in Japan.
        Assert.Equal(new DateTime(2026, 3, 14, 12, 0, 0), sheet.Cell(1, "確認日時")!.Date);
        Assert.Equal(("025-111-2222", true), (sheet.Cell(1, "連絡先")!.Value, sheet.Cell(1, "連絡先")!.IsText));
    }

    [Fact]
    public async Task Xlsx_IgnoresTheEncoding_WhichOnlyCsvHas()
    {
        var response = await GetAsync("/api/export/residents.xlsx?encoding=cp932", fixture.ExportKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("髙橋　一郎", new XlsxWorkbook(await response.Content.ReadAsByteArrayAsync()).Sheets[0].Rows.SelectMany(r => r).Select(c => c.Value));
    }

    [Theory]
    [InlineData("/api/export/residents.xlsx?dates=showa", "dates must be western or era")]
    [InlineData("/api/export/unconfirmed.xlsx?vulnerable=maybe", "vulnerable 'maybe' is not valid")]
    [InlineData("/api/export/calls.xlsx?from=2026-03-12&to=2026-03-01", "from must not be after to")]
    [InlineData("/api/export/reports.xlsx?from=3/12", "from '3/12' is not valid")]
    public async Task XlsxBadParameters_Get400WithAMessage(string path, string message)
    {
        var response = await GetAsync(path, fixture.ExportKey);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task XlsxExport_IsAudited_InPlainJapanese()
    {
        await (await GetAsync("/api/export/calls.xlsx?from=2026-03-01&to=2026-03-20", fixture.ExportKey)).Content.ReadAsByteArrayAsync();

        var audit = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<AuditRepository>(fixture.App.Services);
        var entry = (await audit.RecentAsync(50)).First(e => e.Action == AuditActions.Export && e.TargetId == "calls");
        Assert.Equal("期間 2026/03/01〜2026/03/20・0行・Excel形式", entry.Details);
        Assert.Equal("api:いわき市役所", entry.UserName);
    }
}
