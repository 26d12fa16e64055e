using System.Runtime.CompilerServices;
using System.Text;
using CallCenter.Data.Calls;
using CallCenter.Data.Dashboard;
using CallCenter.Data.Database;
using CallCenter.Data.Exports;
using CallCenter.Data.Mailing;
using CallCenter.Data.Reports;
using CallCenter.Data.Requests;
using CallCenter.Tests.Data.Calls;
using CallCenter.Tests.Data.Mailing;
using CallCenter.Tests.Data.Outbound;
using CallCenter.Tests.Data.Requests;

namespace CallCenter.Tests.Data.Exports;

/// <summary>
/// Every export route's file for one data set, by name: the golden files of a single-town installation (issue 19 must
/// leave them byte for byte as they were) and the per-town files of the two-town tests.
/// </summary>
public static class TownExportsTestData
{
    /// <summary>A call with reports about P001 and O001 on 3/14, mailing addresses for HP1 and HO1, a request of HV1.</summary>
    public static async Task SeedAsync(ConnectionFactory connections, TestClock clock)
    {
        var service = new CallRecordingService(connections, clock);
        var p1 = await CallTestData.ResidentAsync(connections, "P001");
        var o1 = await CallTestData.ResidentAsync(connections, "O001");
        var saved = await service.SaveAsync(CallTestData.Draft(CallTestData.Report(p1), CallTestData.Report(o1, SafetyStatus.Injured)),
            new OperatorContext(null, "op", "会津若松"));
        Assert.True(saved.Saved, string.Join("; ", saved.Errors.Select(e => e.Message)));
        await ReturnedMailTestData.AddressAsync(connections, "HP1", "青木 健一 様", "9650001", "福島県会津若松市北会津町1-2", "市営住宅3号棟 101", new DateOnly(2026, 3, 1));
        await ReturnedMailTestData.AddressAsync(connections, "HO1", "上田 博 様", "9800001", "宮城県仙台市青葉区髙松1-1", "=SUM(A1)");
        await RequestTestData.AddAsync(connections, "HV1", "V001", 1, RequestTestData.HealthAndCare, true, "薬が足りない", clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>The files, by name: residents, unconfirmed, calls, reports, requests (CSV in both encodings), mailing, mailing-missing.</summary>
    public static async Task<SortedDictionary<string, byte[]>> FilesAsync(ConnectionFactory connections, TestClock clock,
        Func<ExportOptions, ExportOptions>? adjust = null)
    {
        adjust ??= o => o;
        var exports = new ExportService(connections, clock);
        var mailing = new MailingExports(connections);
        var day = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(9));
        var all = new ResidentListFilter(Provisional: false);
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var encoding in Enum.GetValues<ExportEncoding>())
        {
            var options = adjust(new ExportOptions(encoding, ExportDates.Western));
            var suffix = encoding == ExportEncoding.Cp932 ? "cp932" : "utf8";
            async Task Add(string name, Func<Stream, Task<ExportResult>> write)
            {
                using var output = new MemoryStream();
                await write(output);
                files[$"{name}.{suffix}.csv"] = output.ToArray();
            }
            await Add("residents", o => exports.ResidentsAsync(o, all, options));
            await Add("unconfirmed", o => exports.UnconfirmedAsync(o, all, options));
            await Add("calls", o => exports.CallsAsync(o, day, day, options));
            await Add("reports", o => exports.ReportsAsync(o, day, day, options));
            await Add("requests", o => exports.RequestsAsync(o, null, null, options));
            await Add("mailing", o => mailing.MailingAsync(o, null, null, options));
            await Add("mailing-missing", o => mailing.MissingAsync(o, null, null, options));
        }
        return files;
    }

    /// <summary>The folder of the golden files, in the source tree.</summary>
    public static string GoldenFolder([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "Golden");

    /// <summary>A file's text for a failure message.</summary>
    public static string Text(string name, byte[] bytes) =>
        (name.Contains(".cp932.", StringComparison.Ordinal) ? CallCenter.Data.Imports.TextEncodingDetector.Cp932 : Encoding.UTF8).GetString(bytes);
}
