using System.Globalization;
using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using CallCenter.Data;
using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Tests.Data;
using CallCenter.Tests.Data.Calls;
using CallCenter.Web.Components.Pages.Calls;
using CallCenter.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Calls;

/// <summary>A call's detail over a real SQLite file: who may see it, what it shows, and linking it to a resident.</summary>
public sealed class CallDetailPageTests : MudTestContext
{
    private readonly TestDatabase.SqliteTestDatabase db = TestDatabase.CreateSqlite();
    private readonly BunitAuthorizationContext auth;
    private OperatorContext aizu = null!;
    private OperatorContext iwaki = null!;
    private OperatorContext supervisor = null!;
    private long callId;

    public CallDetailPageTests()
    {
        db.Migrate();
        Services.AddCallCenterData(db.Configuration);
        Services.AddCallFormServices();
        auth = AddAuthorization();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public override async Task InitializeAsync()
    {
        await CallTestData.ImportAsync(db.Connections, CallTestData.FiveMemberRegister);
        aizu = await CallTestData.StaffAsync(db.Connections, TimeProvider.System, "op-aizu", "会津 一子", UserRole.Operator, "会津若松");
        iwaki = await CallTestData.StaffAsync(db.Connections, TimeProvider.System, "op-iwaki", "いわき 二郎", UserRole.Operator, "いわき");
        supervisor = await CallTestData.StaffAsync(db.Connections, TimeProvider.System, "sv", "監督 三郎", UserRole.Supervisor, "会津若松");
        var code = (await new WrapUpCodes(db.Connections).ListAsync()).Single(c => c.Label == "照会").WrapUpCodeId;
        callId = (await new UnregisteredCalls(db.Connections, TimeProvider.System).SaveAsync(new UnregisteredCallDraft(CallDirection.Inbound,
            "浪江 ミツ", "0243-55-1212", code, "佐藤正男さんの姉。弟の避難先を知りたい", DateTime.UtcNow.AddMinutes(-2)), aizu)).CallId!.Value;
    }

    protected override ValueTask DisposeTestResourcesAsync() => db.DisposeAsync();

    private void SignIn(OperatorContext who, UserRole role)
    {
        auth.SetAuthorized(who.UserName!);
        auth.SetRoles(role.ToString());
        auth.SetPolicies([.. new[] { Policies.Operator, Policies.Supervisor }.Where(p => Policies.RolesFor(Enum.Parse<UserRole>(p)).Contains(role.ToString()))]);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, who.UserId!.Value.ToString(CultureInfo.InvariantCulture)));
    }

    private IRenderedComponent<CallDetailPage> RenderPage(long id)
    {
        var cut = Render<CallDetailPage>(p => p.Add(x => x.CallId, id));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".mud-progress-linear")));
        return cut;
    }

    private Task<IReadOnlyList<AuditEntry>> AuditAsync() => new AuditRepository(db.Connections, TimeProvider.System).RecentAsync(100);

    [Fact]
    public async Task Supervisor_SeesTheCall_And_TheViewIsAudited()
    {
        SignIn(supervisor, UserRole.Supervisor);

        var cut = RenderPage(callId);

        Assert.Equal("浪江 ミツ", cut.Find("[data-testid=call-caller]").TextContent.Trim());
        Assert.Equal("0243-55-1212", cut.Find("[data-testid=call-phone]").TextContent.Trim());
        Assert.Equal("照会", cut.Find("[data-testid=call-code]").TextContent.Trim());
        Assert.Equal("2分00秒", cut.Find("[data-testid=call-duration]").TextContent.Trim());
        Assert.Contains("会津 一子", cut.Find("[data-testid=call-facts]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=call-no-persons]"));
        var view = Assert.Single(await AuditAsync(), a => a.Action == AuditActions.ViewCall);
        Assert.Equal(("sv", callId.ToString(CultureInfo.InvariantCulture), $"通話 {callId} の詳細を表示（対象者 登録なし）"), (view.UserName, view.TargetId, view.Details));
    }

    [Fact]
    public async Task AnotherOperator_SeesNothingOfTheCall_And_NothingIsAudited()
    {
        SignIn(iwaki, UserRole.Operator);

        var cut = RenderPage(callId);

        Assert.NotNull(cut.Find("[data-testid=call-forbidden]"));
        Assert.DoesNotContain("浪江", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("0243", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(await AuditAsync(), a => a.Action == AuditActions.ViewCall);
    }

    [Fact]
    public void AnUnknownCall_SaysSo()
    {
        SignIn(supervisor, UserRole.Supervisor);

        Assert.Equal("通話（番号 999）は見つかりません。", RenderPage(999).Find("[data-testid=call-not-found]").TextContent.Trim());
    }

    [Fact]
    public async Task TheOperatorWhoTookIt_LinksItToAResidentFoundBySearch_Once()
    {
        SignIn(aizu, UserRole.Operator);
        var cut = RenderPage(callId);

        cut.Find("input[data-testid=link-search]").Input("K0001");
        await cut.Find("input[data-testid=link-search]").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });
        cut.WaitForAssertion(() => Assert.Equal("K0001", cut.Find("[data-testid=link-result]").GetAttribute("data-resident-no")));
        await cut.Find("[data-testid=link-result] button[data-testid=link-add]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal("佐藤　正男（K0001）を対象者に加えました。", cut.Find("[data-testid=link-message]").TextContent.Trim()));
        var person = cut.Find("[data-testid=call-person]");
        Assert.Equal("/residents/K0001", person.QuerySelector("a")!.GetAttribute("href"));

        await cut.Find("[data-testid=link-result] button[data-testid=link-add]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal("佐藤　正男（K0001）はすでにこの通話の対象者です。", cut.Find("[data-testid=link-message]").TextContent.Trim()));
        Assert.Single(cut.FindAll("[data-testid=call-person]"));
        var audit = await AuditAsync();
        Assert.Single(audit, a => a.Action == AuditActions.LinkCall);
        Assert.Single(audit, a => a.Action == AuditActions.Search && a.Details == "K0001");
    }
}
