using Bunit;
using Bunit.TestDoubles;
using CallCenter.Data;
using CallCenter.Data.Calls;
using CallCenter.Data.Reports;
using CallCenter.Data.Requests;
using CallCenter.Tests.Data;
using CallCenter.Tests.Data.Calls;
using CallCenter.Web.Components.Pages.Calls;
using CallCenter.Web.Components.Shared;
using Dapper;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CallCenter.Tests.Web.Calls;

/// <summary>The call form's 「要望・相談」 section over a real SQLite file: the household's open requests, rows added and saved with the call.</summary>
public sealed class RequestFieldsTests : MudTestContext
{
    private readonly TestDatabase.SqliteTestDatabase db = TestDatabase.CreateSqlite();
    private readonly BunitAuthorizationContext auth;
    private int operatorId;

    public RequestFieldsTests()
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

    private IRenderedComponent<RecordCallPage> RenderPage()
    {
        var cut = Render<RecordCallPage>(p => p.Add(x => x.ResidentNo, "K0003"));
        cut.WaitForAssertion(() => cut.Find("[data-testid=request-section]"));
        return cut;
    }

    private async Task FillCallAsync(IRenderedComponent<RecordCallPage> cut)
    {
        cut.Find("input[data-testid=caller-name]").Change("佐藤 浩二");
        var card = cut.FindComponents<MemberReportCard>().Single(c => c.Instance.Member.Resident.ResidentNo == "K0003");
        await ChooseAsync(card.FindComponents<FieldSelect<SafetyStatus?>>()[0], SafetyStatus.Safe);
        await ChooseAsync(card.FindComponents<FieldSelect<WhereaboutsType?>>()[0], WhereaboutsType.Shelter);
        var box = card.FindComponent<MudAutocomplete<byte?>>();
        await card.InvokeAsync(() => box.Instance.ValueChanged.InvokeAsync((byte)7));
        cut.ChooseWrapUp();
    }

    private static Task ChooseAsync<T>(IRenderedComponent<FieldSelect<T>> select, T value) =>
        select.Find("select").ChangeAsync(new ChangeEventArgs { Value = select.Instance.ToText(value) });

    private static async Task FillRowAsync(IRenderedComponent<RequestRowFields> row, string target, string category, string department, bool urgent, string body)
    {
        var selects = row.FindComponents<FieldSelect<ListEntry>>();
        await row.FindComponent<FieldSelect<RequestTarget>>().Find("select").ChangeAsync(new ChangeEventArgs { Value = target });
        await selects[0].Find("select").ChangeAsync(new ChangeEventArgs { Value = category });
        await selects[1].Find("select").ChangeAsync(new ChangeEventArgs { Value = department });
        if (urgent)
        {
            await row.Find("input[data-testid=request-urgent]").ChangeAsync(new ChangeEventArgs { Value = true });
        }
        await row.Find("textarea[data-testid=request-body]").ChangeAsync(new ChangeEventArgs { Value = body });
    }

    private async Task<IReadOnlyList<(long CallId, long? ResidentId, string Category, string Department, bool IsUrgent, string Body)>> RequestsAsync()
    {
        await using var connection = await db.Connections.OpenAsync();
        return [.. await connection.QueryAsync<(long, long?, string, string, bool, string)>("""
            SELECT q.CallId, q.ResidentId, c.Label, d.Name, q.IsUrgent, q.Body
              FROM Requests q JOIN RequestCategories c ON c.CategoryId = q.CategoryId JOIN Departments d ON d.DepartmentId = q.DepartmentId
             WHERE q.CallId IS NOT NULL ORDER BY q.RequestId
            """)];
    }

