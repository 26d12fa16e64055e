using CallCenter.Data.Audit;
using CallCenter.Data.Inquiries;
using CallCenter.Web.Components.Pages.Audit;

namespace CallCenter.Tests.Web.Audit;

/// <summary>
/// The details earlier versions wrote, exactly as their write sites and tests produced them, read in Japanese. Rows in
/// a town's database keep these texts for ever (the log is append-only).
/// </summary>
public sealed class LegacyAuditDetailsTests
{
    [Theory]
    [InlineData(AuditActions.RecordCall, "call", "Inbound; 2 person(s)", "着信・2人")]
    [InlineData(AuditActions.RecordCall, "call", "Outbound; 1 person(s)", "発信・1人")]
    [InlineData(AuditActions.RecordCall, "call", "Inbound; inquiry", "着信・照会")]
    [InlineData(AuditActions.RecordReport, "report", "無事; 親族・知人宅; call 12", "安否 無事・避難先 「親族・知人宅」・通話 #12")]
    [InlineData(AuditActions.RecordReport, "report", "死亡; ; call 3; pending approval", "安否 死亡・避難先の記入なし・通話 #3・承認待ち")]
    [InlineData(AuditActions.SignInFailed, null, "wrong password (3/5 from 203.0.113.50)", "パスワードの誤り（連続 3/5回目・接続元 203.0.113.50）")]
    [InlineData(AuditActions.SignInFailed, null, "unknown user (1/5 from 127.0.0.1)", "存在しないユーザー名（連続 1/5回目・接続元 127.0.0.1）")]
    [InlineData(AuditActions.SignInFailed, null, "locked (from 203.0.113.50)", "ロック中のため拒否（接続元 203.0.113.50）")]
    [InlineData(AuditActions.SignInFailed, null, "disabled", "無効なアカウント")]
    [InlineData(AuditActions.SignOut, "session", "idle", "無操作のため終了")]
    [InlineData(AuditActions.ChangePassword, "user", "wrong current password", "現在のパスワードの誤り（変更していません）")]
    [InlineData(AuditActions.CreateUser, "user", "role Supervisor; site いわき", "役割 スーパーバイザー・拠点 いわき")]
    [InlineData(AuditActions.CreateUser, "user", "role Admin", "役割 管理者")]
    [InlineData(AuditActions.CreateUser, "user", "role Operator; site -", "役割 オペレーター・拠点なし")]
    [InlineData(AuditActions.DisableUser, "user", "sessions ended 1", "サインイン中のセッション 1件を終了")]
    [InlineData(AuditActions.UnlockUser, "user", "addresses cleared 2", "接続元 2件のロックを解除")]
    [InlineData(AuditActions.CreateApiKey, "api-key", "会津若松 集計出力; scope export; prefix cc_ab12", "名前「会津若松 集計出力」・権限 出力・キーの先頭 cc_ab12")]
    [InlineData(AuditActions.CreateApiKey, "api-key", "nightly export; scope read", "名前「nightly export」・権限 読み取り")]
    [InlineData("api", "endpoint", "GET ?q=%E4%BD%90%E8%97%A4 → 200", "GET ?q=%E4%BD%90%E8%97%A4・応答 200")]
    [InlineData("api", "client", "3 request(s) without a valid key or to no API, from 127.0.0.1 in 2026-03-12T00:15Z: 401×2, 404×1; with a key 0; first GET /api/me?call=x",
        "有効なキーのない要求・APIにない宛先への要求 3件・接続元 127.0.0.1・2026/03/12 09:15（日本時間）の1分間・応答 401×2、404×1・うちキー付き 0件・最初の要求 GET /api/me?call=x")]
    [InlineData(AuditActions.ViewResidentList, "resident-list", "/residents/list?status=Missing&district=%E6%B5%9C%E5%8C%BA&sort=ResidentNo; rows 3-5 of 9",
        "安否 行方不明・行政区 浜区・並び順 住民番号・3〜5件目／全9件")]
    [InlineData(AuditActions.ViewList, "approvals", "rows 1", "承認待ち 1件を表示")]
    [InlineData(AuditActions.ViewList, "provisional", "rows 4", "仮登録 4人を表示")]
    [InlineData(AuditActions.ViewList, "review-queue", "rows 0", "要確認の行 0件を表示")]
    [InlineData(AuditActions.ViewList, "outbound", "held household shown again", "担当中の世帯を再表示")]
    [InlineData(AuditActions.ViewList, "outbound-campaign", "escalated 1", "要対応の世帯 1件を表示")]
    [InlineData(AuditActions.Export, "export", "?encoding=cp932&district=%E6%B5%9C%E5%8C%BA; rows 12; encoding Cp932; replaced 0; exports page",
        "行政区 浜区・12行・文字コード Shift_JIS（CP932）・出力画面から")]
    [InlineData(AuditActions.Export, "export", "?from=2026-03-01&to=2026-03-12; rows 3; encoding Utf8; replaced 1",
        "期間 2026/03/01〜2026/03/12・3行・文字コード UTF-8・〓に置き換えた文字 1個")]
    [InlineData(AuditActions.MergeProvisional, "resident", "merged 12 into 34", "仮登録（住民ID 12）を住民（住民ID 34）に統合")]
    [InlineData(AuditActions.ClaimHousehold, "household", "until 2026-03-12T01:15:00.0000000Z", "担当期限 2026/03/12 10:15（日本時間）")]
    [InlineData(AuditActions.ClaimHousehold, "household", "callback", "折り返しの予定")]
    [InlineData(AuditActions.OutboundAttempt, "household", "不在; 0240-35-1201; 要対応: 使える番号がない", "不在・0240-35-1201・要対応: 使える番号がない")]
    [InlineData(AuditActions.OutboundAssign, "district", "user 6", "担当 ユーザーID 6")]
    [InlineData(AuditActions.OutboundAssign, "district", "site いわき", "担当 拠点 いわき")]
    [InlineData(AuditActions.OutboundAssign, "assignment", "removed", "割り当てを解除")]
    [InlineData(AuditActions.OutboundAssign, "list", "1 households; user 6", "1世帯・担当 ユーザーID 6")]
    [InlineData(AuditActions.OutboundAssign, "list", "3 households; site いわき; replaced; moved 2 from 要支援者", "3世帯・担当 拠点 いわき・同名のリストを置き換え・リスト「要支援者」から 2世帯を移動")]
    [InlineData(AuditActions.OutboundAssign, "list", "removed; 1 households", "リストを解除（1世帯を通常の発信リストへ戻す）")]
    [InlineData(AuditActions.OutboundRequeue, "household", "bad numbers cleared", "つながらなかった番号の記録を消去")]
    [InlineData(AuditActions.ApproveReport, "report", "死亡; current; いわき中央署 刑事課に電話で確認", "安否 死亡・現在の安否に反映・根拠「いわき中央署 刑事課に電話で確認」")]
    [InlineData(AuditActions.ApproveReport, "report", "行方不明; newer report stays current; 家族から", "安否 行方不明・より新しい報告があるため現在の安否は変えず・根拠「家族から」")]
    [InlineData(AuditActions.RejectReport, "report", "死亡; 本人から無事と電話があった", "安否 死亡・却下の理由「本人から無事と電話があった」")]
    [InlineData(AuditActions.RecordInquiry, "inquiry", "親族・同居者; disclosed: 安否・所在; message; call 7", "照会者 「親族・同居者」・伝えた内容 「安否・所在」・伝言あり・通話 #7")]
    [InlineData(AuditActions.PreviewStatusImport, "status-import", "避難所名簿.csv; 避難所名簿; UTF-8; rows 6, errors 0", "避難所名簿.csv・避難所名簿・文字コード UTF-8・6行・エラー 0件")]
    [InlineData(AuditActions.PreviewStatusImport, "file", "reported 2, queued 4, already imported 0, errors 0; dry run", "記録 2行・要確認 4行・取り込み済み 0行・エラー 0件・確認のみ（書き込みなし）")]
    [InlineData(AuditActions.ImportStatus, "file", "bad.csv; 避難所名簿; UTF-8; reported 0, queued 0, already imported 0, errors 1; refused: nothing written",
        "bad.csv・避難所名簿・文字コード UTF-8・記録 0行・要確認 0行・取り込み済み 0行・エラー 1件・エラーのため何も書き込んでいません")]
    [InlineData(AuditActions.ResolveStatusImport, "status-import-row", "避難所名簿.csv 4行目; 照合済み; report 88", "避難所名簿.csv 4行目・照合済み・安否報告 #88")]
    [InlineData(AuditActions.SkipStatusImport, "status-import-row", "避難所名簿.csv 5行目; 住民番号の記入誤り", "避難所名簿.csv 5行目・理由「住民番号の記入誤り」")]
    [InlineData(AuditActions.ImportResidents, "file", "inserted 2, updated 0, unchanged 0, errors 0; encoding UTF-8; upload 512 bytes; dry run",
        "追加 2件・更新 0件・変更なし 0件・エラー 0件・文字コード UTF-8・ファイル 512バイト・確認のみ（書き込みなし）")]
    [InlineData(AuditActions.ImportResidents, "file", "inserted 11500, updated 0, unchanged 0, errors 0; encoding CP932", "追加 11500件・更新 0件・変更なし 0件・エラー 0件・文字コード CP932")]
    [InlineData(AuditActions.ViewAuditLog, "audit-log", "no filter; rows 5", "条件なし・5件")]
    [InlineData(AuditActions.ViewAuditLog, "audit-log", "user=sato; action=create-user; rows 3", "ユーザー sato・操作 ユーザー追加・3件")]
    [InlineData(AuditActions.ExportAuditLog, "audit-log", "from=2026/03/12; rows 40; complete", "開始 2026/03/12・40件・出力完了")]
    [InlineData(AuditActions.RemoveUnsealedKeys, "key-ring", "removed 2 unencrypted key(s): 1a2b, 3c4d; new keys sealed with DataProtection:KeyFile /etc/cc/keys.bin (id 9f)",
        "暗号化されていない鍵 2件を削除（1a2b, 3c4d）・新しい鍵の保護 鍵ファイル /etc/cc/keys.bin（ID 9f）")]
    public void Translate_ReadsTheOldPattern_InJapanese(string action, string? targetType, string old, string expected)
    {
        Assert.Equal(expected, LegacyAuditDetails.Translate(action, targetType, old));
    }

