using System.Text;
using CallCenter.Data.Calls;
using CallCenter.Data.Imports;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallCenter.Tests.Browser.Dashboard;

/// <summary>
/// What the dashboard browser tests arrange in the shared app. Each test uses its own district and D-numbers,
/// so the figures it reads through the district filter are its own, whatever other tests put in the town.
/// </summary>
internal static class DashboardBrowserData
{
    public static async Task ImportAsync(IServiceProvider services, string register)
    {
        using var csv = new MemoryStream(Encoding.UTF8.GetBytes(register));
        var result = await services.GetRequiredService<ResidentImportService>().ImportAsync(csv, dryRun: false);
        Assert.True(result.Committed, string.Join(Environment.NewLine, result.Errors));
    }

    /// <summary>Saves one call about one resident through the app's own recording service (another session).</summary>
    public static async Task RecordAsync(IServiceProvider services, string residentNo, SafetyStatus status, WhereaboutsType? type, byte? prefecture)
    {
        var resident = (await services.GetRequiredService<ResidentRepository>().GetDetailAsync(residentNo))?.Summary
            ?? throw new InvalidOperationException($"{residentNo} is not in the test register.");
        var result = await services.GetRequiredService<CallRecordingService>().SaveAsync(new CallDraft(
            CallDirection.Inbound, "白石 和子", "090-7777-8888", "姉", null,
            [new PersonReportDraft(resident.ResidentId, resident.Version, status, ReportSource.Family, type, prefecture,
                null, "避難先", null, Consent.NotAsked, null)], WrapUpCodeId: CallCenter.Tests.Data.Calls.CallTestData.SafetyReportCode),
            new OperatorContext(null, "dashboard-test", "いわき"));
        Assert.True(result.Saved, string.Join(Environment.NewLine, result.Errors.Select(e => e.Message)));
    }

    /// <summary>A headline figure's number, e.g. <c>figure-confirmed</c>.</summary>
    public static ILocator Figure(IPage page, string key) => page.GetByTestId("figure-" + key).GetByTestId("value");

    public static string DashboardPath(string district) => "/dashboard?district=" + Uri.EscapeDataString(district);

    /// <summary>The page's query string, decoded: what the list was filtered by.</summary>
    public static Dictionary<string, string> Query(IPage page) =>
        QueryHelpers.ParseQuery(new Uri(page.Url).Query).ToDictionary(q => q.Key, q => q.Value.ToString());
}
