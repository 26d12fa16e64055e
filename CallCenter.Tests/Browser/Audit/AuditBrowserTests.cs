using System.Globalization;
using System.Text;
using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Database;
using CallCenter.Data.Inquiries;
using CallCenter.Tests.Browser.Accounts;
using CallCenter.Tests.Data.Calls;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace CallCenter.Tests.Browser.Audit;

/// <summary>The audit log page (操作ログ) shows sign-ins and user creation, filters them and exports them as CSV.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AuditBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task AuditPage_ShowsSignIn_And_UserCreation_And_ExportsThem()
    {
        var page = await browser.NewPageAsync();
        await page.SignInAsync("test-admin", returnPath: "/admin/users");
        await UserSteps.CreateUserAsync(page, "k.sato", "佐藤 健一", "オペレーター", "会津若松");

        await page.GotoInteractiveAsync("/admin/audit");
        var table = page.GetByTestId("audit-table");
        await Expect(table).ToContainTextAsync("サインイン");
        await Expect(table).ToContainTextAsync("佐藤 健一（k.sato）");

        await page.GetByTestId("audit-user").FillAsync("test-admin");
        await page.GetByTestId("audit-action").FillAsync("create-user");
        await page.GetByTestId("audit-action").PressAsync("Escape");
        await page.GetByTestId("audit-search").ClickAsync();
        await Expect(page.GetByTestId("audit-export")).ToHaveAttributeAsync("href", "/admin/audit/export.csv?user=test-admin&action=create-user");
        await Expect(table).ToContainTextAsync("k.sato");
        await Expect(page.GetByTestId("audit-action-cell").First).ToHaveTextAsync("ユーザー追加");
        await page.SaveScreenshotAsync(nameof(AuditBrowserTests) + "." + nameof(AuditPage_ShowsSignIn_And_UserCreation_And_ExportsThem));

        // The export link, fetched with the page's cookie.
        var csv = await page.Context.APIRequest.GetAsync("/admin/audit/export.csv?user=test-admin&action=create-user");
        Assert.Equal(200, csv.Status);
        var bytes = await csv.BodyAsync();
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.StartsWith("日時,ユーザー,拠点,操作,対象種別,対象,住民ID,詳細,表示名,対象の名前,住民,操作コード\r\n", text, StringComparison.Ordinal);
        Assert.Contains(",test-admin,会津若松,ユーザー追加,ユーザー,k.sato,,役割 オペレーター・拠点 会津若松,", text, StringComparison.Ordinal);
        Assert.Contains(",佐藤 健一（k.sato）,,create-user\r\n", text, StringComparison.Ordinal);

        var bad = await page.Context.APIRequest.GetAsync("/admin/audit/export.csv?from=2026/03/13&to=2026/03/12");
        Assert.Equal(400, bad.Status);
        Assert.Contains("開始日時が終了日時より後になっています。", await bad.TextAsync(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AuditPage_ReadsForAnAuditor_At1366x768_OldAndNewRowsOfManyKinds()
    {
        var connections = browser.App.Services.GetRequiredService<ConnectionFactory>();
        await CallTestData.ImportAsync(connections, """
            住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
            AU001,AUH01,世帯主,髙橋 一郎,タカハシ イチロウ,1951-04-02,男,浜区,汐見町浜1-1,0240-35-1201
            AU002,AUH02,世帯主,𠮷田 花子,ヨシダ ハナコ,1962-11-30,女,山区,汐見町山2-5,
            """);
        var users = new UserRepository(connections, TimeProvider.System);
        var kobayashi = (await users.CreateAsync("y.kobayashi", "小林 由美", UserRole.Supervisor, "いわき", "x"))!.Value;
        await using (var connection = await connections.OpenAsync())
        {
            var takahashi = await connection.ExecuteScalarAsync<int>("SELECT ResidentId FROM Residents WHERE ResidentNo = 'AU001'");
            var yoshida = await connection.ExecuteScalarAsync<int>("SELECT ResidentId FROM Residents WHERE ResidentNo = 'AU002'");
            var household = await connection.ExecuteScalarAsync<int>("SELECT HouseholdId FROM Households WHERE HouseholdNo = 'AUH01'");
            var at = new DateTime(2026, 3, 12, 0, 5, 0, DateTimeKind.Utc);
            // What an auditor finds in a town's log: rows earlier versions wrote (English, a record dump) beside new ones.
            var rows = new (string Action, string? TargetType, string? TargetId, int? ResidentId, string? Details, bool Failed)[]
            {
                (AuditActions.SignInFailed, null, null, null, "wrong password (1/5 from 203.0.113.50)", true),
                (AuditActions.SignIn, "session", "a1b2c3d4", null, null, false),
                (AuditActions.Search, "search", null, null, "たかはし S45", false),
                (AuditActions.ViewResident, "resident", "AU001", takahashi, "call-form", false),
                (AuditActions.RecordCall, "call", "12", null, "Inbound; 2 person(s)", false),
                (AuditActions.RecordReport, "report", "45", takahashi, "無事; 親族・知人宅; call 12", false),
                (AuditActions.RecordReport, "report", "46", yoshida, "安否 死亡・避難先 「親族・知人宅」・通話 #12・承認待ち", false),
                (AuditActions.ApproveReport, "report", "46", yoshida, "死亡; current; いわき中央署 刑事課に電話で確認", false),
                (AuditActions.ViewInquiries, "inquiries", null, null,
                    $"{new InquiryFilter(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 12), InquirerType.Relative, OpenMessagesOnly: true)}; rows 1-20 of 37", false),
                (AuditActions.ViewResidentList, "resident-list", null, null, "/residents/list?status=Missing&district=%E6%B5%9C%E5%8C%BA; rows 1-50 of 120", false),
                (AuditActions.ClaimHousehold, "household", household.ToString(CultureInfo.InvariantCulture), null, "until 2026-03-12T01:15:00.0000000Z", false),
                (AuditActions.Export, "export", "residents", null, "?encoding=cp932&district=%E6%B5%9C%E5%8C%BA; rows 12; encoding Cp932; replaced 1; exports page", false),
                (AuditActions.ImportStatus, "file", "避難所名簿_0312.csv", null,
                    "避難所名簿_0312.csv; 避難所名簿; CP932; reported 0, queued 0, already imported 6, errors 0; nothing new: nothing written", false),
                (AuditActions.CreateUser, "user", "y.kobayashi", null, "role Supervisor; site いわき", false),
            };
            for (var i = 0; i < rows.Length; i++)
            {
                var row = rows[i];
                await AuditRepository.WriteAsync(connection, null, new AuditEntry
                {
                    OccurredAt = at.AddMinutes(i), UserId = row.Failed ? null : kobayashi, UserName = "y.kobayashi", Site = row.Failed ? null : "いわき",
                    Action = row.Action, TargetType = row.TargetType, TargetId = row.TargetId, ResidentId = row.ResidentId, Details = row.Details,
                }, CancellationToken.None);
            }
        }

        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(1366, 768);
        await page.SignInAsync("test-admin", returnPath: "/admin/audit");
        await page.GotoInteractiveAsync("/admin/audit");
        await page.GetByTestId("audit-user").FillAsync("y.kobayashi");
        await page.GetByTestId("audit-search").ClickAsync();
        var table = page.GetByTestId("audit-table");
        await Expect(page.GetByTestId("audit-total")).ToHaveTextAsync("14件");

        await Expect(page.GetByTestId("audit-time").First).ToHaveTextAsync("2026/03/12 09:18:00");
        await Expect(table).ToContainTextAsync("小林 由美");
        await Expect(table).ToContainTextAsync("AU001 髙橋 一郎");
        await Expect(table).ToContainTextAsync("AUH01（浜区）");
        await Expect(table).ToContainTextAsync("着信・2人");
        await Expect(table).ToContainTextAsync("期間 2026/03/01〜2026/03/12");
        await Expect(table).ToContainTextAsync("担当期限 2026/03/12 10:15（日本時間）");
        var text = await table.InnerTextAsync();
        foreach (var internalText in new[] { "{ ", "Filter", "person(s)", "Inbound", "rows ", "call-form", "until ", "encoding", "nothing written" })
        {
            Assert.DoesNotContain(internalText, text, StringComparison.Ordinal);
        }
        // Columns fit: no cell is squeezed to a character per line, the table does not run off the page.
        var widths = await page.EvaluateAsync<int[]>("""
            [...document.querySelectorAll('[data-testid=audit-table] tbody tr:first-child td')].map(td => Math.round(td.getBoundingClientRect().width))
            """);
        Assert.All(widths, w => Assert.True(w >= 60, $"a column {w}px wide: {string.Join(", ", widths)}"));
        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > document.documentElement.clientWidth");
        Assert.False(overflow, "the page scrolls sideways at 1366x768");
        await page.SaveScreenshotAsync(nameof(AuditBrowserTests) + ".rows-1366x768", fullPage: false);
        await page.SaveScreenshotAsync(nameof(AuditBrowserTests) + ".rows-1366x768-full");
        await page.Context.CloseAsync();
    }
}
