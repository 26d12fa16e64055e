namespace CallCenter.Data.TalkScripts;

/// <summary>What a talk script is: words to say (スクリプト) or a question with its answer (FAQ). Stored as its number.</summary>
public enum TalkScriptKind
{
    /// <summary>スクリプト: what the operator says, step by step.</summary>
    Script = 1,

    /// <summary>FAQ (よくある質問): a caller's question and its answer.</summary>
    Faq = 2,
}

/// <summary>The Japanese labels of <see cref="TalkScriptKind"/> and of the changes a revision records.</summary>
public static class TalkScriptLabels
{
    /// <summary>「スクリプト」 or 「FAQ」.</summary>
    public static string Of(TalkScriptKind kind) => kind switch
    {
        TalkScriptKind.Script => "スクリプト",
        TalkScriptKind.Faq => "FAQ",
        _ => "不明",
    };

    /// <summary>「作成」「変更」「廃止」「再開」.</summary>
    public static string Of(TalkScriptChange change) => change switch
    {
        TalkScriptChange.Created => "作成",
        TalkScriptChange.Edited => "変更",
        TalkScriptChange.Retired => "廃止",
        TalkScriptChange.Restored => "再開",
        _ => "不明",
    };
}

/// <summary>Which change a revision records (TalkScriptRevisions.Change).</summary>
public enum TalkScriptChange
{
    /// <summary>作成: the script was written.</summary>
    Created = 1,

    /// <summary>変更: its kind, category, title, body or keywords changed.</summary>
    Edited = 2,

    /// <summary>廃止: taken out of the operators' search.</summary>
    Retired = 3,

    /// <summary>再開: offered again after it was retired.</summary>
    Restored = 4,
}
