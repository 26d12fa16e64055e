using CallCenter.Web.Components.Shared;
using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using CallCenter.Data;
using CallCenter.Data.Accounts;
using CallCenter.Data.Calls;
using CallCenter.Data.Database;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;
using CallCenter.Tests.Data;
using CallCenter.Tests.Data.Calls;
using CallCenter.Web.Components.Pages.Residents;
using CallCenter.Web.Components.Pages.Calls;
using CallCenter.Web.Security;
using Dapper;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using CallCenter.Data.Provisional;

namespace CallCenter.Tests.Web.Calls;

/// <summary>The call form over a real, migrated SQLite file with the five-member test household.</summary>
public sealed class RecordCallPageTests : MudTestContext
{
    private readonly TestDatabase.SqliteTestDatabase db = TestDatabase.CreateSqlite();
    private readonly BunitAuthorizationContext auth;
    private int operatorId;

    public RecordCallPageTests()
    {
        db.Migrate();
        Services.AddCallCenterData(db.Configuration);
        Services.AddCallFormServices();
        auth = AddAuthorization();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public override async Task InitializeAsync() =>
        operatorId = await CallFormTestSetup.SignInOperatorAsync(db.Connections, auth);

    protected override ValueTask DisposeTestResourcesAsync() => db.DisposeAsync();

    private IRenderedComponent<RecordCallPage> RenderPage(string residentNo = "K0003")
    {
        var cut = Render<RecordCallPage>(p => p.Add(x => x.ResidentNo, residentNo));
        cut.WaitForAssertion(() => cut.Find("[data-testid=member-K0001]"));
        return cut;
    }

    private static IRenderedComponent<MemberReportCard> Card(IRenderedComponent<RecordCallPage> cut, string residentNo) =>
        cut.FindComponents<MemberReportCard>().Single(c => c.Instance.Member.Resident.ResidentNo == residentNo);

    [Fact]
    public void Header_NamesBirthDate_Age_And_District_BesideTheName()
    {
        var cut = RenderPage("K0003");

        // The person the call is about, told apart from a namesake before anything is typed (no member row needed).
        var who = cut.Find(".call-title [data-testid=person-identity]");
        Assert.Equal("昭和50年2月14日 (1975/02/14)", who.QuerySelector("[data-testid=identity-birth]")!.TextContent);
        Assert.EndsWith("歳", who.QuerySelector("[data-testid=identity-age]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("浜区", who.QuerySelector("[data-testid=identity-district]")!.TextContent);
    }

    [Fact]
    public async Task Warns_BeforeSaving_When_TheSearchNamedAnotherBirthYear()
    {
        // The operator searched 「佐藤 S45」 and opened 佐藤 浩二, born in 1975 (昭和50年).
        var koji = await CallTestData.ResidentAsync(db.Connections, "K0003");
        Services.GetRequiredService<SearchContext>().Remember(SearchQuery.Parse("佐藤 S45", new DateOnly(2026, 3, 12)),
            [new SearchHit(koji, 40, false) { BirthMatches = false }]);

        var cut = RenderPage("K0003");

        Assert.Equal("検索した生年月日「S45」と、この人の生年月日 昭和50年2月14日（1975/02/14） が違います。本人かどうか確かめてから保存してください。",
            cut.Find("[data-testid=birth-mismatch]").TextContent.Trim());
        Assert.Empty(RenderPage("K0001").FindAll("[data-testid=birth-mismatch]"));
    }

    private static async Task ChooseAsync<T>(IRenderedComponent<MemberReportCard> card, T value, int index = 0)
    {
        // The list is a native select whose options' values are their labels: the choice arrives as a change event.
        var select = card.FindComponents<FieldSelect<T>>()[index];
        await select.Find("select").ChangeAsync(new ChangeEventArgs { Value = select.Instance.ToText(value) });
    }

    private static async Task PrefectureAsync(IRenderedComponent<MemberReportCard> card, byte code)
    {
        var box = card.FindComponent<MudAutocomplete<byte?>>();
        await card.InvokeAsync(() => box.Instance.ValueChanged.InvokeAsync(code));
    }

    private static void Type(IRenderedComponent<RecordCallPage> cut, string scope, string testId, string value) =>
        cut.Find($"{scope} input[data-testid={testId}]").Change(value);

    private async Task SelectAsync(IRenderedComponent<RecordCallPage> cut, string residentNo)
    {
        await Card(cut, residentNo).Find("input[data-testid=member-check]").ChangeAsync(new ChangeEventArgs { Value = true });
    }

    private async Task FillValidAsync(IRenderedComponent<RecordCallPage> cut, string residentNo, SafetyStatus status = SafetyStatus.Safe)
    {
        await ChooseAsync<SafetyStatus?>(Card(cut, residentNo), status);
        await ChooseAsync<WhereaboutsType?>(Card(cut, residentNo), WhereaboutsType.Shelter);
        await PrefectureAsync(Card(cut, residentNo), 7);
        Type(cut, $"[data-testid=member-{residentNo}]", "municipality", "会津若松市");
        Type(cut, $"[data-testid=member-{residentNo}]", "place", "会津若松市 第二中学校");
        cut.ChooseWrapUp();
    }

    private async Task<int> ReportCountAsync()
    {
        await using var connection = await db.Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM SafetyReports");
    }

    [Fact]
    public async Task Household_IsListed_WithTheOpenedResidentSelected()
    {
        var cut = RenderPage("K0003");

        Assert.Equal(["K0001", "K0002", "K0003", "K0004", "K0005"], cut.FindComponents<MemberReportCard>().Select(c => c.Instance.Member.Resident.ResidentNo));
        Assert.Equal(["K0003"], cut.FindComponents<MemberReportCard>().Where(c => c.Instance.Member.Selected).Select(c => c.Instance.Member.Resident.ResidentNo));
        Assert.Empty(cut.FindAll("[data-testid=member-K0001] input[data-testid=place]"));
        Assert.Single(cut.FindAll("[data-testid=member-K0003] input[data-testid=place]"));

        await SelectAsync(cut, "K0001");

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=member-K0001] input[data-testid=place]")));
        Assert.Equal("2 人を記録", cut.Find("[data-testid=selected-count]").TextContent.Trim());
    }

    [Fact]
    public async Task ProvisionalPerson_WithoutHousehold_IsShownAlone()
    {
        var (no, _) = await new ProvisionalPersonService(db.Connections, TimeProvider.System).CreateAsync(
            new ProvisionalPersonDraft("田村", "光", "タムラ", "ヒカル", null, CallCenter.Data.Common.Sex.Female, null, null),
            new OperatorContext(null, "op", null));

        var cut = Render<RecordCallPage>(p => p.Add(x => x.ResidentNo, no!));

        cut.WaitForAssertion(() => Assert.Single(cut.FindComponents<MemberReportCard>()));
        Assert.True(cut.FindComponent<MemberReportCard>().Instance.Member.Selected);
    }

    [Fact]
    public async Task Save_ShowsErrorsPerMember_And_KeepsWhatWasTyped()
    {
        var cut = RenderPage("K0003");
        await SelectAsync(cut, "K0001");
        Type(cut, "[data-testid=member-K0003]", "place", "会津若松市 第二中学校");
        await ChooseAsync<SafetyStatus?>(Card(cut, "K0001"), SafetyStatus.Safe);
        Type(cut, "[data-testid=member-K0001]", "contact-phone", "abc");

        cut.Find("button[data-testid=save]").Click();

        cut.WaitForAssertion(() => Assert.Contains("入力に誤りがあります", cut.Find("[data-testid=error-summary]").TextContent, StringComparison.Ordinal));
        var son = cut.Find("[data-testid=member-K0003]").TextContent;
        var head = cut.Find("[data-testid=member-K0001]").TextContent;
        Assert.Contains("安否を選んでください。", son, StringComparison.Ordinal);
        Assert.DoesNotContain("安否を選んでください。", head, StringComparison.Ordinal);
        Assert.Contains("避難先種別を選んでください（わからなければ「不明」）。", head, StringComparison.Ordinal);
        Assert.Contains("連絡先を電話番号として読めません（abc）。", head, StringComparison.Ordinal);
        Assert.DoesNotContain("連絡先を電話番号として読めません", son, StringComparison.Ordinal);
        Assert.Contains("通話相手の氏名を入力してください。", cut.Markup, StringComparison.Ordinal);
        Assert.Equal("会津若松市 第二中学校", cut.Find("[data-testid=member-K0003] input[data-testid=place]").GetAttribute("value"));
        Assert.Equal(0, await ReportCountAsync());
    }

    [Fact]
    public async Task Save_NamesTheFieldAndCodePoint_When_TextHoldsAControlCharacter()
    {
        var cut = RenderPage("K0003");
        await FillValidAsync(cut, "K0003");
        Type(cut, "[data-testid=member-K0003]", "place", "会津若松市\u202E 第二中学校");

        cut.Find("button[data-testid=save]").Click();

        cut.WaitForAssertion(() => Assert.Contains("避難先・住所に使用できない制御文字 U+202E が含まれています。",
            cut.Find("[data-testid=member-K0003]").TextContent, StringComparison.Ordinal));
        Assert.Equal(0, await ReportCountAsync());
    }

    [Fact]
    public async Task CopyAbove_CopiesWhereabouts_FromTheSelectedMemberAbove()
    {
        var cut = RenderPage("K0001");
        await FillValidAsync(cut, "K0001");
        Type(cut, "[data-testid=member-K0001]", "contact-phone", "0242-11-2222");
        await SelectAsync(cut, "K0003");
        Assert.Empty(cut.FindAll("[data-testid=member-K0001] [data-testid=copy-above]"));

        // Under load the card re-renders after the selection: wait for the button, then for the copied values.
        cut.WaitForElement("[data-testid=member-K0003] button[data-testid=copy-above]").Click();

        var son = Card(cut, "K0003").Instance.Member;
        cut.WaitForAssertion(() => Assert.Equal((WhereaboutsType.Shelter, (byte?)7, "会津若松市", "会津若松市 第二中学校", "0242-11-2222"),
            (son.WhereaboutsType!.Value, son.PrefectureCode, son.Municipality, son.Place, son.ContactPhone)));
        cut.WaitForAssertion(() => Assert.Equal("会津若松市 第二中学校", cut.Find("[data-testid=member-K0003] input[data-testid=place]").GetAttribute("value")));
        Assert.Null(son.Status);
    }

    [Fact]
    public async Task CopyToAll_GivesEverySelectedMemberTheFirstMembersWhereabouts_And_ItsStatusWhereNoneIsChosen()
    {
        var cut = RenderPage("K0001");
        await SelectAsync(cut, "K0004");
        await SelectAsync(cut, "K0005");
        await FillValidAsync(cut, "K0001");
        var own = Card(cut, "K0005").Instance.Member;
        own.Status = SafetyStatus.Injured;

        // Under load the cards re-render after the selections: wait for the button, then for the copied values.
        cut.WaitForElement("[data-testid=member-K0001] button[data-testid=copy-to-all]").Click();

        cut.WaitForAssertion(() => Assert.All(new[] { "K0004", "K0005" }, no => Assert.Equal("会津若松市 第二中学校", Card(cut, no).Instance.Member.Place)));
        Assert.Null(Card(cut, "K0002").Instance.Member.Place);
        // The 安否 goes to the member who had none; the one chosen for K0005 stays.
        Assert.Equal(Card(cut, "K0001").Instance.Member.Status, Card(cut, "K0004").Instance.Member.Status);
        Assert.NotNull(Card(cut, "K0004").Instance.Member.Status);
        Assert.Equal(SafetyStatus.Injured, own.Status);
        Assert.Null(Card(cut, "K0002").Instance.Member.Status);
    }

    [Fact]
    public async Task Save_LeavesForThePersonsPage_WithoutRedrawingTheForm_ButAFailedNavigationLeavesItLive()
    {
        var cut = RenderPage("K0003");
        cut.Find("input[data-testid=caller-name]").Change("佐藤 正男");
        await FillValidAsync(cut, "K0003");
        var navigation = Services.GetRequiredService<NavigationManager>();
        var rendersWhenLeaving = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        navigation.LocationChanged += (_, _) => rendersWhenLeaving.TrySetResult(cut.RenderCount);

        cut.Find("button[data-testid=save]").Click();

        // Awaited on the navigation itself, not WaitForAssertion: that re-checks on a render, and none is to come.
        var renders = await rendersWhenLeaving.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.EndsWith("/residents/K0003", navigation.Uri, StringComparison.Ordinal);
        Assert.Equal(1, await ReportCountAsync());
        await Task.Delay(200);
        // The click's render once the save is done is skipped: the form is being left.
        Assert.Equal(renders, cut.RenderCount);
        // Only that one: had the page stayed, the next change draws it again.
        cut.Find("input[data-testid=caller-name]").Change("佐藤 正子");
        Assert.True(cut.RenderCount > renders);
    }

    [Fact]
    public async Task Save_WarnsAboutNewerReport_And_SavesOnlyAfterTheOperatorAccepts()
    {
        var cut = RenderPage("K0003");
        // Another operator saves a report for the same person while this form is open.
        var son = await CallTestData.ResidentAsync(db.Connections, "K0003");
        var other = await new CallRecordingService(db.Connections, TimeProvider.System).SaveAsync(
            CallTestData.Draft(CallTestData.Report(son, SafetyStatus.Injured, place: "いわき市立総合病院")) with { CallerName = "佐藤 美穂" },
            new OperatorContext(operatorId, "op-aizu", "会津若松"));
        Assert.True(other.Saved);
        cut.Find("input[data-testid=caller-name]").Change("佐藤 正男");
        await FillValidAsync(cut, "K0003");

        cut.Find("button[data-testid=save]").Click();

        cut.WaitForAssertion(() => Assert.Contains("佐藤　浩二", cut.Find("[data-testid=newer-reports]").TextContent, StringComparison.Ordinal));
        var warning = cut.Find("[data-testid=newer-reports]").TextContent;
        Assert.Contains("負傷", warning, StringComparison.Ordinal);
        Assert.Contains("いわき市立総合病院", warning, StringComparison.Ordinal);
        Assert.Contains("佐藤 美穂", warning, StringComparison.Ordinal);
        Assert.Contains("会津 一子", warning, StringComparison.Ordinal);
        Assert.Equal(1, await ReportCountAsync());
        var navigation = Services.GetRequiredService<NavigationManager>();
        Assert.EndsWith("/", navigation.Uri, StringComparison.Ordinal);

        cut.Find("button[data-testid=save-anyway]").Click();

        cut.WaitForAssertion(() => Assert.EndsWith("/residents/K0003", navigation.Uri, StringComparison.Ordinal));
        Assert.Equal(2, await ReportCountAsync());
        Assert.Equal(SafetyStatus.Safe, (await CallTestData.ResidentAsync(db.Connections, "K0003")).Status);
    }

    [Fact]
    public async Task SaveAnyway_WarnsAgain_When_AnotherReportArrivesAfterTheWarning()
    {
        var cut = RenderPage("K0003");
        var recorder = new CallRecordingService(db.Connections, TimeProvider.System);
        var son = await CallTestData.ResidentAsync(db.Connections, "K0003");
        Assert.True((await recorder.SaveAsync(CallTestData.Draft(CallTestData.Report(son, SafetyStatus.Injured, place: "いわき市立総合病院")),
            new OperatorContext(null, "other", null))).Saved);
        cut.Find("input[data-testid=caller-name]").Change("佐藤 正男");
        await FillValidAsync(cut, "K0003");
        cut.Find("button[data-testid=save]").Click();
        cut.WaitForAssertion(() => Assert.Contains("いわき市立総合病院", cut.Find("[data-testid=newer-reports]").TextContent, StringComparison.Ordinal));

        // While the operator reads the warning, a third operator records that he was moved to another hospital.
        son = await CallTestData.ResidentAsync(db.Connections, "K0003");
        Assert.True((await recorder.SaveAsync(CallTestData.Draft(CallTestData.Report(son, SafetyStatus.Hospitalized, place: "福島県立医科大学附属病院")),
            new OperatorContext(null, "third", null))).Saved);
        cut.Find("button[data-testid=save-anyway]").Click();

        // Not saved over unseen: the new report is shown, and only a second "save anyway" writes.
        cut.WaitForAssertion(() => Assert.Contains("福島県立医科大学附属病院", cut.Find("[data-testid=newer-reports]").TextContent, StringComparison.Ordinal));
        Assert.Equal(2, await ReportCountAsync());
        Assert.Equal(SafetyStatus.Hospitalized, (await CallTestData.ResidentAsync(db.Connections, "K0003")).Status);

        cut.Find("button[data-testid=save-anyway]").Click();

        cut.WaitForAssertion(() => Assert.Equal(3, ReportCountAsync().GetAwaiter().GetResult()));
        Assert.Equal(SafetyStatus.Safe, (await CallTestData.ResidentAsync(db.Connections, "K0003")).Status);
    }

    [Fact]
    public async Task Reload_TakesTheNewVersions_And_KeepsWhatWasTyped()
    {
        var cut = RenderPage("K0003");
        var son = await CallTestData.ResidentAsync(db.Connections, "K0003");
        Assert.True((await new CallRecordingService(db.Connections, TimeProvider.System).SaveAsync(
            CallTestData.Draft(CallTestData.Report(son, SafetyStatus.Injured)), new OperatorContext(null, "other", null))).Saved);
        cut.Find("input[data-testid=caller-name]").Change("佐藤 正男");
        await FillValidAsync(cut, "K0003");
        cut.Find("button[data-testid=save]").Click();
        cut.WaitForAssertion(() => cut.Find("[data-testid=newer-reports]"));

        cut.Find("button[data-testid=reload-form]").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=newer-reports]")));
        Assert.Equal("会津若松市 第二中学校", cut.Find("[data-testid=member-K0003] input[data-testid=place]").GetAttribute("value"));
        Assert.Contains("負傷", cut.Find("[data-testid=member-K0003]").TextContent, StringComparison.Ordinal);
        cut.Find("button[data-testid=save]").Click();
        cut.WaitForAssertion(() => Assert.EndsWith("/residents/K0003", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal));
        Assert.Equal(2, await ReportCountAsync());
    }

    [Fact]
    public async Task Source_DefaultsToSelf_ForTheCallerOnly_When_RelationIsHonnin()
    {
        var cut = RenderPage("K0003");
        await SelectAsync(cut, "K0001");
        var relation = cut.FindComponent<MudAutocomplete<string>>();

        await cut.InvokeAsync(() => relation.Instance.ValueChanged.InvokeAsync("本人"));

        Assert.Equal(ReportSource.Self, Card(cut, "K0003").Instance.Member.Source);
        Assert.Equal(ReportSource.Family, Card(cut, "K0001").Instance.Member.Source);
        await cut.InvokeAsync(() => relation.Instance.ValueChanged.InvokeAsync("近所"));
        Assert.Equal(ReportSource.Acquaintance, Card(cut, "K0003").Instance.Member.Source);
    }

    [Fact]
    public void PrefectureSearch_FindsByKanjiKanaRomajiAndCode()
    {
        Assert.Equal((byte?)7, PrefectureSearch.Find("fuku").First());
        Assert.Equal([(byte?)7, 18, 40], PrefectureSearch.Find("ふく").ToArray());
        Assert.Equal([(byte?)7, 18, 40], PrefectureSearch.Find("フク").ToArray());
        Assert.Equal((byte?)13, PrefectureSearch.Find("toukyou").Single());
        Assert.Equal((byte?)13, PrefectureSearch.Find("東京").Single());
        Assert.Equal((byte?)6, PrefectureSearch.Find("０６").Single());
        Assert.Equal((byte?)99, PrefectureSearch.Find("海外").Single());
        Assert.Equal(48, PrefectureSearch.Find("").Count());
    }
}
