using System.Globalization;
using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using CallCenter.Data;
using CallCenter.Data.Accounts;
using CallCenter.Data.Calls;
using CallCenter.Data.Mailing;
using CallCenter.Tests.Data;
using CallCenter.Tests.Data.Calls;
using CallCenter.Web.Components.Pages.Mailing;
using CallCenter.Web.Components.Shared;
using CallCenter.Web.Security;
using Dapper;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Mailing;

/// <summary>The resident page's 「送付先」 panel over a real SQLite file: current, 宛所不明, history, and the form by role.</summary>
public sealed class MailingAddressPanelTests : MudTestContext
{
    private readonly TestDatabase.SqliteTestDatabase db = TestDatabase.CreateSqlite();
    private readonly BunitAuthorizationContext auth;
    private int household;

    public MailingAddressPanelTests()
    {
        db.Migrate();
        Services.AddCallCenterData(db.Configuration);
        Services.AddScoped<MailingAddressDesk>();
        Services.AddTransient<SaveGuard>();
        auth = AddAuthorization();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public override async Task InitializeAsync()
    {
        await CallTestData.ImportAsync(db.Connections, CallTestData.FiveMemberRegister);
        await using var connection = await db.Connections.OpenAsync();
        household = await connection.ExecuteScalarAsync<int>("SELECT HouseholdId FROM Households WHERE HouseholdNo = 'KH01'");
    }

    protected override ValueTask DisposeTestResourcesAsync() => db.DisposeAsync();

    private async Task SignInAsync(UserRole role)
    {
        var user = await CallTestData.StaffAsync(db.Connections, TimeProvider.System, "u-" + role, role == UserRole.Operator ? "会津 一子" : "責任者 三郎", role, "会津若松");
        auth.SetAuthorized("u-" + role);
        auth.SetRoles(role.ToString());
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, user.UserId!.Value.ToString(CultureInfo.InvariantCulture)), new Claim(CallCenterClaims.Site, "会津若松"));
    }

    private Task RecordAsync(string address2, string postal = "9791306") => new MailingAddressRecorder(db.Connections, TimeProvider.System).SaveAsync(
        new MailingAddressDraft(household, "佐藤 正男", postal, "福島県双葉郡大熊町大川原南平1-1", address2, "2026/03/01"), new OperatorContext(null, "import", null));

    [Fact]
    public async Task AnOperator_SeesTheCurrentAddress_TheReturnedMark_AndTheHistory_ButNoForm()
    {
        await SignInAsync(UserRole.Operator);
        await RecordAsync("A-101");
        await RecordAsync("B-202");
        await using (var connection = await db.Connections.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE HouseholdMailing SET ReturnedOn = '2026-03-10'");
        }

        var cut = Render<MailingAddressPanel>(p => p.Add(x => x.HouseholdId, household));

        cut.WaitForAssertion(() => cut.Find("[data-testid=mailing-now]"));
        Assert.Contains("〒979-1306", cut.Find("[data-testid=mailing-now]").TextContent, StringComparison.Ordinal);
        Assert.Contains("福島県双葉郡大熊町大川原南平1-1　B-202", cut.Find("[data-testid=mailing-now]").TextContent, StringComparison.Ordinal);
        Assert.Equal("宛所不明（2026/03/10 返送）", cut.Find("[data-testid=mailing-returned]").TextContent.Trim());
        Assert.Equal(2, cut.FindAll("[data-testid=mailing-history-line]").Count);
        Assert.Contains("画面", cut.FindAll("[data-testid=mailing-history-line]")[0].TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=mailing-record]"));
    }

    [Fact]
    public async Task ASupervisor_RecordsAnAddress_AndTheHistoryGrows()
    {
        await SignInAsync(UserRole.Supervisor);
        var cut = Render<MailingAddressPanel>(p => p.Add(x => x.HouseholdId, household));
        cut.WaitForAssertion(() => cut.Find("[data-testid=mailing-none]"));

        cut.Find("[data-testid=mailing-record]").Click();
        cut.Find("input[data-testid=mailing-addressee]").Change("鈴木 一郎");
        cut.Find("input[data-testid=mailing-postal]").Change("963-8041");
        Assert.Equal("福島県郡山市富田町", cut.Find("input[data-testid=mailing-address1]").GetAttribute("value"));
        cut.Find("input[data-testid=mailing-address1]").Change("福島県郡山市富田町字下亀田1");
        cut.Find("[data-testid=mailing-save]").Click();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=mailing-history-line]")));
        Assert.Contains("責任者 三郎", cut.Find("[data-testid=mailing-history-line]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=mailing-form]"));
    }

    [Fact]
    public async Task ASupervisor_WithAMissingAddressee_SeesTheMessage_AndNothingIsWritten()
    {
        await SignInAsync(UserRole.Admin);
        var cut = Render<MailingAddressPanel>(p => p.Add(x => x.HouseholdId, household));
        cut.WaitForAssertion(() => cut.Find("[data-testid=mailing-record]"));

        cut.Find("[data-testid=mailing-record]").Click();
        cut.Find("input[data-testid=mailing-postal]").Change("9791306");
        cut.Find("[data-testid=mailing-save]").Click();

        cut.WaitForAssertion(() => Assert.Contains("宛名を入力してください。", cut.Find("[data-testid=mailing-form]").TextContent, StringComparison.Ordinal));
        Assert.Empty(await new MailingAddresses(db.Connections).HistoryAsync(household));
    }
}
