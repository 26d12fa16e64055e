using System.Net;
using System.Text;
using System.Text.Json;
using CallCenter.Data.ApiKeys;
using CallCenter.Data.Database;
using CallCenter.Data.Imports;
using CallCenter.Tests.Browser;
using CallCenter.Tests.Data.Mailing;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Api;

/// <summary>The real app with three households, two with a 送付先 (one returned), and one key per scope.</summary>
public sealed class MailingExportApiFixture : IAsyncLifetime
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
            0000001,H0001,世帯主,佐藤 花子,サトウ ハナコ,1970/3/12,女,熊川,熊川1-1,0240-12-3456
            0000002,H0002,世帯主,鈴木 一郎,スズキ イチロウ,1952/7/1,男,熊川,熊川2-2,
            0000003,H0003,世帯主,髙橋 一郎,タカハシ イチロウ,1951/4/2,男,中浜,中浜3,0240-33-3333
            """;
        var import = await App.Services.GetRequiredService<ResidentImportService>()
            .ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(register)), dryRun: false);
        Assert.True(import.Committed);
        var connections = App.Services.GetRequiredService<ConnectionFactory>();
        await ReturnedMailTestData.AddressAsync(connections, "H0001", "佐藤 花子 様", "9650001", "福島県会津若松市追手町1-1", "第2仮設 3-4", new DateOnly(2026, 3, 1));
        await ReturnedMailTestData.AddressAsync(connections, "H0003", "髙橋 一郎 様", "9800001", "宮城県仙台市青葉区1-1");
        await using (var connection = await connections.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE HouseholdMailing SET ReturnedOn = @On WHERE AddressId = (SELECT MAX(AddressId) FROM MailingAddresses)",
                new { On = new DateOnly(2026, 3, 12) });
        }
        var keys = App.Services.GetRequiredService<ApiKeyRepository>();
        ReadKey = (await keys.CreateAsync("復興計画課", ApiKeyScope.Read, "test")).Secret;
        ExportKey = (await keys.CreateAsync("郵便の委託先", ApiKeyScope.Export, "test")).Secret;
        Client = new HttpClient { BaseAddress = App.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }
}

public sealed class MailingExportApiTests(MailingExportApiFixture fixture) : IClassFixture<MailingExportApiFixture>
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
    public async Task Mailing_StreamsTheContractsColumns_WithTheExportScope()
    {
        var response = await GetAsync("/api/export/mailing.csv", fixture.ExportKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Matches("^attachment; filename=\"mailing-\\d{8}\\.csv\"$", response.Content.Headers.ContentDisposition!.ToString());
        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["世帯番号,宛名,郵便番号,住所1,住所2,行政区,世帯人数,確認日", "H0001,佐藤 花子 様,965-0001,福島県会津若松市追手町1-1,第2仮設 3-4,熊川,1,2026/03/01"], lines);
    }

    [Fact]
    public async Task Missing_InCp932_ListsTheReturnedAndTheAddressless_WithNumbers()
    {
        var response = await GetAsync("/api/export/mailing-missing.csv?encoding=cp932", fixture.ExportKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv; charset=shift_jis", response.Content.Headers.ContentType!.ToString());
        var lines = TextEncodingDetector.Cp932.GetString(await response.Content.ReadAsByteArrayAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([
            "世帯番号,世帯主,行政区,世帯人数,状態,返戻日,返戻した送付先,電話番号一覧",
            "H0002,鈴木 一郎,熊川,1,送付先なし,,,",
            "H0003,髙橋 一郎,中浜,1,宛所不明,2026/03/12,〒980-0001 宮城県仙台市青葉区1-1,0240-33-3333",
        ], lines);
        var district = await (await GetAsync("/api/export/mailing-missing.csv?district=" + Uri.EscapeDataString("中浜"), fixture.ExportKey)).Content.ReadAsStringAsync();
        Assert.Equal(2, district.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Theory]
    [InlineData("/api/export/mailing.csv?encoding=latin1", "encoding must be utf-8 or cp932")]
    [InlineData("/api/export/mailing.csv?prefecture=%E3%82%A2%E3%83%88%E3%83%A9%E3%83%B3%E3%83%86%E3%82%A3%E3%82%B9", "prefecture「アトランティス」は都道府県として読めません")]
    [InlineData("/api/export/mailing-missing.csv?prefecture=48", "prefecture「48」は都道府県として読めません")]
    [InlineData("/api/export/mailing-missing.csv?dates=showa", "dates must be western or era")]
    public async Task BadParameters_Are400_WithAMessageNamingTheParameter(string path, string message)
    {
        var response = await GetAsync(path, fixture.ExportKey);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(message, json.RootElement.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("/api/export/mailing.csv")]
    [InlineData("/api/export/mailing-missing.csv")]
    public async Task TheExports_NeedTheExportScope(string path)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(path, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(path, fixture.ReadKey)).StatusCode);
    }

    [Fact]
    public async Task AnExport_IsAudited_WithItsFilterAndRows()
    {
        var response = await GetAsync("/api/export/mailing.csv?district=" + Uri.EscapeDataString("熊川") + "&prefecture=7", fixture.ExportKey);
        await response.Content.ReadAsStringAsync();

        var connections = fixture.App.Services.GetRequiredService<ConnectionFactory>();
        await using var connection = await connections.OpenAsync();
        // The audit row is written once the file has streamed: it may land just after the client has read it.
        string? details = null;
        for (var i = 0; i < 50 && details is null; i++, await Task.Delay(100))
        {
            details = await connection.QuerySingleOrDefaultAsync<string>(
                "SELECT Details FROM AuditLog WHERE Action = 'export' AND TargetId = 'mailing' AND Details LIKE '%熊川%' ORDER BY AuditId DESC LIMIT 1");
        }
        Assert.Equal("宛名印刷用の送付先・行政区 熊川・都道府県 福島県・1行・文字コード UTF-8", details);
    }
}
