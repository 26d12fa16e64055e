using Bunit;
using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Inquiries;
using CallCenter.Tests.Web.Residents;
using CallCenter.Web.Components.Pages.Inquiries;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Inquiries;

/// <summary>The supervisors' inquiry log over the sample town: what each row tells, the filters, paging and the audit of each page shown.</summary>
public sealed class InquiryLogPageTests : ConsoleTestContext
{
    private OperatorContext recorder = null!;

    public override async Task InitializeAsync()
    {
        await SeedAsync();
        var userId = await Services.GetRequiredService<UserRepository>().CreateAsync("op-aizu", "会津 一子", UserRole.Operator, "会津若松", "x");
        recorder = new OperatorContext(userId, "op-aizu", "会津若松");
    }

    private InquiryRepository Inquiries => Services.GetRequiredService<InquiryRepository>();

    private async Task RecordAsync(string residentNo, InquirerType type, string name, string? relation, string? contact, string? check,
        DisclosureItems disclosed, string? message)
    {
        var result = await Inquiries.RecordAsync(new InquiryDraft(await IdAsync(residentNo), type, name, relation, contact, check, disclosed, message, null),
            recorder);
        Assert.True(result.Saved, string.Join(" ", result.Errors));
    }

    /// <summary>A son asking about K0001 who leaves a message, then a neighbour asking about K0003 who is told nothing.</summary>
    private async Task RecordTwoAsync()
    {
        await RecordAsync("K0001", InquirerType.Relative, "髙橋 健一", "長男", "090-8765-4321", "生年月日で確認",
            DisclosureItems.Safety | DisclosureItems.Whereabouts, "山形に着いたら電話がほしい");
        await RecordAsync("K0003", InquirerType.Acquaintance, "大野 修", "近所の人", null, null, DisclosureItems.None, null);
    }

    private IRenderedComponent<InquiryLogPage> RenderPage()
    {
        var cut = Render<InquiryLogPage>();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".mud-progress-linear")));
        return cut;
    }

    private static IReadOnlyList<string> Rows(IRenderedComponent<InquiryLogPage> cut) =>
        [.. cut.FindAll("[data-testid=inquiry-log-row]").Select(r => r.TextContent)];

    [Fact]
    public async Task ListsEveryInquiry_NewestFirst_WithWhoAskedWhatWasTold_AndTheMessage_And_AuditsThePage()
    {
        await RecordTwoAsync();

        var cut = RenderPage();

        Assert.Equal("2 件中 1–2 件", cut.Find("[data-testid=inquiry-total]").TextContent.Trim());
        var rows = Rows(cut);
        Assert.Equal(2, rows.Count);
        Assert.Contains("K0003", rows[0], StringComparison.Ordinal);
        Assert.Contains("大野 修（近所の人）", rows[0], StringComparison.Ordinal);
        Assert.Contains(InquirerType.Acquaintance.Label(), rows[0], StringComparison.Ordinal);
        Assert.Contains("髙橋　一郎", rows[1], StringComparison.Ordinal);
        Assert.Contains("髙橋 健一（長男）", rows[1], StringComparison.Ordinal);
        Assert.Contains("☎ 090-8765-4321", rows[1], StringComparison.Ordinal);
        Assert.Contains("確認: 生年月日で確認", rows[1], StringComparison.Ordinal);
        Assert.Contains((DisclosureItems.Safety | DisclosureItems.Whereabouts).ShortLabel(), rows[1], StringComparison.Ordinal);
        Assert.Contains("山形に着いたら電話がほしい", rows[1], StringComparison.Ordinal);
        Assert.Contains("未対応", rows[1], StringComparison.Ordinal);
        Assert.Contains("会津 一子（会津若松）", rows[1], StringComparison.Ordinal);
        var audit = Assert.Single(await AuditAsync(AuditActions.ViewInquiries));
        Assert.Equal("条件なし・1〜2件目／全2件", audit.Details);
    }

    [Fact]
    public void SaysNoInquiryMatches_When_ThereAreNone()
    {
        var cut = RenderPage();

        Assert.Equal("条件に合う照会はありません。", cut.Find("[data-testid=no-inquiries]").TextContent.Trim());
    }

    [Fact]
    public async Task OpenMessagesOnly_ShowsOnlyInquiriesWithAMessageWaiting_And_AuditsTheNewPage()
    {
        await RecordTwoAsync();
        var cut = RenderPage();

        cut.Find("[data-testid=filter-open] input, input[data-testid=filter-open]").Change(true);

        cut.WaitForAssertion(() => Assert.Equal("1 件中 1–1 件", cut.Find("[data-testid=inquiry-total]").TextContent.Trim()));
        Assert.Contains("髙橋 健一", Assert.Single(Rows(cut)), StringComparison.Ordinal);
        var audits = await AuditAsync(AuditActions.ViewInquiries);
        Assert.Equal(2, audits.Count);
        Assert.Contains(audits, a => a.Details!.StartsWith("未対応の伝言のみ・", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ResidentNumberFilter_ShowsOnlyThatResidentsInquiries()
    {
        await RecordTwoAsync();
        var cut = RenderPage();

        cut.Find("input[data-testid=filter-resident]").Change("K0003");

        cut.WaitForAssertion(() => Assert.Contains("大野 修", Assert.Single(Rows(cut)), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pages_ByFifty_WithNextAndPrevious()
    {
        for (var i = 0; i < InquiryLogPage.PageSize + 1; i++)
        {
            await RecordAsync("K0012", InquirerType.Other, $"報道 {i}", null, null, null, DisclosureItems.None, null);
        }
        var cut = RenderPage();
        Assert.Equal($"51 件中 1–50 件", cut.Find("[data-testid=inquiry-total]").TextContent.Trim());
        Assert.True(cut.Find("button[data-testid=previous-page]").HasAttribute("disabled"));

        cut.Find("button[data-testid=next-page]").Click();

        cut.WaitForAssertion(() => Assert.Equal("51 件中 51–51 件", cut.Find("[data-testid=inquiry-total]").TextContent.Trim()));
        Assert.Single(Rows(cut));
        Assert.True(cut.Find("button[data-testid=next-page]").HasAttribute("disabled"));
        cut.Find("button[data-testid=previous-page]").Click();
        cut.WaitForAssertion(() => Assert.Equal(InquiryLogPage.PageSize, Rows(cut).Count));
    }
}
