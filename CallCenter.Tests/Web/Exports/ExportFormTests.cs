using CallCenter.Data.Dashboard;
using CallCenter.Data.Exports;
using CallCenter.Data.Reports;
using CallCenter.Tests.Data.Calls;
using CallCenter.Web.Api;
using CallCenter.Web.Components.Pages.Exports;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace CallCenter.Tests.Web.Exports;

/// <summary>The exports page's choices become the API's own query, read by the API's own parser.</summary>
public sealed class ExportFormTests
{
    private static readonly TestClock Clock = new(new DateTimeOffset(2026, 3, 20, 3, 0, 0, TimeSpan.Zero));

    private static ExportRequest? Parse(ExportForm form, out List<string> problems)
    {
        var query = form.Query(out problems);
        return problems.Count > 0 ? null : ExportApi.Parse(form.Kind, new QueryCollection(QueryHelpers.ParseQuery(query)), Clock, problems);
    }

    [Fact]
    public void Query_GivesTheApisFilter_When_EveryResidentFilterIsChosen()
    {
        var form = new ExportForm
        {
            Kind = ExportKind.Residents,
            Status = "行方不明",
            District = "請戸",
            Prefecture = "福島県",
            Type = "仮設住宅",
            Vulnerable = "true",
            Since = "令和8年3月12日",
            Encoding = ExportEncoding.Cp932,
            Dates = ExportDates.Era,
        };

        var request = Parse(form, out var problems);

        Assert.Empty(problems);
        Assert.NotNull(request);
        Assert.Equal(new ExportOptions(ExportEncoding.Cp932, ExportDates.Era), request.Options);
        Assert.Equal(new ResidentListFilter(SafetyStatus.Missing, "請戸", 7, WhereaboutsType.TemporaryHousing, true, false, false, false,
            new DateTime(2026, 3, 11, 15, 0, 0, DateTimeKind.Utc)), request.Filter);
        Assert.Equal("住民の安否一覧_20260320.csv", request.JapaneseFileName);
    }

    [Fact]
    public void Query_GivesTheRequestsExport_ItsDistrictAndReceivedSince_AndNamesTheFile()
    {
        var form = new ExportForm { Kind = ExportKind.Requests, District = "請戸", Since = "R8.3.1", From = "garbage" };

        var request = Parse(form, out var problems);

        Assert.Empty(problems);
        Assert.Equal(("請戸", new DateOnly(2026, 3, 1)), (request!.Filter!.District, DateOnly.FromDateTime(CallCenter.Data.Common.JapanTime.FromUtc(request.Filter.ChangedSinceUtc!.Value))));
        Assert.Equal(("requests-20260320.csv", "要望・相談_20260320.csv"), (request.FileName, request.JapaneseFileName));
        Assert.Equal("行政区 請戸・受付日 2026/03/01以降・3行・文字コード UTF-8", request.AuditDetails(new ExportResult(3, 0, [])));
    }

    [Fact]
    public void Query_LeavesStatusOut_When_UnconfirmedAreExported()
    {
        var form = new ExportForm { Kind = ExportKind.Unconfirmed, Status = "無事" };

        var query = form.Query(out var problems);

        Assert.Empty(problems);
        Assert.Equal("?encoding=utf-8&dates=western", query);
        Assert.Equal("未確認者_20260320.csv", Parse(form, out _)!.JapaneseFileName);
    }

    [Fact]
    public void Query_TakesPeriodDatesAsOperatorsWriteThem()
    {
        var form = new ExportForm { Kind = ExportKind.Reports, From = "R8.3.11", To = "2026/3/20" };

        var request = Parse(form, out var problems);

        Assert.Empty(problems);
        Assert.Equal((new DateOnly(2026, 3, 11), new DateOnly(2026, 3, 20)), (request!.From, request.To));
        Assert.Equal("安否報告履歴_20260311-20260320.csv", request.JapaneseFileName);
    }

    [Theory]
    [InlineData("2026/02/30", "2026/03/01", "開始日")]
    [InlineData("", "2026/03/01", "開始日を入れてください。")]
    [InlineData("2026/03/02", "2026/03/01", "開始日が終了日より後になっています。")]
    public void Query_ExplainsInJapanese_When_APeriodIsWrong(string from, string to, string message)
    {
        var form = new ExportForm { Kind = ExportKind.Calls, From = from, To = to };

        Parse(form, out var problems);

        Assert.Contains(problems, p => p.StartsWith(message, StringComparison.Ordinal));
    }
}
