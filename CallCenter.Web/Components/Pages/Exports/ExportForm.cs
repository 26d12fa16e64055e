using System.Globalization;
using CallCenter.Data.Common;
using CallCenter.Data.Exports;
using CallCenter.Web.Api;

namespace CallCenter.Web.Components.Pages.Exports;

/// <summary>
/// The exports page's choices, turned into the HTTP export's query string so that the page and the API read
/// them with one parser. Dates may be typed as the operators write them (2026/3/12, 令和8年3月12日, R8.3.12).
/// </summary>
public sealed class ExportForm
{
    public ExportKind Kind { get; set; } = ExportKind.Residents;
    public string Status { get; set; } = "";
    public string? District { get; set; }
    public string Prefecture { get; set; } = "";
    public string Type { get; set; } = "";
    public string Vulnerable { get; set; } = "";
    public string? Since { get; set; }
    public string? From { get; set; }
    public string? To { get; set; }
    /// <summary>CSV (for other systems; the default, as before) or .xlsx (to open in a spreadsheet).</summary>
    public ExportFormat Format { get; set; } = ExportFormat.Csv;
    public ExportEncoding Encoding { get; set; } = ExportEncoding.Utf8;
    public ExportDates Dates { get; set; } = ExportDates.Western;

    /// <summary>True for the residents and unconfirmed exports (filters), false for calls and reports (a period).</summary>
    public bool IsResidents => Kind is ExportKind.Residents or ExportKind.Unconfirmed;

    /// <summary>The API's query string (with a leading ?); Japanese messages in <paramref name="problems"/> for bad dates.</summary>
    public string Query(out List<string> problems)
    {
        problems = [];
        var parts = new List<string>
        {
            "encoding=" + (Encoding == ExportEncoding.Cp932 ? "cp932" : "utf-8"),
            "dates=" + (Dates == ExportDates.Era ? "era" : "western"),
        };
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                parts.Add($"{name}={Uri.EscapeDataString(value.Trim())}");
            }
        }
        if (Kind == ExportKind.Requests)
        {
            Add("district", District);
            Add("since", Date(Since, "受付日", required: false, problems));
        }
        else if (IsResidents)
        {
            if (Kind == ExportKind.Residents)
            {
                Add("status", Status);
            }
            Add("district", District);
            Add("prefecture", Prefecture);
            Add("type", Type);
            Add("vulnerable", Vulnerable);
            Add("since", Date(Since, "変更日", required: false, problems));
        }
        else
        {
            var from = Date(From, "開始日", required: true, problems);
            var to = Date(To, "終了日", required: true, problems);
            if (from is not null && to is not null && string.CompareOrdinal(from, to) > 0)
            {
                problems.Add("開始日が終了日より後になっています。");
            }
            Add("from", from);
            Add("to", to);
        }
        return "?" + string.Join("&", parts);
    }

    private static string? Date(string? text, string label, bool required, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                problems.Add($"{label}を入れてください。");
            }
            return null;
        }
        if (!JapaneseDates.TryParse(text.Trim(), out var date, out var reason))
        {
            problems.Add($"{label}: {reason}");
            return null;
        }
        return date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}
