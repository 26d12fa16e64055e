using System.Globalization;
using CallCenter.Data.Audit;
using CallCenter.Data.Common;
using CallCenter.Web.Api;

namespace CallCenter.Web.Components.Pages.Audit;

/// <summary>
/// One audit row as an auditor reads it, on the page and in the CSV: Japan time, the action's Japanese label, who
/// (display name and user name), the target with its name beside its id, the resident concerned, the details in
/// Japanese. Built from the stored row and the names looked up for its page (<see cref="AuditNames"/>).
/// </summary>
public sealed record AuditLine
{
    /// <summary>The time in Japan (JST): 2026/03/12 09:05:02.</summary>
    public required string Time { get; init; }
    /// <summary>What was done, in Japanese.</summary>
    public required string Action { get; init; }
    /// <summary>The stored action name (what the filter and scripts use).</summary>
    public required string ActionCode { get; init; }
    /// <summary>Who: the display name (渡辺 美咲), or the account tried, an API key, the command line, the system.</summary>
    public required string Who { get; init; }
    /// <summary>The user name beside the display name (watanabe), or null when <see cref="Who"/> says it all.</summary>
    public string? WhoAccount { get; init; }
    /// <summary>The site (拠点), or null.</summary>
    public string? Site { get; init; }
    /// <summary>The kind of target in Japanese (住民, ユーザー, 通話…), or null.</summary>
    public string? TargetKind { get; init; }
    /// <summary>The target: its number or id with its name (K0003 𠮷田 花子, 佐藤 健一（k.sato）, #12).</summary>
    public string? Target { get; init; }
    /// <summary>The resident whose data was read or written, when the target is not that resident already (K0003 𠮷田 花子).</summary>
    public string? Resident { get; init; }
    /// <summary>The details in Japanese.</summary>
    public required string Details { get; init; }

    /// <summary>The line of <paramref name="entry"/>, naming what <paramref name="names"/> knows.</summary>
    public static AuditLine From(AuditEntry entry, AuditNames names)
    {
        var (who, account) = Actor(entry, names);
        var (kind, target) = TargetOf(entry, names);
        var resident = entry.ResidentId is { } id
            ? names.ResidentsById.TryGetValue(id, out var person) ? person.Label : $"住民ID {id.ToString(CultureInfo.InvariantCulture)}"
            : null;
        return new AuditLine
        {
            Time = JapanTime.FromUtc(entry.OccurredAt).ToString("yyyy/MM/dd HH:mm:ss", CultureInfo.InvariantCulture),
            Action = AuditActionLabels.Label(entry.Action),
            ActionCode = entry.Action,
            Who = who,
            WhoAccount = account,
            Site = entry.Site,
            TargetKind = kind,
            Target = target,
            Resident = resident is not null && target?.Contains(resident, StringComparison.Ordinal) != true ? resident : null,
            Details = NameStaff(AuditDetailsText.Render(entry), names),
        };
    }

    // 「担当 ユーザーID 6」 (an old outbound assignment) with the operator's name when it is known.
    private static string NameStaff(string details, AuditNames names) =>
        details.Contains("ユーザーID ", StringComparison.Ordinal)
            ? System.Text.RegularExpressions.Regex.Replace(details, @"担当 ユーザーID (\d+)", m =>
                Int(m.Groups[1].Value) is { } id && names.UsersById.TryGetValue(id, out var user) ? $"担当 {AuditDetails.Person(user.DisplayName, user.UserName)}" : m.Value)
            : details;

    private static (string Who, string? Account) Actor(AuditEntry entry, AuditNames names)
    {
        var userName = entry.UserName;
        if (entry.UserId is { } userId && names.UsersById.TryGetValue(userId, out var byId))
        {
            return Named(byId.DisplayName, userName ?? byId.UserName);
        }
        if (string.IsNullOrEmpty(userName))
        {
            return ("システム", null);
        }
        if (userName.StartsWith("cli:", StringComparison.Ordinal))
        {
            return ("コマンドライン", userName[4..]);
        }
        if (userName.StartsWith("api:", StringComparison.Ordinal))
        {
            return ("APIキー", userName[4..]);
        }
        return names.UsersByName.TryGetValue(userName, out var byName) ? Named(byName.DisplayName, userName) : (userName, null);
    }

