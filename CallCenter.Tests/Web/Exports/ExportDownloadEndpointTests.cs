using System.Net;
using System.Text;
using CallCenter.Data.Accounts;
using CallCenter.Tests.Browser;
using CallCenter.Tests.Web.Security;
using CallCenter.Web.Components.Pages.Exports;
using CallCenter.Web.Files;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Exports;

/// <summary>GET /exports/files/{token} on the real app: headers, once only, its maker only, supervisors only.</summary>
[Collection(SecurityAppCollection.Name)]
public sealed class ExportDownloadEndpointTests(SecurityAppFixture fixture)
{
    private async Task<(string Token, string Path)> ExportForAsync(string userName)
    {
        var files = fixture.App.Services.GetRequiredService<PrivateTempFiles>();
        var path = files.NewPath(".csv");
        await File.WriteAllBytesAsync(path, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("住民番号,氏名\r\nK0001,𠮷田　ハル\r\n")]);
        var token = fixture.App.Services.GetRequiredService<ExportDownloads>()
            .Add(path, "住民の安否一覧_20260312.csv", "text/csv; charset=utf-8", await fixture.App.UserIdAsync(userName));
        return (token, path);
    }

    [Fact]
    public async Task Download_ServesTheFileOnce_AsAnAttachmentWithItsJapaneseName()
    {
        var name = await fixture.App.CreateUserAsync("dlsv", UserRole.Supervisor);
        using var client = fixture.App.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await client.TrySignInAsync(name, CallCenterAppFactory.TestPassword)).StatusCode);
        var (token, path) = await ExportForAsync(name);

        using var response = await client.GetAsync(ExportDownloads.RoutePrefix + token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal("住民の安否一覧_20260312.csv", disposition.FileNameStar);
        Assert.Contains("filename*=UTF-8''%E4%BD%8F%E6%B0%91", response.Content.Headers.GetValues("Content-Disposition").Single(), StringComparison.Ordinal);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("\uFEFF住民番号,氏名\r\nK0001,𠮷田　ハル\r\n", Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()));
        Assert.False(File.Exists(path));

        using var again = await client.GetAsync(ExportDownloads.RoutePrefix + token);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task Download_IsRefused_ToAnotherSupervisor_And_ToOperators()
    {
        var maker = await fixture.App.CreateUserAsync("dlmk", UserRole.Supervisor);
        var other = await fixture.App.CreateUserAsync("dlot", UserRole.Supervisor);
        var op = await fixture.App.CreateUserAsync("dlop", UserRole.Operator);
        var (token, path) = await ExportForAsync(maker);
        using var otherClient = fixture.App.NewClient();
        using var opClient = fixture.App.NewClient();
        await otherClient.TrySignInAsync(other, CallCenterAppFactory.TestPassword);
        await opClient.TrySignInAsync(op, CallCenterAppFactory.TestPassword);

        using var byOther = await otherClient.GetAsync(ExportDownloads.RoutePrefix + token);
        using var byOperator = await opClient.GetAsync(ExportDownloads.RoutePrefix + token);

        Assert.Equal(HttpStatusCode.NotFound, byOther.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, byOperator.StatusCode);
        Assert.Contains("/account/forbidden", byOperator.Headers.Location?.ToString() ?? byOperator.RequestMessage!.RequestUri!.ToString());
        // Still there for its maker.
        Assert.True(File.Exists(path));
    }
}
