using System.Net;
using System.Text;
using CallCenter.Data.Accounts;
using CallCenter.Tests.Web.Security;

namespace CallCenter.Tests.Web.Api;

/// <summary>The list page's 「CSV出力」: the same files for signed-in supervisors, refused to operators.</summary>
[Collection(SecurityAppCollection.Name)]
public sealed class StaffExportTests(SecurityAppFixture fixture)
{
    [Fact]
    public async Task Supervisor_DownloadsTheList_And_Operator_IsRefused()
    {
        var supervisorName = await fixture.App.CreateUserAsync("exsv", UserRole.Supervisor);
        var operatorName = await fixture.App.CreateUserAsync("exop", UserRole.Operator);
        using var supervisor = fixture.App.NewClient();
        using var op = fixture.App.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await supervisor.TrySignInAsync(supervisorName, CallCenter.Tests.Browser.CallCenterAppFactory.TestPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await op.TrySignInAsync(operatorName, CallCenter.Tests.Browser.CallCenterAppFactory.TestPassword)).StatusCode);

        var file = await supervisor.GetAsync("/exports/unconfirmed.csv?vulnerable=false&encoding=utf-8");
        var refused = await op.GetAsync("/exports/unconfirmed.csv");

        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        var text = Encoding.UTF8.GetString(await file.Content.ReadAsByteArrayAsync());
        Assert.StartsWith("\uFEFF住民番号,世帯番号", text);
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("/account/forbidden", refused.Headers.Location?.ToString() ?? refused.RequestMessage!.RequestUri!.ToString());
    }
    [Fact]
    public async Task Supervisor_DownloadsTheListAsXlsx_And_Operator_IsRefused()
    {
        var supervisorName = await fixture.App.CreateUserAsync("exsvx", UserRole.Supervisor);
        var operatorName = await fixture.App.CreateUserAsync("exopx", UserRole.Operator);
        using var supervisor = fixture.App.NewClient();
        using var op = fixture.App.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await supervisor.TrySignInAsync(supervisorName, CallCenter.Tests.Browser.CallCenterAppFactory.TestPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await op.TrySignInAsync(operatorName, CallCenter.Tests.Browser.CallCenterAppFactory.TestPassword)).StatusCode);

        var file = await supervisor.GetAsync("/exports/residents.xlsx?dates=era");
        var refused = await op.GetAsync("/exports/residents.xlsx");

        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        var sheet = Assert.Single(new CallCenter.Tests.Data.Exports.XlsxWorkbook(await file.Content.ReadAsByteArrayAsync()).Sheets);
        Assert.Equal(("住民の安否一覧", "住民番号"), (sheet.Name, sheet.Rows[0][0].Value));
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
    }
}
