using CallCenter.Data.Calls;
using CallCenter.Data.Database;
using CallCenter.Tests.Data.Calls;
using CallCenter.Tests.Web.Towns;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace CallCenter.Tests.Browser.Inquiries;

/// <summary>
/// Issue 19 in Chromium, in an app of its own with two towns (TwoTownsApp): an operator of 大熊町 opens the inquiry form of
/// 大熊町's 0000001 with <c>?call=</c> naming a call about 汐見町's 0000001 (the same number). The plain GET answers 404 and
/// the live page says the call is not found, with no form to save; with its own town's call the form is there.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class InquiryCallTownBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task AnotherTownsCall_IsNotFound_And_TheFormIsNotShown()
    {
        var towns = new TwoTownsApp();
        try
        {
            await towns.InitializeAsync();
            var connections = towns.App.Services.GetRequiredService<ConnectionFactory>();
            var by = new OperatorContext(null, "test-operator", "いわき");
            var shiomiCall = await TwoTownData.RecordAsync(connections, TimeProvider.System, by, "0000001", towns.Shiomi.TownId);
            var okumaCall = await TwoTownData.RecordAsync(connections, TimeProvider.System, by, "0000001", towns.Okuma.TownId);
            var page = await browser.NewPageAsync(towns.App.BaseAddress);
            await page.SetViewportSizeAsync(1366, 768);
            await page.SignInAsync(TwoTownsApp.OkumaOperator, returnPath: "/");

            var response = await page.GotoAsync($"/residents/0000001/inquiry?town=075451&call={shiomiCall}");
            Assert.Equal(404, response?.Status);
            await page.WaitForInteractiveAsync();
            await Expect(page.GetByTestId("call-not-found")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("save-inquiry")).ToHaveCountAsync(0);
            await page.Mouse.MoveAsync(0, 0);
            await page.SaveScreenshotAsync(nameof(InquiryCallTownBrowserTests) + ".other-towns-call", fullPage: false);

            await page.GotoInteractiveAsync($"/residents/0000001/inquiry?town=075451&call={okumaCall}");
            await Expect(page.GetByTestId("save-inquiry")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("call-not-found")).ToHaveCountAsync(0);
            await page.Context.CloseAsync();
        }
        finally
        {
            await towns.DisposeAsync();
        }
    }
}
