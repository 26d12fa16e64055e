using System.Globalization;
using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using CallCenter.Data;
using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Tests.Data;
using CallCenter.Web.Components.Pages.Calls;
using CallCenter.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Calls;

/// <summary>The supervisors' 要件 list page over a real SQLite file: each edit shows, is audited in Japanese, and a refusal says why.</summary>
public sealed class WrapUpCodesPageTests : MudTestContext
{
    private readonly TestDatabase.SqliteTestDatabase db = TestDatabase.CreateSqlite();
    private readonly BunitAuthorizationContext auth;

    public WrapUpCodesPageTests()
    {
        db.Migrate();
        Services.AddCallCenterData(db.Configuration);
        auth = AddAuthorization();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public override async Task InitializeAsync()
    {
        var id = await new UserRepository(db.Connections, TimeProvider.System).CreateAsync("sv-aizu", "責任者 三郎", UserRole.Supervisor, "会津若松", "x");
        auth.SetAuthorized("sv-aizu");
        auth.SetRoles(nameof(UserRole.Supervisor));
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, id!.Value.ToString(CultureInfo.InvariantCulture)), new Claim(CallCenterClaims.Site, "会津若松"));
    }

    protected override ValueTask DisposeTestResourcesAsync() => db.DisposeAsync();

    private IRenderedComponent<WrapUpCodesPage> RenderPage()
    {
        var cut = Render<WrapUpCodesPage>();
        cut.WaitForAssertion(() => Assert.Equal(8, cut.FindAll("[data-testid=code-row]").Count));
        return cut;
    }

    private static IReadOnlyList<string> Labels(IRenderedComponent<WrapUpCodesPage> cut) =>
        [.. cut.FindAll("[data-testid=code-label]").Select(l => l.TextContent.Trim())];

    private static AngleSharp.Dom.IElement Row(IRenderedComponent<WrapUpCodesPage> cut, string label) =>
        cut.FindAll("[data-testid=code-row]").Single(r => r.QuerySelector("[data-testid=code-label]")?.TextContent.Trim() == label);

    private static string Message(IRenderedComponent<WrapUpCodesPage> cut) => cut.Find("[data-testid=codes-message]").TextContent.Trim();

    private async Task<IReadOnlyList<string?>> AuditAsync() =>
        [.. (await new AuditRepository(db.Connections, TimeProvider.System).RecentAsync(100))
            .Where(e => e.Action == AuditActions.EditWrapUpCodes && e.UserName == "sv-aizu").Reverse().Select(e => e.Details)];

    [Fact]
    public void Page_IsForSupervisors()
    {
        var authorize = typeof(WrapUpCodesPage).GetCustomAttributes(typeof(Microsoft.AspNetCore.Authorization.AuthorizeAttribute), true)
            .Cast<Microsoft.AspNetCore.Authorization.AuthorizeAttribute>().Single();
        Assert.Equal(Policies.Supervisor, authorize.Policy);
    }

    [Fact]
    public async Task Add_PutsTheCodeLast_And_ARefusedLabel_SaysWhy()
    {
        var cut = RenderPage();

        cut.Find("input[data-testid=new-code]").Input("物資の要望");
        cut.Find("form.codes-add").Submit();

        cut.WaitForAssertion(() => Assert.Equal("物資の要望", Labels(cut)[^1]));
        Assert.Equal("要件「物資の要望」を追加しました。着信の記録で選べます。", Message(cut));
        Assert.Equal("", cut.Find("input[data-testid=new-code]").GetAttribute("value") ?? "");

        cut.Find("input[data-testid=new-code]").Input("苦情");
        cut.Find("form.codes-add").Submit();

        cut.WaitForAssertion(() => Assert.Equal("要件「苦情」は既にあります。別の名前にしてください。", Message(cut)));
        Assert.Equal(9, Labels(cut).Count);
        Assert.Equal(["要件「物資の要望」を追加"], await AuditAsync());
    }

    [Fact]
    public async Task Rename_Move_And_Retire_ShowInTheList_And_AreAudited()
    {
        var cut = RenderPage();

        Row(cut, "問い合わせ").QuerySelector("button[data-testid=code-rename]")!.Click();
        cut.Find("input[data-testid=rename-input]").Input("制度の問い合わせ");
        cut.Find("form.codes-rename").Submit();
        cut.WaitForAssertion(() => Assert.Contains("制度の問い合わせ", Labels(cut)));
        Assert.Empty(cut.FindAll("input[data-testid=rename-input]"));

        Row(cut, "苦情").QuerySelector("button[data-testid=code-up]")!.Click();
        cut.WaitForAssertion(() => Assert.Equal(["安否報告", "所在変更", "照会", "要望・相談", "苦情", "制度の問い合わせ", "間違い電話", "その他"], Labels(cut)));
        Assert.True(cut.FindAll("[data-testid=code-row]")[0].QuerySelector("button[data-testid=code-up]")!.HasAttribute("disabled"));

        Row(cut, "間違い電話").QuerySelector("button[data-testid=code-toggle]")!.Click();
        cut.WaitForAssertion(() => Assert.Equal("停止中", Row(cut, "間違い電話").QuerySelector("[data-testid=code-state]")!.TextContent.Trim()));
        Assert.Equal("再開", Row(cut, "間違い電話").QuerySelector("button[data-testid=code-toggle]")!.TextContent.Trim());
        Assert.DoesNotContain("間違い電話", (await Services.GetRequiredService<WrapUpCodes>().ListAsync()).Select(c => c.Label));

        Assert.Equal(["要件「問い合わせ」を「制度の問い合わせ」に名前を変更", "要件「苦情」を上へ移動（5番目）", "要件「間違い電話」の使用を停止"], await AuditAsync());
    }

    [Fact]
    public async Task Rename_ToAnEmptyName_IsRefused_And_TheBoxStaysOpen()
    {
        var cut = RenderPage();

        Row(cut, "照会").QuerySelector("button[data-testid=code-rename]")!.Click();
        cut.Find("input[data-testid=rename-input]").Input("  ");
        cut.Find("form.codes-rename").Submit();

        cut.WaitForAssertion(() => Assert.Equal("要件の名前を入力してください。", Message(cut)));
        Assert.Single(cut.FindAll("input[data-testid=rename-input]"));
        Assert.Contains("照会", (await Services.GetRequiredService<WrapUpCodes>().ListAsync()).Select(c => c.Label));
        Assert.Empty(await AuditAsync());
    }
}
