using System.Globalization;
using CallCenter.Data.Accounts;
using CallCenter.Data.Common;
using CallCenter.Data.Dashboard;
using CallCenter.Data.Imports;
using CallCenter.Data.Inquiries;
using CallCenter.Data.Outbound;
using CallCenter.Data.Reports;

namespace CallCenter.Data.Audit;

/// <summary>
/// The details of audit rows in plain Japanese, the way an auditor reads them: phrases joined with 「・」
/// (「期間 2026/03/01〜2026/03/12・行政区 熊川」), never a record's ToString, an enum's name or an English fragment.
/// A value that itself holds 「・」 (親族・同居者) is put in 「」 so the phrases stay apart.
/// </summary>
public static class AuditDetails
{
    /// <summary>What separates the phrases of one row's details.</summary>
    public const string Separator = "・";

    /// <summary>The phrases that have text, joined with <see cref="Separator"/>; null when none has.</summary>
    public static string? Join(params string?[] phrases)
    {
        var kept = phrases.Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
        return kept.Count == 0 ? null : string.Join(Separator, kept);
    }

    /// <summary>A labelled value (「行政区 熊川」), null when the value is empty; a value holding 「・」 is quoted.</summary>
    public static string? Labelled(string label, string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : $"{label} {Quoted(value.Trim())}";

    /// <summary>The value in 「」 when it holds the separator (or is free text an auditor should see whole).</summary>
    public static string Quoted(string value) => value.Contains(Separator, StringComparison.Ordinal) ? $"「{value}」" : value;

    /// <summary>A date as staff write it: 2026/03/12.</summary>
    public static string Date(DateOnly date) => date.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture);

    /// <summary>A stored UTC time in Japan time: 2026/03/12 09:05 (JST).</summary>
    public static string Time(DateTime utc) => JapanTime.Format(utc) + "（日本時間）";

    /// <summary>「期間 2026/03/01〜2026/03/12」 (either end may be open); null when both are.</summary>
    public static string? Period(DateOnly? from, DateOnly? to) => (from, to) switch
    {
        (null, null) => null,
        ({ } f, null) => $"期間 {Date(f)}〜",
        (null, { } t) => $"期間 〜{Date(t)}",
        ({ } f, { } t) => $"期間 {Date(f)}〜{Date(t)}",
    };

    /// <summary>Which rows of a list were shown: 「1〜50件目／全120件」, or 「該当 0件」.</summary>
    public static string Shown(int first, int count, int total) => count == 0
        ? $"該当 {total.ToString("N0", CultureInfo.InvariantCulture)}件"
        : $"{first.ToString(CultureInfo.InvariantCulture)}〜{(first + count - 1).ToString(CultureInfo.InvariantCulture)}件目／全{total.ToString("N0", CultureInfo.InvariantCulture)}件";

    /// <summary>A count with its unit: 「3件」, 「1,200行」.</summary>
    public static string Count(int count, string unit) => count.ToString("N0", CultureInfo.InvariantCulture) + unit;

    /// <summary>The inquiry log's filter: 「期間 2026/03/01〜2026/03/12・照会者「親族・同居者」・未対応の伝言のみ」, or 「条件なし」.</summary>
    public static string Inquiries(InquiryFilter filter) => Join(
        Period(filter.From, filter.To),
        filter.InquirerType is { } type ? Labelled("照会者", type.Label()) : null,
        filter.OpenMessagesOnly ? "未対応の伝言のみ" : null,
        filter.DisclosedOnly ? "伝えた照会のみ" : null,
        Labelled("住民番号", filter.ResidentNo)) ?? "条件なし";

