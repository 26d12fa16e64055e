using Bunit;
using CallCenter.Data.Audit;
using CallCenter.Data.Intentions;
using CallCenter.Tests.Data.Intentions;
using CallCenter.Web.Components.Pages.Intentions;
using CallCenter.Web.Security;

namespace CallCenter.Tests.Web.Intentions;

/// <summary>The supervisors' rounds page: create, close and reopen, each round with its answered households.</summary>
public sealed class SurveyRoundsPageTests : IntentionPageTestContext
{
    private static string Message(IRenderedComponent<SurveyRoundsPage> cut) => cut.Find("[data-testid=rounds-message]").TextContent.Trim();

    [Fact]
    public void Page_IsForSupervisors()
    {
        var authorize = typeof(SurveyRoundsPage).GetCustomAttributes(typeof(Microsoft.AspNetCore.Authorization.AuthorizeAttribute), true)
            .Cast<Microsoft.AspNetCore.Authorization.AuthorizeAttribute>().Single();
        Assert.Equal(Policies.Supervisor, authorize.Policy);
    }

    [Fact]
    public async Task Create_Close_Reopen_ShowAndAudit()
    {
        var cut = Render<SurveyRoundsPage>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=no-rounds]"));

        cut.Find("input[data-testid=new-round]").Input("2026年度");
        cut.Find("form.rounds-add").Submit();

        cut.WaitForAssertion(() => Assert.Equal("2026年度", cut.Find("[data-testid=round-name]").TextContent.Trim()));
        Assert.Equal("回答ラウンド「2026年度」を作りました。通話の記録で回答を受け付けます。", Message(cut));
        Assert.Equal("受付中（現在）", cut.Find("[data-testid=round-state]").TextContent.Trim());

        cut.Find("button[data-testid=round-toggle]").Click();
        cut.WaitForAssertion(() => Assert.Equal("締切", cut.Find("[data-testid=round-state]").TextContent.Trim()));
        cut.Find("button[data-testid=round-toggle]").Click();
        cut.WaitForAssertion(() => Assert.Equal("受付中（現在）", cut.Find("[data-testid=round-state]").TextContent.Trim()));

        Assert.Equal(["回答ラウンド「2026年度」を作成", "回答ラウンド「2026年度」を締め切り", "回答ラウンド「2026年度」を再開"],
            await AuditAsync(AuditActions.EditSurveyRounds));
    }

    [Fact]
    public async Task ATakenName_IsRefused_And_TheAnsweredCount_IsShown()
    {
        var rounds = new SurveyRounds(Db.Connections, TimeProvider.System);
        Assert.Null(await rounds.CreateAsync("2026年度", Supervisor));
        var round = (await rounds.CurrentAsync())!.RoundId;
        Assert.Empty(await new IntentionAnswers(Db.Connections, TimeProvider.System).RecordAsync(
            new IntentionAnswerDraft(round, await IntentionTestData.HouseholdIdAsync(Db.Connections, "KH02"), new DateOnly(2026, 11, 2), ReturnIntention.Undecided), Supervisor));
        var cut = Render<SurveyRoundsPage>();
        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=round-answered]").TextContent.Trim()));

        cut.Find("input[data-testid=new-round]").Input("2026年度");
        cut.Find("form.rounds-add").Submit();

        cut.WaitForAssertion(() => Assert.Equal("回答ラウンド「2026年度」は既にあります。別の名前にしてください。", Message(cut)));
        Assert.Single(cut.FindAll("[data-testid=round-row]"));
    }
}
