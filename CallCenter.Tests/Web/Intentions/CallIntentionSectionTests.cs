using Bunit;
using Bunit.TestDoubles;
using CallCenter.Data;
using CallCenter.Data.Calls;
using CallCenter.Data.Intentions;
using CallCenter.Data.Reports;
using CallCenter.Tests.Data;
using CallCenter.Tests.Data.Calls;
using CallCenter.Tests.Data.Intentions;
using CallCenter.Tests.Web.Calls;
using CallCenter.Web.Components.Pages.Calls;
using CallCenter.Web.Components.Pages.Intentions;
using CallCenter.Web.Components.Shared;
using Dapper;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CallCenter.Tests.Web.Intentions;

/// <summary>The call form's 「帰還意向」 section on the real page over a real SQLite file.</summary>
public sealed class CallIntentionSectionTests : MudTestContext
{
    private readonly TestDatabase.SqliteTestDatabase db = TestDatabase.CreateSqlite();
    private readonly BunitAuthorizationContext auth;

    public CallIntentionSectionTests()
    {
        db.Migrate();
        Services.AddCallCenterData(db.Configuration);
        Services.AddCallFormServices();
        auth = AddAuthorization();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public override async Task InitializeAsync() => await CallFormTestSetup.SignInOperatorAsync(db.Connections, auth);

    protected override ValueTask DisposeTestResourcesAsync() => db.DisposeAsync();

    private readonly OperatorContext supervisor = new(null, "sv", null);

    private async Task<int> OpenRoundAsync(string name = "2026年度")
    {
        var rounds = new SurveyRounds(db.Connections, TimeProvider.System);
        Assert.Null(await rounds.CreateAsync(name, supervisor));
        return (await rounds.CurrentAsync())!.RoundId;
    }

    private IRenderedComponent<RecordCallPage> RenderPage()
    {
        var cut = Render<RecordCallPage>(p => p.Add(x => x.ResidentNo, "K0003"));
        cut.WaitForAssertion(() => cut.Find("[data-testid=member-K0001]"));
        return cut;
    }

    private static async Task FillCallAsync(IRenderedComponent<RecordCallPage> cut)
    {
        var card = cut.FindComponents<MemberReportCard>().Single(c => c.Instance.Member.Resident.ResidentNo == "K0003");
        var status = card.FindComponents<FieldSelect<SafetyStatus?>>()[0];
        await status.Find("select").ChangeAsync(new ChangeEventArgs { Value = status.Instance.ToText(SafetyStatus.Safe) });
        var type = card.FindComponents<FieldSelect<WhereaboutsType?>>()[0];
        await type.Find("select").ChangeAsync(new ChangeEventArgs { Value = type.Instance.ToText(WhereaboutsType.Shelter) });
        await cut.InvokeAsync(() => card.FindComponent<MudAutocomplete<byte?>>().Instance.ValueChanged.InvokeAsync((byte)7));
        cut.Find("input[data-testid=caller-name]").Change("佐藤 浩二");
        cut.ChooseWrapUp();
    }

    private async Task<IReadOnlyList<IntentionAnswer>> HistoryAsync() =>
        await new IntentionAnswers(db.Connections, TimeProvider.System).HistoryAsync(await IntentionTestData.HouseholdIdAsync(db.Connections, "KH01"));

    [Fact]
    public void WithoutAnOpenRound_TheSectionSaysSo_And_AsksNothing()
    {
        var cut = RenderPage();

        Assert.Equal("受付中の回答ラウンドはありません。", cut.Find("[data-testid=intention-no-round]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=intention-choice]"));
    }

    [Fact]
    public async Task TheQuestions_ShowTheSetThatFits_TheIntention()
    {
        await OpenRoundAsync();
        var cut = RenderPage();
        Assert.Empty(cut.FindAll("[data-testid=intention-needs]"));

        cut.Find("[data-testid=intention-choice]").Change("まだ判断がつかない");
        cut.WaitForAssertion(() => Assert.Equal(8, cut.FindAll("[data-testid=intention-needs] input[type=checkbox]").Count));
        Assert.Empty(cut.FindAll("[data-testid=intention-reasons]"));

        cut.Find("[data-testid=intention-choice]").Change("戻らないと決めている");
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=intention-needs]")));
        Assert.Equal(7, cut.FindAll("[data-testid=intention-reasons] input[type=checkbox]").Count);
        Assert.Equal("k", cut.Find("label[for=intention-choice]").GetAttribute("accesskey"));
    }

