using System.Net;
using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Tests.Browser;
using CallCenter.Tests.Data.Exports;
using CallCenter.Tests.Web.Security;
using CallCenter.Web.Components.Pages.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Audit;

/// <summary>The audit log as .xlsx: the CSV's columns, typed, for admins only, and itself audited.</summary>
[Collection(SecurityAppCollection.Name)]
public sealed class AuditXlsxTests(SecurityAppFixture fixture)
{
    [Fact]
    public async Task Admin_DownloadsTheFilteredLog_AsATypedWorkbook_And_Supervisor_IsRefused()
    {
        var adminName = await fixture.App.CreateUserAsync("axadmin", UserRole.Admin);
        var supervisorName = await fixture.App.CreateUserAsync("axsv", UserRole.Supervisor);
        using var admin = fixture.App.NewClient();
        using var supervisor = fixture.App.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await admin.TrySignInAsync(adminName, CallCenterAppFactory.TestPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await supervisor.TrySignInAsync(supervisorName, CallCenterAppFactory.TestPassword)).StatusCode);

        var response = await admin.GetAsync(AuditExportEndpoint.XlsxPath + "?user=" + adminName);
        var refused = await supervisor.GetAsync(AuditExportEndpoint.XlsxPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType!.MediaType);
        Assert.Matches("^\"?audit-[0-9]{8}-[0-9]{4}\\.xlsx\"?$", response.Content.Headers.ContentDisposition!.FileName);
        var book = new XlsxWorkbook(await response.Content.ReadAsByteArrayAsync());
        var sheet = Assert.Single(book.Sheets);
        Assert.Equal("監査記録", sheet.Name);
        Assert.Equal(AuditCsv.Header, sheet.Rows[0].Select(c => c.Value));
        Assert.True(sheet.Rows.Count >= 2, "the admin's own sign-in is in the log");
        Assert.All(sheet.Rows.Skip(1), r => Assert.Equal(adminName, r[1].Value));
        var at = sheet.Cell(1, "日時")!;
        Assert.True(at.IsNumber);
        Assert.Equal("yyyy/mm/dd hh:mm:ss", book.NumberFormat(at));
        // Japan time: within a minute of now, nine hours ahead of UTC.
        Assert.InRange(at.Date, DateTime.UtcNow.AddHours(9).AddMinutes(-5), DateTime.UtcNow.AddHours(9).AddMinutes(1));
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);

        var audit = fixture.App.Services.GetRequiredService<AuditRepository>();
        var entry = (await audit.RecentAsync(50)).First(e => e.Action == AuditActions.ExportAuditLog && e.UserName == adminName);
        Assert.EndsWith("・出力完了・Excel形式", entry.Details);
    }
}
