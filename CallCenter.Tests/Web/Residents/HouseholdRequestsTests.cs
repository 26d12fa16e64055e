using Bunit;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Requests;
using CallCenter.Data.Residents;
using CallCenter.Web.Components.Pages.Calls;
using CallCenter.Web.Components.Pages.Residents;
using CallCenter.Web.Components.Shared;
using Dapper;
using Microsoft.AspNetCore.Components;

namespace CallCenter.Tests.Web.Residents;

/// <summary>The resident page's 「要望・相談」 panel over a real SQLite register: open and closed requests, 「要望を記録」.</summary>
public sealed class HouseholdRequestsTests : ConsoleTestContext
{
    private ResidentSummary head = null!;

    public override async Task InitializeAsync()
    {
        await SeedAsync();
        head = (await new ResidentRepository(Db.Connections).GetDetailAsync("K0001"))!.Summary;
    }

    private static string Cells(AngleSharp.Dom.IElement row) => string.Join("|", row.QuerySelectorAll("td").Select(td => td.TextContent.Trim()));

    private IRenderedComponent<ResidentPage> Open()
    {
        var cut = Render<ResidentPage>(p => p.Add(x => x.ResidentNo, "K0001"));
        cut.WaitForAssertion(() => cut.Find("[data-testid=requests-panel]"), TimeSpan.FromSeconds(5));
        return cut;
    }

    private async Task<long> RecordAsync(int? residentId, int category, int department, bool urgent, string body)
    {
        var (id, errors) = await new RequestRecorder(Db.Connections, TimeProvider.System).SaveAsync(
            new RequestDraft(head.HouseholdId!.Value, residentId, category, department, urgent, body), new OperatorContext(null, "op", null));
        Assert.Empty(errors);
        return id!.Value;
    }

    [Fact]
    public async Task Panel_ListsOpenRequests_And_TheClosedOnesOnRequest_WithoutAnAuditReadOfItsOwn()
    {
        await RecordAsync(null, 1, 6, false, "災害公営住宅の申込み方法を知りたい");
        await RecordAsync(head.ResidentId, 4, 4, true, "持病の薬が足りない");
        var done = await RecordAsync(null, 10, 1, false, "町の広報誌を避難先に送ってほしい");
        await using (var connection = await Db.Connections.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE Requests SET Status = 3, ClosedAt = UpdatedAt WHERE RequestId = @done", new { done });
        }
        var viewsBefore = (await AuditAsync(AuditActions.ViewResident)).Count;

        var cut = Open();

        Assert.Contains("要望・相談（対応中 2 件）", cut.Find("[data-testid=requests-panel] h2").TextContent, StringComparison.Ordinal);
        var lines = cut.FindAll("[data-testid=open-requests] [data-testid=request-line]").Select(Cells).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Contains("受付|至急|医療・健康|健康介護課|髙橋　一郎|持病の薬が足りない|", lines[0], StringComparison.Ordinal);
        Assert.Contains("受付|通常|住まい・住宅|復興推進課|世帯全体|災害公営住宅の申込み方法を知りたい|", lines[1], StringComparison.Ordinal);
        Assert.Contains("今日", lines[1], StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=closed-requests]"));

        cut.Find("[data-testid=show-closed-requests]").Click();

        cut.WaitForAssertion(() => Assert.Contains("完了|通常|情報提供|総務課|世帯全体|町の広報誌を避難先に送ってほしい|",
            Cells(cut.Find("[data-testid=closed-requests] [data-testid=request-line]")), StringComparison.Ordinal));
        // Reading the requests is part of the resident view (one audit row when the page opened), not a read of its own.
        Assert.Equal(viewsBefore + 1, (await AuditAsync(AuditActions.ViewResident)).Count);
    }

    [Fact]
    public async Task RecordRequest_SavesItOnItsOwn_AndListsIt()
    {
        var cut = Open();
        Assert.Equal("対応中の要望はありません。", cut.Find("[data-testid=open-requests-empty]").TextContent.Trim());

        cut.Find("button[data-testid=record-request]").Click();
        var row = cut.FindComponent<RequestRowFields>();
        await row.FindComponent<FieldSelect<RequestTarget>>().Find("select").ChangeAsync(new ChangeEventArgs { Value = "髙橋　和子" });
        var selects = row.FindComponents<FieldSelect<ListEntry>>();
        await selects[0].Find("select").ChangeAsync(new ChangeEventArgs { Value = "介護・福祉" });
        await selects[1].Find("select").ChangeAsync(new ChangeEventArgs { Value = "健康介護課" });
        await row.Find("input[data-testid=request-urgent]").ChangeAsync(new ChangeEventArgs { Value = true });
        await row.Find("textarea[data-testid=request-body]").ChangeAsync(new ChangeEventArgs { Value = "義母の介護認定の更新手続きを避難先でしたい" });
        cut.Find("button[data-testid=save-request]").Click();

        cut.WaitForAssertion(() => Assert.Contains("受付|至急|介護・福祉|健康介護課|髙橋　和子|義母の介護認定の更新手続きを避難先でしたい|",
            Cells(cut.Find("[data-testid=open-requests] [data-testid=request-line]")), StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=request-form]"));
        var audit = Assert.Single(await AuditAsync(AuditActions.RecordRequest));
        Assert.Equal("要望 介護・福祉・担当課 健康介護課・至急", audit.Details);
    }

    [Fact]
    public async Task RecordRequest_WithoutCategoryAndBody_IsRefused_AndTheFormStays()
    {
        var cut = Open();
        cut.Find("button[data-testid=record-request]").Click();
        var selects = cut.FindComponent<RequestRowFields>().FindComponents<FieldSelect<ListEntry>>();
        await selects[1].Find("select").ChangeAsync(new ChangeEventArgs { Value = "住民課" });

        cut.Find("button[data-testid=save-request]").Click();

        cut.WaitForAssertion(() => Assert.Contains("分類を選んでください。", cut.Find("[data-testid=request-form]").TextContent, StringComparison.Ordinal));
        Assert.Contains("要望の内容を入力してください。", cut.Find("[data-testid=request-form]").TextContent, StringComparison.Ordinal);
        Assert.Equal("住民課", cut.FindComponent<RequestRowFields>().FindComponents<FieldSelect<ListEntry>>()[1].Instance.Value?.Label);
        Assert.Empty(await AuditAsync(AuditActions.RecordRequest));
    }
}