    [Fact]
    public void Translate_TakesTheInquiryLogsRecordDumpApart()
    {
        // Exactly what the inquiry log page wrote: the filter record's own ToString.
        var dump = $"{new InquiryFilter(new DateOnly(2026, 3, 1), null, InquirerType.Relative, OpenMessagesOnly: true)}; rows 1-2 of 2";
        Assert.StartsWith("InquiryFilter { ", dump, StringComparison.Ordinal);

        var text = LegacyAuditDetails.Translate(AuditActions.ViewInquiries, "inquiries", dump);

        Assert.Equal("期間 2026/03/01〜・照会者 「親族・同居者」・未対応の伝言のみ・1〜2件目／全2件", text);
    }

    [Fact]
    public void Translate_NeverShowsATypeName_EvenForAnUnknownRecordDump()
    {
        var text = LegacyAuditDetails.Translate(AuditActions.Search, null, "SomeFilter { District = 浜区, Confirmed = True, Page =  }");

        Assert.Equal("行政区 浜区・確認済みのみ", text);
        Assert.DoesNotContain("{", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Filter", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Translate_LeavesJapaneseItDoesNotKnow()
    {
        Assert.Null(LegacyAuditDetails.Translate(AuditActions.RecordCall, "call", "着信・要件 安否報告・2人"));
        Assert.Null(LegacyAuditDetails.Translate(AuditActions.ApproveReport, "report", "安否 死亡・現在の安否に反映・根拠「確認」"));
    }
}