    private static (string, string?) Named(string displayName, string userName) =>
        string.IsNullOrWhiteSpace(displayName) || displayName == userName ? (userName, null) : (displayName, userName);

    private static (string? Kind, string? Target) TargetOf(AuditEntry entry, AuditNames names)
    {
        var id = entry.TargetId;
        return entry.TargetType switch
        {
            null => (null, id),
            "resident" when entry.Action == AuditActions.MergeProvisional => ("仮登録", ResidentById(id, names)),
            "resident" => ("住民", id is not null && names.ResidentsByNo.TryGetValue(id, out var r) ? r.Label : id),
            "user" => ("ユーザー", id is not null && names.UsersByName.TryGetValue(id, out var u) ? AuditDetails.Person(u.DisplayName, u.UserName) : id),
            "call" => ("通話", Numbered(id)),
            "report" => ("安否報告", Numbered(id)),
            "inquiry" => ("照会", Numbered(id)),
            "household" => ("世帯", Int(id) is { } h && names.Households.TryGetValue(h, out var household)
                ? household.HouseholdNo + (household.District is { Length: > 0 } d ? $"（{d}）" : "")
                : id is null ? null : $"世帯ID {id}"),
            "session" => ("セッション", id),
            "api-key" => ("APIキー", Int(id) is { } k && names.ApiKeys.TryGetValue(k, out var key) ? $"#{id} {key}" : Numbered(id)),
            "endpoint" => ("API", id),
            "client" => ("接続元", id),
            "file" => ("ファイル", id),
            "status-import" => ("安否名簿", Int(id) is { } s && names.StatusImports.TryGetValue(s, out var file) ? $"#{id} {file}" : Numbered(id)),
            "status-import-row" => ("名簿の行", Int(id) is { } row && names.StatusImportRows.TryGetValue(row, out var line)
                ? $"{line.FileName} {line.Line.ToString(CultureInfo.InvariantCulture)}行目" : Numbered(id)),
            "list" => ("発信リスト", id),
            "district" => ("行政区", id),
            "assignment" => ("担当の割り当て", Numbered(id)),
            "settings" => ("設定", id == "Outbound" ? "発信ルール" : id),
            "key-ring" => ("データ保護の鍵", id),
            "export" => ("CSV", ExportTitle(id)),
            "search" => ("住民検索", id),
            "resident-list" => ("住民一覧", id),
            "audit-log" => ("監査記録", id),
            "approvals" => ("承認待ち一覧", id),
            "provisional" => ("仮登録一覧", id),
            "review-queue" => ("要確認一覧", id),
            "outbound" => ("発信画面", id is null ? null : $"世帯 {id}"),
            "outbound-campaign" => ("発信キャンペーン", id),
            "inquiries" => ("照会記録", id),
            _ => (null, id),
        };
    }

    private static string? ResidentById(string? id, AuditNames names) =>
        Int(id) is { } residentId && names.ResidentsById.TryGetValue(residentId, out var person) ? person.Label : id is null ? null : $"住民ID {id}";

    private static string? Numbered(string? id) => id is null ? null : $"#{id}";

    private static int? Int(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string? ExportTitle(string? name) => name switch
    {
        "residents" => ExportRequest.TitleOf(ExportKind.Residents),
        "unconfirmed" => ExportRequest.TitleOf(ExportKind.Unconfirmed),
        "calls" => ExportRequest.TitleOf(ExportKind.Calls),
        "reports" => ExportRequest.TitleOf(ExportKind.Reports),
        _ => name,
    };
}
