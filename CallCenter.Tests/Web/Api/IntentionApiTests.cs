using System.Net;
using System.Text;
using System.Text.Json;
using CallCenter.Data.ApiKeys;
using CallCenter.Data.Database;
using CallCenter.Data.Imports;
using CallCenter.Data.Intentions;
using CallCenter.Tests.Browser;
using CallCenter.Tests.Data.Intentions;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Api;

/// <summary>The real app with four households, two rounds and answers in the newest, and one key per scope.</summary>
public sealed class IntentionApiFixture : IAsyncLifetime
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
            0000003,H0003,世帯主,髙橋 一郎,タカハシ イチロウ,1951/4/2,男,中浜,中浜3,
            0000004,H0004,世帯主,渡辺 明,ワタナベ アキラ,1990/1/5,男,中浜,中浜4,
            """;
        var import = await App.Services.GetRequiredService<ResidentImportService>()
            .ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(register)), dryRun: false);
        Assert.True(import.Committed);
        var connections = App.Services.GetRequiredService<ConnectionFactory>();
        await IntentionSummaryTestData.RoundAsync(connections, "2025年度", new DateTime(2025, 4, 1, 0, 0, 0, DateTimeKind.Utc));
        var round = await IntentionSummaryTestData.RoundAsync(connections, "2026年度", new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc));
        var households = await IntentionSummaryTestData.HouseholdIdsAsync(connections);
        await IntentionSummaryTestData.AnswerAsync(connections, round.RoundId, households[0], ReturnIntention.WantsToReturn, new DateOnly(2026, 3, 5),
            IntentionNeeds.Infrastructure | IntentionNeeds.Jobs, housing: HousingWish.PublicHousing, respondent: "佐藤 花子");
        await IntentionSummaryTestData.AnswerAsync(connections, round.RoundId, households[2], ReturnIntention.WillNotReturn, new DateOnly(2026, 3, 6),
            reasons: NotReturningReasons.SettledElsewhere | NotReturningReasons.Radiation, channel: AnswerChannel.Post);
        var keys = App.Services.GetRequiredService<ApiKeyRepository>();
        ReadKey = (await keys.CreateAsync("復興計画課", ApiKeyScope.Read, "test")).Secret;
        ExportKey = (await keys.CreateAsync("いわき市役所", ApiKeyScope.Export, "test")).Secret;
        Client = new HttpClient { BaseAddress = App.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }
}

public sealed class IntentionApiTests(IntentionApiFixture fixture) : IClassFixture<IntentionApiFixture>
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
    public async Task Summary_AnswersTheContract_ForTheLatestRound_ByDistrict()
    {
        var response = await GetAsync("/api/intentions/summary?by=district", fixture.ReadKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal(["round", "households", "answered", "byIntention", "groups"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("2026年度", 4, 2), (root.GetProperty("round").GetString(), root.GetProperty("households").GetInt32(), root.GetProperty("answered").GetInt32()));
        Assert.Equal([("戻りたいと考えている", 1), ("まだ判断がつかない", 0), ("戻らないと決めている", 1), ("既に町内で生活している", 0)],
            root.GetProperty("byIntention").EnumerateObject().Select(p => (p.Name, p.Value.GetInt32())));
        var groups = root.GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal(["key", "households", "answered", "byIntention"], groups[0].EnumerateObject().Select(p => p.Name));
        var kumagawa = groups.Single(g => g.GetProperty("key").GetString() == "熊川");
        Assert.Equal((2, 1, 1), (kumagawa.GetProperty("households").GetInt32(), kumagawa.GetProperty("answered").GetInt32(),
            kumagawa.GetProperty("byIntention").GetProperty("戻りたいと考えている").GetInt32()));
    }

    [Fact]
    public async Task Summary_HasNoGroups_WithoutBy_And_ReadsANamedRound()
    {
        var response = await GetAsync("/api/intentions/summary?round=" + Uri.EscapeDataString("2025年度"), fixture.ReadKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(("2025年度", 4, 0), (json.RootElement.GetProperty("round").GetString(), json.RootElement.GetProperty("households").GetInt32(),
            json.RootElement.GetProperty("answered").GetInt32()));
        Assert.Empty(json.RootElement.GetProperty("groups").EnumerateArray());
    }

    [Theory]
    [InlineData("/api/intentions/summary?round=2030%E5%B9%B4%E5%BA%A6", "ラウンド「2030年度」はありません。")]
    [InlineData("/api/intentions/summary?by=town", "by「town」は使えません。")]
    [InlineData("/api/export/intentions.csv?since=yesterday", "since「yesterday」は日付として読めません")]
    [InlineData("/api/export/intentions-summary.csv?by=age", "by「age」は使えません。")]
    public async Task BadParameters_Are400_WithAJapaneseMessage(string path, string message)
    {
        var response = await GetAsync(path, path.Contains("/export/") ? fixture.ExportKey : fixture.ReadKey);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(message, json.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task AnswersCsv_HasTheImportsColumns_OneRowPerCountingAnswer()
    {
        var response = await GetAsync("/api/export/intentions.csv", fixture.ExportKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("世帯番号,行政区,回答日,帰還意向,判断に必要なこと,戻らない理由,希望する住まい,回答者,経路,ラウンド", lines[0]);
        Assert.Equal([
            "H0001,熊川,2026/03/05,戻りたいと考えている,社会基盤の復旧時期のめど;働く場の確保,,復興公営住宅,佐藤 花子,電話,2026年度",
            "H0003,中浜,2026/03/06,戻らないと決めている,,避難先で生活基盤ができた;放射線への不安,,,郵送,2026年度",
        ], lines[1..]);
        var district = await (await GetAsync("/api/export/intentions.csv?district=" + Uri.EscapeDataString("中浜") + "&since=2026-03-06", fixture.ExportKey))
            .Content.ReadAsStringAsync();
        Assert.Equal(2, district.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task SummaryCsv_SuppressesSmallCells_And_NamesTheRule()
    {
        var response = await GetAsync("/api/export/intentions-summary.csv?by=district", fixture.ExportKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("区分,グループ,世帯数,回答世帯数,戻りたいと考えている,まだ判断がつかない,戻らないと決めている,既に町内で生活している,未回答,注記", lines[0]);
        // Four households: every count is below five.
        Assert.StartsWith("町全体,2026年度,*,*,*,*,*,*,*,秘匿処理: 5世帯未満の値は「*」", lines[1]);
        Assert.Equal(4, lines.Length);
        Assert.DoesNotContain(lines[2..], l => l.Split(',').Skip(2).Take(7).Any(c => c != "*"));
    }

    [Fact]
    public async Task Exports_NeedTheExportScope_And_TheSummaryTheReadScope()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync("/api/export/intentions.csv", fixture.ReadKey)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("/api/intentions/summary", null)).StatusCode);
    }
}
