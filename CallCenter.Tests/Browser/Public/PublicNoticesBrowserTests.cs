using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Tests.Data.Announcements;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallCenter.Tests.Browser.Public;

/// <summary>The public notices on a phone (390×844), without signing in: a 公開 notice shows, a non-public one never does.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PublicNoticesBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task APhone_SeesThePublicNotice_ReadsItWithItsLineBreaks_AndNeverSeesANonPublicOne()
    {
        var connections = browser.App.Services.GetRequiredService<ConnectionFactory>();
        var today = JapanTime.Today(TimeProvider.System);
        var id = await PublicNoticeTestData.AddAsync(connections, "12月の一時帰宅の申込を受け付けています",
            "12月13日（土）・27日（土）に一時帰宅を実施します。\n申込は実施日の10日前までに、コールセンター（0120-000-000）へお電話ください。\n\n当日は中継基地（旧汐見町運動公園）に午前9時までにお越しください。",
            today.AddDays(-2), today.AddDays(20), priority: 1);
        await PublicNoticeTestData.AddAsync(connections, "賠償の相談会（会津若松会場）", "毎週水曜日 10時〜16時、会津若松出張所で開いています。予約は不要です。", today.AddDays(-1));
        await PublicNoticeTestData.AddAsync(connections, "職員連絡：浜区の未伝達世帯の架電", "非公開の職員向け連絡です。", today.AddDays(-1), isPublic: false);
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(390, 844);

        var response = await page.GotoAsync("/public/notices");

        Assert.True(response is { Ok: true });
        var notice = page.Locator($"[data-notice='{id}']");
        await Assertions.Expect(notice).ToContainTextAsync("12月の一時帰宅の申込を受け付けています");
        await Assertions.Expect(notice).ToContainTextAsync("重要");
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("賠償の相談会（会津若松会場）");
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("職員連絡");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the list scrolls sideways on a phone");
        await page.SaveScreenshotAsync(nameof(PublicNoticesBrowserTests) + ".list-390x844", fullPage: false);

        await notice.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/public/notices/{id}$"));
        var body = page.Locator("p.body");
        await Assertions.Expect(body).ToContainTextAsync("申込は実施日の10日前まで");
        // The line breaks are kept: three paragraphs' lines stack, the text is not one run-on line.
        Assert.True(await body.EvaluateAsync<double>("e => e.getBoundingClientRect().height") > 5 * 20);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the notice scrolls sideways on a phone");
        await page.SaveScreenshotAsync(nameof(PublicNoticesBrowserTests) + ".notice-390x844", fullPage: false);
        await page.CloseAsync();
    }
}