    /// <summary>The resident list's (and the residents exports') filter: 「安否 行方不明・行政区 熊川」, or 「条件なし」.</summary>
    public static string ResidentList(ResidentListFilter filter) => Join(
        filter.Status is { } status ? $"安否 {status.Label()}" : null,
        Labelled("行政区", filter.District),
        filter.PrefectureCode is { } code ? Labelled("避難先", Prefectures.Name(code) ?? code.ToString(CultureInfo.InvariantCulture)) : null,
        filter.WhereaboutsType is { } type ? Labelled("避難先種別", type.Label()) : null,
        filter.Vulnerable switch { true => "要支援者のみ", false => "要支援者を除く", null => null },
        filter.Provisional switch { true => "仮登録のみ", null => "仮登録を含む", false => null },
        filter.Unconfirmed ? "未確認のみ" : null,
        filter.Confirmed ? "確認済みのみ" : null,
        filter.ChangedSinceUtc is { } since ? $"{Time(since)}以降の変更" : null) ?? "条件なし";

    /// <summary>The register import: 「追加 3件・更新 0件・変更なし 0件・エラー 0件・文字コード UTF-8」.</summary>
    public static string ResidentImport(ResidentImportResult result) => Join(
        $"追加 {Count(result.Inserted, "件")}",
        $"更新 {Count(result.Updated, "件")}",
        $"変更なし {Count(result.Unchanged, "件")}",
        $"エラー {Count(result.Errors.Count, "件")}",
        $"文字コード {result.Encoding}")!;

    /// <summary>A status-list import's counts: 「記録 3行・要確認 1行・取り込み済み 0行・エラー 0件」.</summary>
    public static string StatusImport(int reported, int queued, int alreadyImported, int errors) => Join(
        $"記録 {Count(reported, "行")}",
        $"要確認 {Count(queued, "行")}",
        $"取り込み済み {Count(alreadyImported, "行")}",
        $"エラー {Count(errors, "件")}")!;

    /// <summary>What a commit of a status list did, in <see cref="StatusImport(int, int, int, int)"/>'s words.</summary>
    public static string StatusImport(StatusImportResult result) =>
        StatusImport(result.Reported, result.Queued, result.AlreadyImported, result.Errors.Count);

    /// <summary>What a commit of a previewed status list would do.</summary>
    public static string StatusImport(StatusImportPreview preview) =>
        StatusImport(preview.Matched, preview.Ambiguous + preview.Unmatched, preview.AlreadyImported, preview.Errors.Count);

    /// <summary>The outbound rules as supervisors see them on the campaign page.</summary>
    public static string OutboundRules(OutboundRules rules) => Join(
        $"要支援者を優先 {YesNo(rules.VulnerableFirst)}",
        rules.OldAge > 0 ? $"{rules.OldAge}歳以上を優先" : "高齢者の優先 しない",
        $"一人暮らしを優先 {YesNo(rules.LivingAloneFirst)}",
        rules.InfantAge > 0 ? $"{rules.InfantAge}歳未満の子を優先" : "乳幼児の優先 しない",
        rules.ReconfirmDays > 0 ? $"{rules.ReconfirmDays}日より前の確認者に再発信" : "再確認 しない",
        $"担当時間 {rules.ClaimMinutes}分",
        $"番号ごとの試行 {rules.MaxAttempts}回",
        $"再発信まで {rules.RetryMinutes}分",
        $"折り返しの保留 {rules.CallbackHoldMinutes}分",
        $"リスト再作成 {rules.RebuildMinutes}分ごと")!;

    /// <summary>A staff member as the log names them: 「渡辺 美咲（watanabe）」.</summary>
    public static string Person(string? displayName, string userName) =>
        string.IsNullOrWhiteSpace(displayName) || displayName == userName ? userName : $"{displayName}（{userName}）";

    /// <summary>The reason a session ended (<see cref="SessionEndReasons"/>) in Japanese.</summary>
    public static string SessionEnd(string? reason) => reason switch
    {
        SessionEndReasons.SignOut => "本人がサインアウト",
        SessionEndReasons.Idle => "無操作のため終了",
        SessionEndReasons.Disabled => "アカウントの無効化で終了",
        SessionEndReasons.PasswordChanged => "パスワード変更で終了",
        null or "" => "終了",
        _ => reason,
    };

    /// <summary>する / しない.</summary>
    public static string YesNo(bool value) => value ? "する" : "しない";
}
