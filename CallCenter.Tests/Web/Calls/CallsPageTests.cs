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
using CallCenter.Web;
using CallCenter.Web.Components.Pages.Calls;
using CallCenter.Web.Security;
using Dapper;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace CallCenter.Tests.Web.Calls;

/// <summary>The supervisors' calls list over a real SQLite file with 120 calls by two operators.</summary>
public sealed class CallsPageTests : MudTestContext
{
    private static readonly DateTime Start = new(2026, 3, 12, 0, 0, 0, DateTimeKind.Utc);
    private readonly TestDatabase.SqliteTestDatabase db = TestDatabase.CreateSqlite();
    private readonly BunitAuthorizationContext auth;
    private IReadOnlyList<WrapUpCode> codes = [];

    public CallsPageTests()
    {
        db.Migrate();
        Services.AddCallCenterData(db.Configuration);
        Services.AddCallFormServices();
        Services.AddSingleton(Options.Create(new TownOptions()));
        auth = AddAuthorization();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public override async Task InitializeAsync()
    {
        await CallTestData.ImportAsync(db.Connections, CallTestData.FiveMemberRegister);
        var aizu = await CallTestData.StaffAsync(db.Connections, TimeProvider.System, "op-aizu", "会津 一子", UserRole.Operator, "会津若松");
        var iwaki = await CallTestData.StaffAsync(db.Connections, TimeProvider.System, "op-iwaki", "いわき 二郎", UserRole.Operator, "いわき");
        var supervisor = await CallTestData.StaffAsync(db.Connections, TimeProvider.System, "sv", "監督 三郎", UserRole.Supervisor, "会津若松");
        codes = await new WrapUpCodes(db.Connections).ListAsync();
        var head = await CallTestData.ResidentAsync(db.Connections, "K0001");
        await using var connection = await db.Connections.OpenAsync();
        await using var transaction = await db.Connections.BeginWriteAsync(connection);
        for (var i = 0; i < 120; i++)
        {
            var by = i % 2 == 0 ? aizu : iwaki;
            var started = Start.AddMinutes(7 * i);
            var id = await CallRepository.InsertAsync(connection, transaction, db.Connections.Dialect, new NewCall(CallDirection.Inbound,
                i % 3 == 0 ? "浪江 花子" : "双葉 次郎", $"090-0000-{i:D4}", null, by.UserId, by.Site, started, started.AddSeconds(95),
                i % 5 == 0 ? "義援金の振込日" : "避難所の場所", codes[i % 4].WrapUpCodeId), CancellationToken.None);
            if (i == 119)
            {
                await connection.ExecuteAsync("INSERT INTO CallResidents (CallId, ResidentId) VALUES (@id, @ResidentId)", new { id, head.ResidentId }, transaction);
            }
        }
        await transaction.CommitAsync();
        auth.SetAuthorized("sv");
        auth.SetRoles(nameof(UserRole.Supervisor));
        auth.SetPolicies(Policies.Operator, Policies.Supervisor);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, supervisor.UserId!.Value.ToString(CultureInfo.InvariantCulture)));
    }

    protected override ValueTask DisposeTestResourcesAsync() => db.DisposeAsync();

    private IRenderedComponent<CallsPage> RenderPage()
    {
        var cut = Render<CallsPage>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=call-total]"));
        return cut;
    }

    private static string Total(IRenderedComponent<CallsPage> cut) => cut.Find("[data-testid=call-total]").TextContent.Trim();

    private async Task<IReadOnlyList<string?>> AuditDetailsAsync() =>
        [.. (await new AuditRepository(db.Connections, TimeProvider.System).RecentAsync(100)).Where(a => a.Action == AuditActions.ViewList && a.TargetType == "calls")
            .Select(a => a.Details).Reverse()];

    [Fact]
    public async Task Pages_Forward_And_Back_NewestFirst_With_TheTotal_And_AnAuditRowPerPage()
    {
        var cut = RenderPage();

        Assert.Equal("全 120 件中 1〜50 件目", Total(cut));
        var first = cut.FindAll("[data-testid=call-log-row]");
        Assert.Equal(50, first.Count);
        Assert.Equal("120", first[0].GetAttribute("data-call-id"));
        Assert.Contains("佐藤　正男", first[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("登録なし", first[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("1分35秒", first[0].TextContent, StringComparison.Ordinal);
        // 7 minutes apart from 09:00 JST on 3/12: the newest started 13:53 UTC = 22:53 JST.
        Assert.Contains("2026/03/12 22:53", first[0].TextContent, StringComparison.Ordinal);

        await cut.Find("button[data-testid=next-page]").ClickAsync(new());
        await cut.Find("button[data-testid=next-page]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal("全 120 件中 101〜120 件目", Total(cut)));
        Assert.Equal("1", cut.FindAll("[data-testid=call-log-row]")[^1].GetAttribute("data-call-id"));
        Assert.True(cut.Find("button[data-testid=next-page]").HasAttribute("disabled"));

        await cut.Find("button[data-testid=previous-page]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal("全 120 件中 51〜100 件目", Total(cut)));
        Assert.Equal("70", cut.FindAll("[data-testid=call-log-row]")[0].GetAttribute("data-call-id"));

        Assert.Equal(
        [
            "通話一覧: すべての通話（1〜50件目／全120件）", "通話一覧: すべての通話（51〜100件目／全120件）",
            "通話一覧: すべての通話（101〜120件目／全120件）", "通話一覧: すべての通話（51〜100件目／全120件）",
        ], await AuditDetailsAsync());
    }

    [Fact]
    public async Task Filters_ByWrapUpCode_Operator_AndText_NarrowTheList_And_AreAuditedInJapanese()
    {
        var cut = RenderPage();
        var filters = cut.FindComponent<CallLogFilters>();

        await cut.InvokeAsync(() => filters.Instance.OnChange.InvokeAsync(filters.Instance.Filter with { WrapUpCodeId = codes[1].WrapUpCodeId }));
        cut.WaitForAssertion(() => Assert.Equal("全 30 件中 1〜30 件目", Total(cut)));
        Assert.All(cut.FindAll("[data-testid=call-log-row]"), r => Assert.Contains(codes[1].Label, r.TextContent, StringComparison.Ordinal));

        var operatorSelect = cut.FindComponents<MudSelect<int?>>()[0];
        var iwaki = filters.Instance.Operators.Single(o => o.UserName == "op-iwaki").UserId;
        await cut.InvokeAsync(() => operatorSelect.Instance.ValueChanged.InvokeAsync(iwaki));
        // 要件 codes[1] is every fourth call from the second: all odd, all いわき's.
        cut.WaitForAssertion(() => Assert.Equal("全 30 件中 1〜30 件目", Total(cut)));
        cut.Find("input[data-testid=filter-text]").Input("義援金");
        cut.WaitForAssertion(() => Assert.Equal("全 6 件中 1〜6 件目", Total(cut)), TimeSpan.FromSeconds(10));

        Assert.Equal("通話一覧: オペレーター いわき 二郎・要件 " + codes[1].Label + "・「義援金」を含む（1〜6件目／全6件）", (await AuditDetailsAsync())[^1]);
    }

    [Fact]
    public async Task AFilterNoCallMatches_SaysSo()
    {
        var cut = RenderPage();
        var filters = cut.FindComponent<CallLogFilters>();

        await cut.InvokeAsync(() => filters.Instance.OnChange.InvokeAsync(filters.Instance.Filter with { Direction = CallDirection.Outbound }));

        cut.WaitForAssertion(() => Assert.Equal("条件に合う通話はありません。", cut.Find("[data-testid=no-calls]").TextContent.Trim()));
    }

    [Fact]
    public void ARow_OpensTheCallsDetail()
    {
        var cut = RenderPage();

        cut.FindAll("[data-testid=call-log-row]")[3].Click();

        Assert.EndsWith("/calls/117", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }
}
