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
            ("api-keys", "/admin/api-keys", ""),
            ("register-import", "/admin/register", ""),
            ("status-import", "/imports/status", ""),
            ("review-queue", "/imports/review", ""),
            ("provisional", "/provisional", ""),
        };
        var problems = new List<string>();
        foreach (var (name, path, ready) in pages)
        {
            await page.GotoInteractiveAsync(path);
            if (ready.Length > 0)
            {
                await page.GetByTestId(ready).First.WaitForAsync();
            }
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await page.WaitForTimeoutAsync(400); // MudBlazor's label transitions
            await page.SaveScreenshotAsync($"Layout.{name}");
            var found = await page.EvaluateAsync<string[]>(FindCutText);
            problems.AddRange(found.Select(p => $"{path}: {p}"));
        }
        output.WriteLine(string.Join(Environment.NewLine, problems));
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
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
