using CallCenter.Data.Audit;

namespace CallCenter.Web.Components.Pages.Audit;

/// <summary>Japanese labels for the audit log's action names; unknown names are shown as they are.</summary>
public static class AuditActionLabels
{
    /// <summary>The known actions in the order the filter lists them.</summary>
    public static readonly IReadOnlyList<KeyValuePair<string, string>> Known =
    [
        new(AuditActions.SignIn, "サインイン"),
        new(AuditActions.SignInFailed, "サインイン失敗"),
        new(AuditActions.SignOut, "サインアウト"),
        new(AuditActions.ChangePassword, "パスワード変更"),
        new(AuditActions.CreateUser, "ユーザー追加"),
        new(AuditActions.DisableUser, "ユーザー無効化"),
        new(AuditActions.EnableUser, "ユーザー有効化"),
        new(AuditActions.ResetPassword, "パスワード再設定"),
        new(AuditActions.UnlockUser, "ロック解除"),
        new(AuditActions.RemoveUnsealedKeys, "暗号化されていない鍵の削除"),
        new(AuditActions.CreateApiKey, "APIキー作成"),
        new(AuditActions.RevokeApiKey, "APIキー失効"),
        new("api", "API呼び出し"),
        new(AuditActions.Search, "住民検索"),
        new(AuditActions.ViewResident, "住民の閲覧"),
        new(AuditActions.ViewResidentList, "住民一覧の閲覧"),
        new(AuditActions.ViewList, "個人情報を含む一覧の閲覧"),
        new(AuditActions.RecordCall, "通話の記録"),
        new(AuditActions.ViewCall, "通話の閲覧"),
        new(AuditActions.ViewIntentionHouseholds, "帰還意向の世帯一覧の閲覧"),
        new(AuditActions.StartCampaign, "発信キャンペーンの開始"),
        new(AuditActions.EndCampaign, "発信キャンペーンの終了"),
        new(AuditActions.LinkCall, "通話の対象者追加"),
        new(AuditActions.RecordReport, "安否の記録"),
        new(AuditActions.EditWrapUpCodes, "要件リストの変更"),
        new(AuditActions.RecordRequest, "要望・相談の記録"),
        new(AuditActions.EditRequestLists, "要望の分類・担当課の変更"),
        new(AuditActions.SetUserDepartment, "アカウントの担当課の変更"),
        new(AuditActions.SetUserTowns, "アカウントの町の変更"),
        new(AuditActions.SetApiKeyTowns, "APIキーの町の変更"),
        new(AuditActions.EditSurveyRounds, "回答ラウンドの変更"),
        new(AuditActions.RecordIntention, "帰還意向の記録"),
        new(AuditActions.ImportIntentions, "帰還意向の取込"),
        new(AuditActions.CreateAnnouncement, "お知らせの掲示"),
        new(AuditActions.EditAnnouncement, "お知らせの編集"),
        new(AuditActions.WithdrawAnnouncement, "お知らせの取り下げ"),
        new(AuditActions.TellAnnouncement, "お知らせの伝達"),
        new(AuditActions.RecordMailingAddress, "送付先の記録"),
        new(AuditActions.ImportMailing, "送付先の取込"),
        new(AuditActions.EditTalkScript, "応対スクリプト・FAQの変更"),
        new(AuditActions.RecordReturnedMail, "返戻（宛所不明）の記録"),
        new(AuditActions.CreateProvisional, "仮登録"),
        new(AuditActions.MergeProvisional, "仮登録の統合"),
        new(AuditActions.ClaimHousehold, "発信世帯の割り当て"),
        new(AuditActions.ReleaseHousehold, "発信世帯の解放"),
        new(AuditActions.OutboundAttempt, "発信の結果"),
        new(AuditActions.OutboundRequeue, "要対応から戻す"),
        new(AuditActions.OutboundAssign, "担当の割り当て（行政区・リスト）"),
        new(AuditActions.OutboundRules, "発信ルールの変更"),
        new(AuditActions.ApproveReport, "報告の承認"),
        new(AuditActions.RejectReport, "報告の却下"),
        new(AuditActions.RecordInquiry, "照会の記録"),
        new(AuditActions.HandleMessage, "伝言の対応"),
        new(AuditActions.ViewInquiries, "照会記録の閲覧"),
        new(AuditActions.Export, "CSV出力"),
        new(AuditActions.ImportResidents, "住民取り込み"),
        new(AuditActions.AddTown, "町の追加"),
        new(AuditActions.PreviewStatusImport, "安否名簿の確認"),
        new(AuditActions.ImportStatus, "安否名簿の取り込み"),
        new(AuditActions.ResolveStatusImport, "名簿行の照合"),
        new(AuditActions.SkipStatusImport, "名簿行の対象外"),
        new(AuditActions.SeedDemo, "デモデータ作成"),
        new(AuditActions.ViewAuditLog, "監査記録の閲覧"),
        new(AuditActions.ExportAuditLog, "監査記録の出力"),
    ];

    private static readonly Dictionary<string, string> ByName = Known.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    public static string Label(string action) => ByName.GetValueOrDefault(action, action);

    private static readonly Dictionary<string, string> ByLabel = Known.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>The action name for a Japanese label (as the filter shows a chosen action), or the text itself.</summary>
    public static string CodeOf(string labelOrCode) => ByLabel.GetValueOrDefault(labelOrCode, labelOrCode);
}