    [Fact]
    public async Task Section_ShowsTheHouseholdsOpenRequests_ReadWhenTheFormOpens()
    {
        var head = await CallTestData.ResidentAsync(db.Connections, "K0001");
        await new RequestRecorder(db.Connections, TimeProvider.System).SaveAsync(
            new RequestDraft(head.HouseholdId!.Value, head.ResidentId, 4, 4, true, "持病の薬が足りない"), new OperatorContext(operatorId, "op-aizu", null));

        var cut = RenderPage();

        Assert.Equal("対応中の要望 1件", cut.Find("[data-testid=open-request-count]").TextContent.Trim());
        Assert.Equal("【至急】医療・健康 → 健康介護課・受付・佐藤　正男・今日・持病の薬が足りない",
            cut.Find("[data-testid=open-requests] li").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=request-row]"));
    }

    [Fact]
    public async Task TwoRequests_AreSavedWithTheCall()
    {
        var cut = RenderPage();
        Assert.Equal("対応中の要望はありません", cut.Find("[data-testid=open-request-count]").TextContent.Trim());
        Assert.Equal("q", cut.Find("button[data-testid=add-request]").GetAttribute("accesskey"));
        await FillCallAsync(cut);

        cut.Find("button[data-testid=add-request]").Click();
        cut.Find("button[data-testid=add-request]").Click();
        var rows = cut.FindComponents<RequestRowFields>();
        Assert.Equal(["世帯全体", "佐藤　正男", "佐藤　節子", "佐藤　浩二", "佐藤　美穂", "佐藤　陽菜"],
            rows[0].FindAll("select[data-testid=request-target] option").Select(o => o.TextContent));
        await FillRowAsync(rows[0], "世帯全体", "住まい・住宅", "復興推進課", urgent: false, "災害公営住宅の申込み方法を知りたい");
        await FillRowAsync(cut.FindComponents<RequestRowFields>()[1], "佐藤　正男", "医療・健康", "健康介護課", urgent: true, "持病の薬が足りない");

        cut.Find("button[data-testid=save]").Click();

        cut.WaitForAssertion(() => Assert.Equal(2, RequestsAsync().Result.Count));
        var head = await CallTestData.ResidentAsync(db.Connections, "K0001");
        var saved = await RequestsAsync();
        Assert.Equal((null, "住まい・住宅", "復興推進課", false, "災害公営住宅の申込み方法を知りたい"),
            (saved[0].ResidentId, saved[0].Category, saved[0].Department, saved[0].IsUrgent, saved[0].Body));
        Assert.Equal(((long?)head.ResidentId, "医療・健康", "健康介護課", true, "持病の薬が足りない"),
            (saved[1].ResidentId, saved[1].Category, saved[1].Department, saved[1].IsUrgent, saved[1].Body));
        Assert.Equal(saved[0].CallId, saved[1].CallId);
    }

    [Fact]
    public async Task HalfFilledRequest_StopsTheSave_NamesTheField_And_KeepsTheForm()
    {
        var cut = RenderPage();
        await FillCallAsync(cut);
        cut.Find("button[data-testid=add-request]").Click();
        await cut.FindComponent<RequestRowFields>().Find("textarea[data-testid=request-body]")
            .ChangeAsync(new ChangeEventArgs { Value = "仮設住宅の入居期限の延長" });

        cut.Find("button[data-testid=save]").Click();

        cut.WaitForAssertion(() => Assert.Contains("入力に誤りがあります（2 件）", cut.Find("[data-testid=error-summary]").TextContent, StringComparison.Ordinal));
        var row = cut.Find("[data-testid=request-row]").TextContent;
        Assert.Contains("分類を選んでください。", row, StringComparison.Ordinal);
        Assert.Contains("担当課を選んでください。", row, StringComparison.Ordinal);
        Assert.Equal("仮設住宅の入居期限の延長", cut.Find("textarea[data-testid=request-body]").TextContent);
        await using var connection = await db.Connections.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM Calls"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM Requests"));
    }

    [Fact]
    public void RemovedRow_IsNotSaved()
    {
        var cut = RenderPage();
        cut.Find("button[data-testid=add-request]").Click();

        cut.Find("button[data-testid=request-remove]").Click();

        Assert.Empty(cut.FindAll("[data-testid=request-row]"));
    }
}
