using Bunit;
using CallCenter.Data.Intentions;
using CallCenter.Tests.Data.Intentions;
using CallCenter.Web.Components.Pages.Intentions;

namespace CallCenter.Tests.Web.Intentions;

/// <summary>The resident page's 「帰還意向」 panel: per round, the counting answer first, earlier ones as history.</summary>
public sealed class IntentionPanelTests : IntentionPageTestContext
{
    [Fact]
    public async Task AHouseholdWithoutAnswers_SaysSo()
    {
        var kh01 = await IntentionTestData.HouseholdIdAsync(Db.Connections, "KH01");
        var cut = Render<IntentionPanel>(p => p.Add(x => x.HouseholdId, kh01));

        cut.WaitForAssertion(() => Assert.Equal("この世帯の回答はまだありません。", cut.Find("[data-testid=intention-none]").TextContent.Trim()));
    }

    [Fact]
    public async Task TheCountingAnswer_ComesFirst_WithItsDetails_And_EarlierOnesAsHistory()
    {
        var rounds = new SurveyRounds(Db.Connections, TimeProvider.System);
        Assert.Null(await rounds.CreateAsync("2026年度", Supervisor));
        var round = (await rounds.CurrentAsync())!.RoundId;
        var kh01 = await IntentionTestData.HouseholdIdAsync(Db.Connections, "KH01");
        var answers = new IntentionAnswers(Db.Connections, TimeProvider.System);
        Assert.Empty(await answers.RecordAsync(new IntentionAnswerDraft(round, kh01, new DateOnly(2026, 10, 1), ReturnIntention.Undecided,
            IntentionNeeds.Jobs | IntentionNeeds.Schools, Channel: AnswerChannel.Post), Supervisor));
        Assert.Empty(await answers.RecordAsync(new IntentionAnswerDraft(round, kh01, new DateOnly(2026, 11, 2), ReturnIntention.WillNotReturn,
            Reasons: NotReturningReasons.SettledElsewhere, Housing: HousingWish.Rental, Respondent: "佐藤 正男", Channel: AnswerChannel.Phone), Supervisor));

        var cut = Render<IntentionPanel>(p => p.Add(x => x.HouseholdId, kh01));

        cut.WaitForAssertion(() => cut.Find("[data-testid=intention-counting]"));
        Assert.Equal("2026年度：戻らないと決めている（2026/11/02 電話・回答者 佐藤 正男）",
            System.Text.RegularExpressions.Regex.Replace(cut.Find("[data-testid=intention-counting]").TextContent.Trim(), @"\s*\n\s*", ""));
        Assert.Contains("戻らない理由: 避難先で生活基盤ができた　希望する住まい: 賃貸", cut.Markup, StringComparison.Ordinal);
        Assert.Equal("2026/10/01 郵送：まだ判断がつかない（以前の回答）", cut.Find("[data-testid=intention-history] li").TextContent.Trim());
    }
}
