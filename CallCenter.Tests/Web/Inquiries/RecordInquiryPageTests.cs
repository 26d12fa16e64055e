using Bunit;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Inquiries;
using CallCenter.Data.Residents;
using CallCenter.Tests.Web.Residents;
using CallCenter.Web.Components.Pages.Inquiries;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Inquiries;

/// <summary>The inquiry form over the sample town: what it offers depends on who asks and on consent.</summary>
public sealed class RecordInquiryPageTests : ConsoleTestContext
{
    public override Task InitializeAsync() => SeedAsync();

    private IRenderedComponent<RecordInquiryPage> Open(string residentNo) =>
        Render<RecordInquiryPage>(p => p.Add(x => x.ResidentNo, residentNo));

    private static void Choose(IRenderedComponent<RecordInquiryPage> cut, int index) =>
        cut.FindAll("[data-testid=inquirer-type] input[type=radio]")[index].Click();

    [Fact]
    public void OffersOnlyTheItemsConsentAllows_ForEachInquirer()
    {
        // K0003 (hospitalized) said relatives yes, acquaintances no, others no.
        var cut = Open("K0003");
        cut.WaitForElement("[data-testid=choose-type]");
        Assert.Contains("⑫親族 可 ／ ⑬知人 否 ／ ⑭その他・公表 否", cut.Find("[data-testid=consent-basis]").TextContent, StringComparison.Ordinal);

        Choose(cut, 0);
        cut.WaitForAssertion(() => Assert.Equal(5, cut.FindAll("[data-testid=disclosure-items] input[type=checkbox]").Count));
        Assert.Contains("竹田", cut.Find("[data-testid=item-Whereabouts]").TextContent, StringComparison.Ordinal);

        Choose(cut, 1);
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=disclosure-items] input[type=checkbox]")));
        Assert.Contains("本人が知人への情報提供を断っています", cut.Find("[data-testid=decision-headline]").TextContent, StringComparison.Ordinal);
        Assert.All(cut.FindAll("[data-testid^=item-]"), row => Assert.Equal("false", row.GetAttribute("data-allowed")));
    }

    [Fact]
    public async Task Save_RecordsWhatWasTold_AndReturnsToTheResident()
    {
        // K0001 said relatives yes, acquaintances yes, others no: a neighbour may hear that he is safe, not where.
        var cut = Open("K0001");
        cut.WaitForElement("[data-testid=choose-type]");
        Choose(cut, 1);
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=disclosure-items] input[type=checkbox]").Count));
        Assert.Equal("false", cut.Find("[data-testid=item-Whereabouts]").GetAttribute("data-allowed"));
        cut.Find("input[data-testid=inquirer-name]").Change("大野 修");
        cut.Find("input[data-testid=inquirer-relation]").Change("近所の人");
        cut.Find("input[data-testid=disclosed-Safety], [data-testid=disclosed-Safety] input").Change(true);

        cut.Find("button[data-testid=save-inquiry]").Click();

        cut.WaitForAssertion(() => Assert.EndsWith("/residents/K0001", Navigation.Uri, StringComparison.Ordinal));
        var saved = Assert.Single((await Services.GetRequiredService<InquiryRepository>().LogAsync(new InquiryFilter(), CallCenter.Data.Towns.TownScope.All, 0, 10)).Inquiries);
        Assert.Equal(("大野 修", "近所の人", InquirerType.Acquaintance, DisclosureItems.Safety, "会津若松"),
            (saved.InquirerName, saved.InquirerRelation, saved.InquirerType, saved.Disclosed, saved.Site));
        Assert.Single(await AuditAsync(AuditActions.RecordInquiry));
        // The neighbour's phone call is on record too, in the resident's call history.
        var call = Assert.Single(await new ResidentRepository(Db.Connections).CallsAsync(await IdAsync("K0001"), CallCenter.Data.Towns.TownScope.All), c => c.CallId == saved.CallId);
        Assert.Equal(("大野 修", "近所の人", CallDirection.Inbound), (call.CallerName, call.CallerRelation, call.Direction));
    }

    [Fact]
    public async Task Save_LinksTheInquiryToTheCallGiven_InsteadOfANewOne()
    {
        // The same caller first asked about K0003; that inquiry recorded the call.
        var residents = new ResidentRepository(Db.Connections);
        var inquiries = Services.GetRequiredService<InquiryRepository>();
        var first = await inquiries.RecordAsync(new InquiryDraft(await IdAsync("K0003"), InquirerType.Relative, "竹田 洋子", "姉", "0242-22-3333",
            null, DisclosureItems.None, null, null), new OperatorContext(null, "op", "会津若松"));
        var callId = Assert.Single(await inquiries.ForResidentAsync(await IdAsync("K0003"))).CallId!.Value;
        var before = (await residents.CallsAsync(await IdAsync("K0001"), CallCenter.Data.Towns.TownScope.All)).Count;
        Navigation.NavigateTo($"/residents/K0001/inquiry?call={callId}");
        var cut = Open("K0001");
        cut.WaitForElement("[data-testid=choose-type]");
        Choose(cut, 0);
        cut.Find("input[data-testid=inquirer-name]").Change("竹田 洋子");

        cut.Find("button[data-testid=save-inquiry]").Click();

        cut.WaitForAssertion(() => Assert.EndsWith("/residents/K0001", Navigation.Uri, StringComparison.Ordinal));
        Assert.True(first.Saved);
        var saved = Assert.Single(await inquiries.ForResidentAsync(await IdAsync("K0001")));
        Assert.Equal(callId, saved.CallId);
        var history = await residents.CallsAsync(await IdAsync("K0001"), CallCenter.Data.Towns.TownScope.All);
        Assert.Equal(before + 1, history.Count);
        Assert.Contains(history, c => c.CallId == callId);
    }
}