    [Fact]
    public async Task Save_RecordsTheAnswer_WithTheCall_TheCallerAsRespondent()
    {
        await OpenRoundAsync();
        var cut = RenderPage();
        await FillCallAsync(cut);
        cut.Find("[data-testid=intention-choice]").Change("戻らないと決めている");
        cut.FindAll("[data-testid=intention-reasons] input[type=checkbox]")[0].Change(true);
        cut.FindAll("[data-testid=intention-reasons] input[type=checkbox]")[4].Change(true);

        cut.Find("button[data-testid=save]").Click();

        cut.WaitForAssertion(() => Assert.Single(HistoryAsync().GetAwaiter().GetResult()));
        var answer = (await HistoryAsync())[0];
        Assert.Equal((ReturnIntention.WillNotReturn, NotReturningReasons.SettledElsewhere | NotReturningReasons.Work, AnswerChannel.Phone, "佐藤 浩二"),
            (answer.Intention, answer.Reasons, answer.Channel, answer.Respondent));
        Assert.NotNull(answer.CallId);
    }

    [Fact]
    public async Task ANeedWithoutAnIntention_IsRefused_With_AMessage_And_NothingWritten()
    {
        await OpenRoundAsync();
        var cut = RenderPage();
        await FillCallAsync(cut);
        cut.Find("[data-testid=intention-choice]").Change("まだ判断がつかない");
        cut.FindAll("[data-testid=intention-needs] input[type=checkbox]")[2].Change(true);
        cut.Find("[data-testid=intention-choice]").Change("");
        // The needs were cleared with the intention: an empty section records nothing and refuses nothing.
        cut.FindComponent<FieldSelect<HousingWish?>>().Find("select").Change("賃貸");

        cut.Find("button[data-testid=save]").Click();

        cut.WaitForAssertion(() => Assert.Contains("帰還意向を選んでください。", cut.Find("[data-testid=intention-section]").TextContent, StringComparison.Ordinal));
        await using var connection = await db.Connections.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM Calls"));
    }

    [Fact]
    public async Task AnEmptySection_RecordsNothing_And_TheCallSaves()
    {
        await OpenRoundAsync();
        var cut = RenderPage();
        await FillCallAsync(cut);

        cut.Find("button[data-testid=save]").Click();

        cut.WaitForAssertion(async () =>
        {
            await using var connection = await db.Connections.OpenAsync();
            Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM Calls"));
        });
        Assert.Empty(await HistoryAsync());
    }

    [Fact]
    public async Task AHouseholdThatAnswered_SeesTheSummary_And_MayRecordANewerAnswer()
    {
        var round = await OpenRoundAsync();
        var kh01 = await IntentionTestData.HouseholdIdAsync(db.Connections, "KH01");
        Assert.Empty(await new IntentionAnswers(db.Connections, TimeProvider.System).RecordAsync(
            new IntentionAnswerDraft(round, kh01, new DateOnly(2026, 11, 2), ReturnIntention.WantsToReturn, Channel: AnswerChannel.Post), supervisor));

        var cut = RenderPage();

        Assert.Equal("2026年度: 戻りたいと考えている（2026/11/02 郵送）", cut.Find("[data-testid=intention-summary]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=intention-choice]"));
        cut.Find("[data-testid=intention-newer]").Click();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=intention-choice]")));
    }
}
