using Bunit;
using Bunit.TestDoubles;
using CallCenter.Data;
using CallCenter.Data.Calls;
using CallCenter.Data.Mailing;
using CallCenter.Data.Reports;
using CallCenter.Tests.Data;
using CallCenter.Tests.Web.Calls;
using CallCenter.Web.Components.Pages.Calls;
using CallCenter.Web.Components.Shared;
using Dapper;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace CallCenter.Tests.Web.Mailing;

/// <summary>The call form's 「送付先」 section on the real page over a real SQLite file.</summary>
public sealed class CallMailingSectionTests : MudTestContext
{
    private readonly TestDatabase.SqliteTestDatabase db = TestDatabase.CreateSqlite();
    private readonly BunitAuthorizationContext auth;

    public CallMailingSectionTests()
    {
        db.Migrate();
        Services.AddCallCenterData(db.Configuration);
        Services.AddCallFormServices();
        auth = AddAuthorization();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public override async Task InitializeAsync() => await CallFormTestSetup.SignInOperatorAsync(db.Connections, auth);

    protected override ValueTask DisposeTestResourcesAsync() => db.DisposeAsync();

    private IRenderedComponent<RecordCallPage> RenderPage()
    {
        var cut = Render<RecordCallPage>(p => p.Add(x => x.ResidentNo, "K0003"));
        cut.WaitForAssertion(() => cut.Find("[data-testid=member-K0001]"));
        return cut;
    }

    private static async Task FillCallAsync(IRenderedComponent<RecordCallPage> cut, WhereaboutsType where)
    {
        var card = cut.FindComponents<MemberReportCard>().Single(c => c.Instance.Member.Resident.ResidentNo == "K0003");
        var status = card.FindComponents<FieldSelect<SafetyStatus?>>()[0];
        await status.Find("select").ChangeAsync(new ChangeEventArgs { Value = status.Instance.ToText(SafetyStatus.Safe) });
        var type = card.FindComponents<FieldSelect<WhereaboutsType?>>()[0];
        await type.Find("select").ChangeAsync(new ChangeEventArgs { Value = type.Instance.ToText(where) });
        await cut.InvokeAsync(() => card.FindComponent<MudAutocomplete<byte?>>().Instance.ValueChanged.InvokeAsync((byte)7));
        cut.Find("input[data-testid=caller-name]").Change("佐藤 浩二");
        cut.ChooseWrapUp();
    }

    private async Task<int> HouseholdAsync()
    {
        await using var connection = await db.Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT HouseholdId FROM Households WHERE HouseholdNo = 'KH01'");
    }

    [Fact]
    public async Task TheSection_IsOffered_OnlyForAHomeLikeWhereabouts()
    {
        var cut = RenderPage();
        Assert.Empty(cut.FindAll("[data-testid=mailing-section]"));

        await FillCallAsync(cut, WhereaboutsType.Shelter);
        Assert.Empty(cut.FindAll("[data-testid=mailing-section]"));

        var card = cut.FindComponents<MemberReportCard>().Single(c => c.Instance.Member.Resident.ResidentNo == "K0003");
        var type = card.FindComponents<FieldSelect<WhereaboutsType?>>()[0];
        await type.Find("select").ChangeAsync(new ChangeEventArgs { Value = type.Instance.ToText(WhereaboutsType.LeasedHousing) });
        cut.WaitForAssertion(() => Assert.Equal("送付先は未登録です。", cut.Find("[data-testid=mailing-none]").TextContent.Trim()));
        Assert.Equal("m", cut.Find("button[data-testid=mailing-open]").GetAttribute("accesskey"));
        Assert.Contains("Alt+M 送付先", cut.Find("[data-testid=shortcut-help]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Save_RecordsTheAddress_WithTheCall_AndThePostalCodeFillsAddress1()
    {
        var cut = RenderPage();
        await FillCallAsync(cut, WhereaboutsType.TemporaryHousing);
        cut.Find("button[data-testid=mailing-open]").Click();
        // Suggested from the call: the head's name; 住所1 from the reported home (福島県 only here), cleared to let the code fill it.
        Assert.Equal("佐藤　正男", cut.Find("input[data-testid=mailing-addressee]").GetAttribute("value"));
        cut.Find("input[data-testid=mailing-address1]").Change("");
        cut.Find("input[data-testid=mailing-postal]").Change("９７９－１３０６");
        Assert.Equal("福島県双葉郡大熊町大川原", cut.Find("input[data-testid=mailing-address1]").GetAttribute("value"));
        cut.Find("input[data-testid=mailing-address1]").Change("福島県双葉郡大熊町大川原南平1-1");
        cut.Find("input[data-testid=mailing-address2]").Change("仮設住宅 3-12");
        Assert.Empty(cut.FindAll("[data-testid=mailing-warning]"));

        cut.Find("button[data-testid=save]").Click();

        var household = await HouseholdAsync();
        cut.WaitForAssertion(() => Assert.NotNull(new MailingAddresses(db.Connections).CurrentAsync(household).GetAwaiter().GetResult()));
        var a = (await new MailingAddresses(db.Connections).CurrentAsync(household))!.Address;
        Assert.Equal(("佐藤　正男", "9791306", "福島県双葉郡大熊町大川原南平1-1", "仮設住宅 3-12", MailingSource.Call),
            (a.Addressee, a.PostalCode, a.Address1, a.Address2, a.Source));
        Assert.NotNull(a.CallId);
    }

    [Fact]
    public async Task AMismatch_Warns_AndABadCode_IsRefused_WithNothingWritten()
    {
        var cut = RenderPage();
        await FillCallAsync(cut, WhereaboutsType.Home);
        cut.Find("button[data-testid=mailing-open]").Click();
        cut.Find("input[data-testid=mailing-address1]").Change("東京都新宿区西新宿2-8-1");
        cut.Find("input[data-testid=mailing-postal]").Change("979-1306");
        Assert.Contains("福島県双葉郡大熊町", cut.Find("[data-testid=mailing-warning]").TextContent, StringComparison.Ordinal);

        cut.Find("input[data-testid=mailing-postal]").Change("979-13");
        cut.Find("button[data-testid=save]").Click();

        cut.WaitForAssertion(() => Assert.Contains("郵便番号は7桁の数字で入力してください", cut.Find("[data-testid=mailing-section]").TextContent, StringComparison.Ordinal));
        await using var connection = await db.Connections.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM Calls"));
    }

    [Fact]
    public async Task TheCurrentAddress_IsShown_AndPrefillsTheFields_AndAnUnopenedSectionWritesNothing()
    {
        var household = await HouseholdAsync();
        await new MailingAddressRecorder(db.Connections, TimeProvider.System).SaveAsync(
            new MailingAddressDraft(household, "佐藤 正男", "9638041", "福島県郡山市富田町字下亀田1", null, null), OperatorContext.System);
        var cut = RenderPage();
        await FillCallAsync(cut, WhereaboutsType.RelativeHome);

        Assert.Equal("〒963-8041　福島県郡山市富田町字下亀田1　佐藤 正男 様", cut.Find("[data-testid=mailing-current]").TextContent.Trim());
        cut.Find("button[data-testid=mailing-open]").Click();
        Assert.Equal("963-8041", cut.Find("input[data-testid=mailing-postal]").GetAttribute("value"));
        cut.Find("button[data-testid=mailing-close]").Click();
        cut.Find("button[data-testid=save]").Click();

        cut.WaitForAssertion(async () =>
        {
            await using var connection = await db.Connections.OpenAsync();
            Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM Calls"));
        });
        Assert.Single(await new MailingAddresses(db.Connections).HistoryAsync(household));
    }
}
