using System.Text.Json;
using CallCenter.Data.Database;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;


namespace CallCenter.Tests.Browser.Layout;

/// <summary>
/// Every page at 1366x768 on the demo town (issue 14, item 5): no select shows a cut value, no table header or short cell
/// wraps inside a word; the campaign page stays short; the dashboard's gauge and chart labels; a message after a save
/// covers no button. Screenshots go to TestResults/screenshots/Layout.*.png.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LayoutBrowserTests(BrowserFixture browser, ITestOutputHelper output)
{
    // What the page shows that a thin client's operator could not read: a select whose value is cut, a header or a short
    // cell (a label, a number, a name) broken over two lines. Whitespace marks where a cell may wrap.
    internal const string FindCutText = """
        () => {
          const lines = element => {
            const range = document.createRange();
            range.selectNodeContents(element);
            const rects = [...range.getClientRects()].filter(r => r.width > 0 && r.height > 0).sort((a, b) => a.top - b.top);
            let count = 0, bottom = -Infinity;
            for (const r of rects) {
              if (r.top >= bottom - 2) { count++; bottom = r.bottom; } else { bottom = Math.max(bottom, r.bottom); }
            }
            return count;
          };
          const shown = element => element.getClientRects().length > 0;
          const problems = [];
          for (const select of document.querySelectorAll('.mud-select')) {
            if (!shown(select)) continue;
            const label = select.querySelector('label')?.textContent?.trim() ?? '';
            for (const slot of select.querySelectorAll('.mud-input-slot, input')) {
              if (!shown(slot) || slot.type === 'hidden') continue;
              const text = (slot.value ?? slot.textContent ?? '').trim();
              if (text && slot.scrollWidth > slot.clientWidth + 1) {
                problems.push(`選択「${label}」の値「${text}」が切れている (${slot.scrollWidth} > ${slot.clientWidth})`);
              }
            }
          }
          // Native selects (the call form's FieldSelect): the chosen option's text, in the select's font, against the room
          // left of the arrow.
          const canvas = document.createElement('canvas').getContext('2d');
          for (const select of document.querySelectorAll('select')) {
            if (!shown(select) || select.selectedIndex < 0) continue;
            const text = select.options[select.selectedIndex].text.trim();
            if (!text) continue;
            const style = getComputedStyle(select);
            canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
            const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
            const width = canvas.measureText(text).width;
            if (width > room) {
              const label = select.closest('.field-select')?.querySelector('label')?.textContent?.trim() ?? '';
              problems.push(`選択「${label}」の値「${text}」が切れている (${Math.round(width)} > ${Math.round(room)})`);
            }
          }
          for (const cell of document.querySelectorAll('th, td')) {
            if (!shown(cell)) continue;
            const text = cell.innerText.trim();
            if (!text) continue;
            const isHeader = cell.tagName === 'TH';
            if (!isHeader && (text.length > 16 || /\s/.test(text))) continue;
            if (isHeader && /\s/.test(text)) continue;
            if (lines(cell) > 1) problems.push(`${isHeader ? '見出し' : 'セル'}「${text}」が折り返されている (幅 ${Math.round(cell.getBoundingClientRect().width)}px)`);
          }
          return problems;
        }
        """;

    [Fact]
    public async Task EveryPage_At1366x768_ShowsWholeSelectValues_AndUnbrokenHeaders()
    {
        var app = await DemoTown.AppAsync();
        var (residentNo, _) = await HouseholdHeadAsync(app);
        var page = await DemoTown.SignedInPageAsync(browser, "test-admin");
        var pages = new (string Name, string Path, string Ready)[]
        {
            ("start", "/", "search-input"),
            ("resident", $"/residents/{residentNo}", "record-call"),
            ("call-form", $"/residents/{residentNo}/call", "caller-name"),
            ("outbound", "/outbound", "next"),
            ("campaign", "/outbound/campaign", "figures"),
            ("dashboard", "/dashboard", "headline"),
            ("resident-list", "/residents/list?unconfirmed=1", "resident-list"),
            ("approvals", "/approvals", ""),
            ("inquiries", "/inquiries", ""),
            ("exports", "/exports", "export-district"),
            ("users", "/admin/users", ""),
            ("request-lists", "/admin/request-lists", "departments"),
            ("api-keys", "/admin/api-keys", ""),
            ("register-import", "/admin/register", ""),
            ("status-import", "/imports/status", ""),
            ("review-queue", "/imports/review", ""),
            ("provisional", "/provisional", ""),
            ("requests", "/requests", "request-filters"),
            ("request-summary", "/requests/summary", "request-summary-totals"),
            ("announcements", "/announcements", "announcement-new"),
            ("talk-scripts", "/scripts", "script-filters"),
            ("returned-mail", "/mailing/returned", "returned-record"),
        };
        var problems = new List<string>();
        foreach (var (name, path, ready) in pages)
        {
            await page.GotoInteractiveAsync(path);
            if (ready.Length > 0)
            {
                await page.GetByTestId(ready).First.WaitForAsync();
            }
            if (name == "call-form")
            {
                // The longest values each box can hold: they must show whole.
                var member = page.GetByTestId("member-" + residentNo);
                await Calls.RecordCallBrowserTests.SelectAsync(page, member, "情報源", "行政・他機関");
                await Calls.RecordCallBrowserTests.SelectAsync(page, member, "避難先種別", "親族・知人宅");
                await Calls.RecordCallBrowserTests.SelectAsync(page, member, "⑭ その他・公表", "不同意");
                await page.GetByTestId("caller-relation").FillAsync("避難所職員");
                await page.GetByTestId("caller-relation").PressAsync("Tab");
                await member.GetByTestId("prefecture").FillAsync("神奈川");
                await member.GetByTestId("prefecture").PressAsync("Tab");
                await Assertions.Expect(member.GetByTestId("prefecture")).ToHaveValueAsync("神奈川県");
                await page.Mouse.MoveAsync(0, 0);
            }
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await page.WaitForTimeoutAsync(400); // MudBlazor's label transitions
            await page.SaveScreenshotAsync($"Layout.{name}");
            if (name == "call-form")
            {
                // The check measures what it says: the call form's boxes are there to be measured.
                var measured = await page.Locator(".mud-select, .field-select select").EvaluateAllAsync<int>(
                    "selects => selects.filter(s => s.tagName === 'SELECT' ? s.clientWidth > 0 : [...s.querySelectorAll('.mud-input-slot, input')].some(i => i.type !== 'hidden' && i.clientWidth > 0)).length");
                Assert.True(measured >= 9, $"the call form's selects and autocompletes are measured ({measured})");
            }
            var found = await page.EvaluateAsync<string[]>(FindCutText);
            problems.AddRange(found.Select(p => $"{path}: {p}"));
        }
        output.WriteLine(string.Join(Environment.NewLine, problems));
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task ExportsDistrict_TypedInPart_IsTaken_AndTypedAsNone_IsNamed_AndMakesNoFile()
    {
        var page = await DemoTown.SignedInPageAsync(browser, "test-supervisor", "/exports");
        var district = page.GetByTestId("export-district");
        await district.FillAsync("上ノ");
        await district.PressAsync("Tab");
        await Assertions.Expect(district).ToHaveValueAsync("上ノ台");

        await district.FillAsync("熊側");
        await district.PressAsync("Tab");
        await Assertions.Expect(page.GetByText("「熊側」に該当する行政区がありません。").First).ToBeVisibleAsync();
        await page.GetByTestId("export-create").ClickAsync();
        await Assertions.Expect(page.GetByTestId("export-error")).ToHaveTextAsync("「熊側」に該当する行政区がありません。");
        await Assertions.Expect(page.GetByTestId("export-download")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task CampaignPage_WithTheDemoTown_StaysUnder2000Pixels_SectionsClosed_AndTheEscalationsPaged()
    {
        var page = await DemoTown.SignedInPageAsync(browser, "test-supervisor", "/outbound/campaign");
        await Assertions.Expect(page.GetByTestId("figures")).ToBeVisibleAsync();
        var needing = await page.GetByTestId("figure-need-number").Locator(".figure-value").ReadNumberAsync();
        Assert.True(needing > 15, $"the demo town has a long 要対応 list ({needing})");
        // Closed sections: only the figures and the titles, each with its figure.
        await Assertions.Expect(page.GetByTestId("rule-old-age")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByTestId("section-escalations").GetByTestId("section-count")).ToHaveTextAsync($"{needing:N0} 世帯");
        await page.SaveScreenshotAsync("Layout.campaign-closed");
        Assert.True(await PageHeightAsync(page) < 800, "closed, the page fits the screen");

        // 要対応 opened: one page of 15 households and a pager; the page still under 2,000 px.
        await page.GetByTestId("section-escalations").Locator("summary").ClickAsync();
        var rows = page.GetByTestId("escalations").Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(15);
        var first = await rows.First.GetAttributeAsync("data-testid");
        await page.GetByTestId("escalations").Locator(".mud-pagination").GetByText("2", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(rows.First).Not.ToHaveAttributeAsync("data-testid", first!);
        await page.GetByTestId("section-rules").Locator("summary").ClickAsync();
        await Assertions.Expect(page.GetByTestId("rule-old-age")).ToBeVisibleAsync();
        await page.Mouse.MoveAsync(0, 0);
        await page.WaitForTimeoutAsync(300);
        await page.SaveScreenshotAsync("Layout.campaign-open");
        var height = await PageHeightAsync(page);
        Assert.True(height < 2000, $"the campaign page is {height} px high with two sections open");
    }

    private static Task<int> PageHeightAsync(IPage page) => page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");

    // Every piece of text in the given parts of the page: its rendered font size (an SVG text scaled by its chart's
    // viewBox counts at the size it is drawn) and its box; chart labels are checked for overlaps within one chart.
    internal const string MeasureLabels = """
        selector => {
          const labels = [];
          [...document.querySelectorAll(selector)].forEach((root, chart) => {
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
              const text = walker.currentNode.textContent.trim();
              const element = walker.currentNode.parentElement;
              if (!text || element.getClientRects().length === 0) continue;
              let size = parseFloat(getComputedStyle(element).fontSize);
              if (element instanceof SVGElement) size *= Math.abs(element.getScreenCTM().d);
              const r = element.getBoundingClientRect();
              labels.push({ chart, text, size: Math.round(size * 10) / 10, svg: element instanceof SVGElement,
                            left: r.left, top: r.top, right: r.right, bottom: r.bottom });
            }
          });
          return JSON.stringify(labels);
        }
        """;

    [Fact]
    public async Task Dashboard_ShowsTheConfirmationGauge_AndChartLabelsOf12PixelsThatDoNotOverlap()
    {
        var app = await DemoTown.AppAsync();
        var page = await DemoTown.SignedInPageAsync(browser, "test-supervisor", "/dashboard");
        var gauge = page.GetByTestId("confirmation-gauge");
        await Assertions.Expect(gauge).ToBeVisibleAsync();
        var headline = (await app.Services.GetRequiredService<CallCenter.Data.Dashboard.DashboardRepository>().LoadAsync(new())).Headline;
        Assert.Equal(headline.Confirmed, await gauge.GetByTestId("gauge-confirmed").ReadNumberAsync());
        Assert.Equal(headline.Residents, await gauge.GetByTestId("gauge-residents").ReadNumberAsync());
        await Assertions.Expect(gauge.GetByTestId("gauge-percent")).ToHaveTextAsync($"{headline.ConfirmedPercent:0.0}%");
        // The gauge is the first thing under the title, and large.
        var gaugeBox = (await gauge.BoundingBoxAsync())!;
        var headlineBox = (await page.GetByTestId("headline").BoundingBoxAsync())!;
        Assert.True(gaugeBox.Y < headlineBox.Y, "the gauge stands above the headline figures");
        Assert.True(gaugeBox.Width > 900, $"the gauge spans the page ({gaugeBox.Width}px)");
        var percentSize = await gauge.GetByTestId("gauge-percent").EvaluateAsync<double>("e => parseFloat(getComputedStyle(e).fontSize)");
        Assert.True(percentSize >= 32, $"the percentage is large ({percentSize}px)");
        var fill = await gauge.GetByTestId("gauge-fill").EvaluateAsync<double>("e => e.getBoundingClientRect().width / e.parentElement.getBoundingClientRect().width");
        Assert.InRange(fill * 100, headline.ConfirmedPercent - 0.5, headline.ConfirmedPercent + 0.5);

        await page.GetByTestId("hourly-chart").Locator("svg").WaitForAsync();
        await page.WaitForTimeoutAsync(300);
        await page.SaveScreenshotAsync("Layout.dashboard-charts");
        var labels = JsonSerializer.Deserialize<List<Label>>(await page.EvaluateAsync<string>(MeasureLabels,
            "[data-testid=cumulative-chart], [data-testid=hourly-chart], [data-testid=district-bars], [data-testid=type-bars]"), WebJson)!;
        output.WriteLine(string.Join(Environment.NewLine, labels.Select(l => $"{l.Chart} {l.Text} {l.Size}")));
        Assert.True(labels.Count(l => l.Svg) >= 10, $"the charts have labels ({labels.Count(l => l.Svg)})");
        var small = labels.Where(l => l.Size < 12).Select(l => $"「{l.Text}」 {l.Size}px").ToList();
        Assert.True(small.Count == 0, "labels under 12 px: " + string.Join(", ", small));
        var overlapping = labels.Where(l => l.Svg)
            .SelectMany((a, i) => labels.Where(l => l.Svg).Skip(i + 1).Where(b => a.Chart == b.Chart && a.Overlaps(b)).Select(b => $"「{a.Text}」と「{b.Text}」"))
            .ToList();
        Assert.True(overlapping.Count == 0, "overlapping labels: " + string.Join(", ", overlapping));
    }

    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    private sealed record Label(int Chart, string Text, double Size, bool Svg, double Left, double Top, double Right, double Bottom)
    {
        public bool Overlaps(Label other) =>
            Math.Min(Right, other.Right) - Math.Max(Left, other.Left) > 0.5 && Math.Min(Bottom, other.Bottom) - Math.Max(Top, other.Top) > 0.5;
    }

    /// <summary>A head of a household of two or more in the demo town, and the household's number.</summary>
    internal static async Task<(string ResidentNo, string HouseholdNo)> HouseholdHeadAsync(CallCenterAppFactory app)
    {
        await using var connection = await app.Services.GetRequiredService<ConnectionFactory>().OpenAsync();
        return await connection.QuerySingleAsync<(string, string)>("""
            SELECT r.ResidentNo, h.HouseholdNo
              FROM Residents r
              JOIN Households h ON h.HouseholdId = r.HouseholdId
             WHERE r.Relationship = '世帯主'
               AND (SELECT COUNT(*) FROM Residents m WHERE m.HouseholdId = r.HouseholdId) >= 3
             ORDER BY r.ResidentNo
             LIMIT 1
            """);
    }
}
