using Bunit;
using CallCenter.Data.Audit;
using CallCenter.Web.Components.Pages.Requests;
using CallCenter.Web.Security;

namespace CallCenter.Tests.Web.Requests;

/// <summary>The admins' page of the request categories and departments over a real SQLite file: both lists side by side, each edit audited.</summary>
public sealed class RequestListsPageTests : AdminPageTestContext
{
    private IRenderedComponent<RequestListsPage> RenderPage()
    {
        var cut = Render<RequestListsPage>();
        cut.WaitForAssertion(() => Assert.Equal(6, cut.FindAll("[data-testid=departments] [data-testid=entry-row]").Count));
        return cut;
    }

    private static IReadOnlyList<string> Labels(IRenderedComponent<RequestListsPage> cut, string list) =>
        [.. cut.FindAll($"[data-testid={list}] [data-testid=entry-label]").Select(l => l.TextContent.Trim())];

    private static AngleSharp.Dom.IElement Row(IRenderedComponent<RequestListsPage> cut, string list, string label) =>
        cut.FindAll($"[data-testid={list}] [data-testid=entry-row]").Single(r => r.QuerySelector("[data-testid=entry-label]")?.TextContent.Trim() == label);

    private async Task<IReadOnlyList<string?>> AuditAsync() =>
        [.. (await AuditRowsAsync()).Where(e => e.Action == AuditActions.EditRequestLists).Reverse().Select(e => e.Details)];

    [Fact]
    public void Page_IsForAdmins()
    {
        var authorize = typeof(RequestListsPage).GetCustomAttributes(typeof(Microsoft.AspNetCore.Authorization.AuthorizeAttribute), true)
            .Cast<Microsoft.AspNetCore.Authorization.AuthorizeAttribute>().Single();
        Assert.Equal(Policies.Admin, authorize.Policy);
    }

    [Fact]
    public void BothLists_AreShown_WithTheirDefaults()
    {
        var cut = RenderPage();

        Assert.Equal(12, Labels(cut, "categories").Count);
        Assert.Equal("住まい・住宅", Labels(cut, "categories")[0]);
        Assert.Equal(["総務課", "住民課", "税務課", "健康介護課", "教育委員会", "復興推進課"], Labels(cut, "departments"));
    }

    [Fact]
    public async Task Add_Rename_Move_Retire_ShowInTheirList_AndAreAudited()
    {
        var cut = RenderPage();

        cut.Find("[data-testid=departments] input[data-testid=new-entry]").Input("産業振興課");
        cut.Find("[data-testid=departments] form.list-add").Submit();
        cut.WaitForAssertion(() => Assert.Equal("産業振興課", Labels(cut, "departments")[^1]));
        Assert.Equal("担当課「産業振興課」を追加しました。要望の記録で選べます。", cut.Find("[data-testid=departments] [data-testid=list-message]").TextContent.Trim());

        Row(cut, "departments", "産業振興課").QuerySelector("button[data-testid=entry-up]")!.Click();
        cut.WaitForAssertion(() => Assert.Equal("産業振興課", Labels(cut, "departments")[5]));

        Row(cut, "categories", "その他").QuerySelector("button[data-testid=entry-rename]")!.Click();
        cut.Find("[data-testid=categories] input[data-testid=rename-input]").Input("その他の相談");
        cut.Find("[data-testid=categories] form.list-rename").Submit();
        cut.WaitForAssertion(() => Assert.Equal("その他の相談", Labels(cut, "categories")[^1]));

        Row(cut, "categories", "情報提供").QuerySelector("button[data-testid=entry-toggle]")!.Click();
        cut.WaitForAssertion(() => Assert.Equal("停止中", Row(cut, "categories", "情報提供").QuerySelector("[data-testid=entry-state]")!.TextContent.Trim()));

        cut.Find("[data-testid=categories] input[data-testid=new-entry]").Input("住まい・住宅");
        cut.Find("[data-testid=categories] form.list-add").Submit();
        cut.WaitForAssertion(() => Assert.Equal("分類「住まい・住宅」は既にあります。別の名前にしてください。",
            cut.Find("[data-testid=categories] [data-testid=list-message]").TextContent.Trim()));

        Assert.Equal(["担当課「産業振興課」を追加", "担当課「産業振興課」を上へ移動（6番目）", "分類「その他」を「その他の相談」に名前を変更",
            "分類「情報提供」の使用を停止"], await AuditAsync());
    }
}
