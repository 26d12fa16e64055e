using System.Globalization;
using System.Text;
using CallCenter.Data.Audit;
using CallCenter.Data.Common;
using CallCenter.Data.Residents;

namespace CallCenter.Web.Components.Pages.Audit;

/// <summary>
/// The audit-log filter as staff type it on the page and as the CSV export receives it in its query string
/// (<c>user</c>, <c>action</c>, <c>resident</c>, <c>from</c>, <c>to</c>); both parse it here, so the page's
/// export link returns exactly the rows the page shows.
/// </summary>
public sealed record AuditFilterText(string? User, string? Action, string? Resident, string? From, string? To)
{
    public static AuditFilterText Empty { get; } = new(null, null, null, null, null);

    // Japan time as typed; full-width digits are folded by NFKC first.
    private static readonly string[] DateFormats = ["yyyy/M/d", "yyyy-M-d"];
    private static readonly string[] MinuteFormats = ["yyyy/M/d H:mm", "yyyy-M-d H:mm", "yyyy-M-d'T'H:mm"];
    private static readonly string[] SecondFormats = ["yyyy/M/d H:mm:ss", "yyyy-M-d H:mm:ss", "yyyy-M-d'T'H:mm:ss"];

    public const string TimeHint = "例 2026/03/12 または 2026/03/12 09:00";

    /// <summary>Reads the export's query string.</summary>
    public static AuditFilterText FromQuery(IQueryCollection query) =>
        new(query["user"], query["action"], query["resident"], query["from"], query["to"]);

    /// <summary>The query string for the export link (empty parts left out), starting with '?' or empty.</summary>
    public string ToQueryString()
    {
        var parts = new List<KeyValuePair<string, string?>>();
        Add("user", User);
        Add("action", Action);
        Add("resident", Resident);
        Add("from", From);
        Add("to", To);
        return QueryString.Create(parts).ToString();

        void Add(string name, string? value)
        {
            if (Clean(value) is { } clean)
            {
                parts.Add(new(name, clean));
            }
        }
    }

    /// <summary>The filter for the audit log's own rows (view/export), in Japanese: 「ユーザー sato・開始 2026/03/12」, or 「条件なし」.</summary>
    public string Describe() => AuditDetails.Join(
        AuditDetails.Labelled("ユーザー", Clean(User)),
        Clean(Action) is { } action ? AuditDetails.Labelled("操作", AuditActionLabels.Label(AuditActionLabels.CodeOf(action))) : null,
        AuditDetails.Labelled("住民", Clean(Resident)),
        AuditDetails.Labelled("開始", Clean(From)),
        AuditDetails.Labelled("終了", Clean(To))) ?? "条件なし";

    /// <summary>
    /// The filter, or a message for staff when a part cannot be read. A resident is a resident number, or else a
    /// numeric resident id. A date alone covers the whole day; a time covers its whole minute (or second),
    /// so "to 2026/03/12" includes everything on the 12th.
    /// </summary>
    public async Task<(AuditFilter? Filter, string? Error)> ParseAsync(ResidentRepository residents, CancellationToken cancellationToken = default)
    {
        if (!TryParseTime(From, out var from, out _))
        {
            return (null, $"開始日時を読み取れません（{TimeHint}）。");
        }
        if (!TryParseTime(To, out var to, out var toLength))
        {
            return (null, $"終了日時を読み取れません（{TimeHint}）。");
        }
        if (from is not null && to is not null && from > to)
        {
            return (null, "開始日時が終了日時より後になっています。");
        }
        int? residentId = null;
        if (Clean(Resident) is { } resident)
        {
            residentId = await residents.FindIdByNumberAsync(resident, cancellationToken);
            if (residentId is null)
            {
                if (!int.TryParse(resident, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
                {
                    return (null, $"住民番号「{resident}」の住民が見つかりません。");
                }
                residentId = id;
            }
        }
        return (new AuditFilter(
            Clean(User),
            Clean(Action) is { } action ? AuditActionLabels.CodeOf(action) : null,
            residentId,
            from is { } f ? JapanTime.ToUtc(f) : null,
            to is { } t ? JapanTime.ToUtc(t + toLength) : null), null);
    }

    private static bool TryParseTime(string? text, out DateTime? value, out TimeSpan length)
    {
        value = null;
        length = TimeSpan.Zero;
        if (Clean(text) is not { } clean)
        {
            return true;
        }
        foreach (var (formats, span) in new[] { (DateFormats, TimeSpan.FromDays(1)), (MinuteFormats, TimeSpan.FromMinutes(1)), (SecondFormats, TimeSpan.FromSeconds(1)) })
        {
            if (DateTime.TryParseExact(clean, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                value = parsed;
                length = span;
                return true;
            }
        }
        return false;
    }

    private static string? Clean(string? text)
    {
        var clean = (text ?? "").Normalize(NormalizationForm.FormKC).Trim();
        return clean.Length == 0 ? null : clean;
    }
}
