using System.Globalization;
using System.Text.RegularExpressions;
using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Common;
using CallCenter.Data.Reports;

namespace CallCenter.Web.Components.Pages.Audit;

/// <summary>
/// An audit row's details as an auditor reads them, in Japanese. Rows written now carry Japanese already
/// (<see cref="AuditDetails"/>) and pass through; rows a town's database holds from earlier versions carry English
/// fragments and record dumps (<c>Inbound; 2 person(s)</c>, <c>InquiryFilter { From = , … }</c>,
/// <c>rows 1-50 of 120</c>): each known old pattern is translated here (<see cref="LegacyAuditDetails"/>). Free text
/// staff typed (a search, a note) is labelled so it cannot be mistaken for the system's words.
/// </summary>
public static partial class AuditDetailsText
{
    /// <summary>The details of <paramref name="entry"/> in Japanese; empty when there are none.</summary>
    public static string Render(AuditEntry entry)
    {
        var details = entry.Details?.Trim();
        if (string.IsNullOrEmpty(details))
        {
            return "";
        }
        return entry.Action switch
        {
            AuditActions.Search => $"検索語「{details}」",
            AuditActions.ViewResident => details switch
            {
                "call-form" => "通話記録の画面で表示",
                "inquiry-form" => "照会記録の画面で表示",
                _ => details,
            },
            AuditActions.CreateProvisional when !details.StartsWith("名簿取り込み", StringComparison.Ordinal) => $"メモ「{details}」",
            AuditActions.HandleMessage => $"対応メモ「{details}」",
            AuditActions.RevokeApiKey when !details.StartsWith("名前「", StringComparison.Ordinal) => $"名前「{details}」",
            _ => LegacyAuditDetails.Translate(entry.Action, entry.TargetType, details) ?? details,
        };
    }

    /// <summary>
    /// The phrases of a details text, split at 「・」 outside 「」 and （）, so a page can wrap between phrases
    /// rather than inside one. Joined again they give the text back.
    /// </summary>
    public static IReadOnlyList<string> Phrases(string text)
    {
        var phrases = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '「' or '（' or '(':
                    depth++;
                    break;
                case '」' or '）' or ')':
                    depth = Math.Max(0, depth - 1);
                    break;
                case '・' when depth == 0:
                    phrases.Add(text[start..(i + 1)]);
                    start = i + 1;
                    break;
            }
        }
        if (start < text.Length)
        {
            phrases.Add(text[start..]);
        }
        return phrases;
    }
}

/// <summary>
/// Translates the details earlier versions wrote in English (or as a C# record's ToString) into the Japanese the
/// current version writes. Each pattern is the exact format an earlier write site produced; text that matches none
/// is returned as null (the caller shows it as it is), except that a record dump anywhere (<c>Name { A = 1 }</c>)
/// is always taken apart so no type name reaches an auditor.
/// </summary>
public static partial class LegacyAuditDetails
{
    /// <summary>The Japanese for an old details text, or null when it is no known old pattern.</summary>
    public static string? Translate(string action, string? targetType, string details) => action switch
    {
        AuditActions.SignInFailed => SignInFailed(details),
        AuditActions.SignOut => details is "sign-out" or "idle" or "disabled" or "password" ? AuditDetails.SessionEnd(details) : null,
        AuditActions.ChangePassword => details switch
        {
            "wrong current password" => "現在のパスワードの誤り（変更していません）",
            "changed" => "変更しました",
            _ => null,
        },
        AuditActions.CreateUser => CreateUser(details),
        AuditActions.DisableUser or AuditActions.ResetPassword => SessionsEnded().Match(details) is { Success: true } m
            ? $"サインイン中のセッション {m.Groups[1].Value}件を終了" : null,
        AuditActions.UnlockUser => AddressesCleared().Match(details) is { Success: true } m
            ? $"接続元 {m.Groups[1].Value}件のロックを解除" : null,
        AuditActions.RemoveUnsealedKeys => RemovedKeys(details),
        AuditActions.CreateApiKey => CreateApiKey(details),
        "api" => Api(targetType, details),
        AuditActions.ViewResidentList => ResidentList(details),
        AuditActions.ViewList => ViewList(targetType, details),
        AuditActions.Export => Export(details),
        AuditActions.RecordCall => RecordCall(details),
        AuditActions.RecordReport => RecordReport(details),
        AuditActions.MergeProvisional => Merged().Match(details) is { Success: true } m
            ? $"仮登録（住民ID {m.Groups[1].Value}）を住民（住民ID {m.Groups[2].Value}）に統合" : null,
        AuditActions.ClaimHousehold => Claim(details),
        AuditActions.OutboundAttempt => details.Contains("; ", StringComparison.Ordinal) ? Semicolons(details) : null,
        AuditActions.OutboundRules => OutboundRules(details),
        AuditActions.OutboundAssign => Assign(targetType, details),
        AuditActions.OutboundRequeue => details == "bad numbers cleared" ? "つながらなかった番号の記録を消去" : null,
        AuditActions.ApproveReport or AuditActions.RejectReport => Decision(details),
        AuditActions.RecordInquiry => Inquiry(details),
        AuditActions.ViewInquiries => Inquiries(details),
        AuditActions.PreviewStatusImport or AuditActions.ImportStatus => StatusImport(details),
        AuditActions.ResolveStatusImport => Resolved().Match(details) is { Success: true } m
            ? AuditDetails.Join(m.Groups["line"].Value, m.Groups["state"].Value, $"安否報告 #{m.Groups["report"].Value}") : null,
        AuditActions.SkipStatusImport => Skipped().Match(details) is { Success: true } m
            ? AuditDetails.Join(m.Groups["line"].Value, m.Groups["reason"].Value.Length > 0 ? $"理由「{m.Groups["reason"].Value}」" : "理由の記入なし") : null,
        AuditActions.ImportResidents => ResidentImport(details),
        AuditActions.ViewAuditLog or AuditActions.ExportAuditLog => AuditLog(details),
        _ => null,
    } ?? RecordDump(details);

    private static string? SignInFailed(string details)
    {
        if (Locked().Match(details) is { Success: true } locked)
        {
            return $"ロック中のため拒否（接続元 {locked.Groups[1].Value}）";
        }
        if (details == "disabled")
        {
            return "無効なアカウント";
        }
        if (Failed().Match(details) is { Success: true } failed)
        {
            var why = failed.Groups["why"].Value == "unknown user" ? "存在しないユーザー名" : "パスワードの誤り";
            return $"{why}（連続 {failed.Groups["n"].Value}/{failed.Groups["limit"].Value}回目・接続元 {failed.Groups["from"].Value}）";
        }
        return null;
    }

    private static string? CreateUser(string details)
    {
        if (Role().Match(details) is not { Success: true } m)
        {
            return null;
        }
        var role = Enum.TryParse<UserRole>(m.Groups["role"].Value, out var parsed) ? parsed.Label() : m.Groups["role"].Value;
        var site = m.Groups["site"].Success ? m.Groups["site"].Value : null;
        return AuditDetails.Join($"役割 {role}", site is null ? null : site == "-" ? "拠点なし" : $"拠点 {site}");
    }

    private static string? RemovedKeys(string details)
    {
        if (RemovedKeysPattern().Match(details) is not { Success: true } m)
        {
            return null;
        }
        var how = m.Groups["how"].Value;
        var sealing = Certificate().Match(how) is { Success: true } c ? $"証明書（拇印 {c.Groups[1].Value}）"
            : KeyFile().Match(how) is { Success: true } k ? $"鍵ファイル {k.Groups[1].Value}（ID {k.Groups[2].Value}）"
            : how;
        return AuditDetails.Join($"暗号化されていない鍵 {m.Groups["n"].Value}件を削除（{m.Groups["ids"].Value}）", $"新しい鍵の保護 {sealing}");
    }

    private static string? CreateApiKey(string details)
    {
        if (ApiKey().Match(details) is not { Success: true } m)
        {
            return null;
        }
        return AuditDetails.Join(
            $"名前「{m.Groups["name"].Value}」",
            $"権限 {ScopeLabel(m.Groups["scope"].Value)}",
            m.Groups["prefix"].Success ? $"キーの先頭 {m.Groups["prefix"].Value}" : null);
    }

    /// <summary>An API key's scope as the API keys page names it.</summary>
    public static string ScopeLabel(string scope) => scope switch
    {
        "read" => "読み取り",
        "export" => "出力",
        _ => scope,
    };

    private static string? Api(string? targetType, string details)
    {
        if (targetType == "client" && Tally().Match(details) is { Success: true } t)
        {
            var minute = DateTime.TryParseExact(t.Groups["minute"].Value, "yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var utc) ? AuditDetails.Time(utc) + "の1分間" : t.Groups["minute"].Value;
            return AuditDetails.Join(
                $"有効なキーのない要求・APIにない宛先への要求 {t.Groups["n"].Value}件",
                $"接続元 {t.Groups["from"].Value}",
                minute,
                $"応答 {t.Groups["statuses"].Value.Replace(", ", "、", StringComparison.Ordinal)}",
                $"うちキー付き {t.Groups["key"].Value}件",
                $"最初の要求 {t.Groups["first"].Value}");
        }
        if (Call().Match(details) is { Success: true } c)
        {
            return AuditDetails.Join($"{c.Groups["method"].Value} {c.Groups["query"].Value}".TrimEnd(), $"応答 {c.Groups["status"].Value}");
        }
        return null;
    }

    private static string? ResidentList(string details)
    {
        if (ListRows().Match(details) is not { Success: true } m)
        {
            return null;
        }
        var href = m.Groups["what"].Value;
        var query = href.IndexOf('?', StringComparison.Ordinal) is var q and >= 0 ? href[q..] : "";
        return AuditDetails.Join(AuditQueryText.Describe(query), Rows(m));
    }

    private static string? ViewList(string? targetType, string details)
    {
        if (details == "held household shown again")
        {
            return "担当中の世帯を再表示";
        }
        if (Count().Match(details) is not { Success: true } m)
        {
            return null;
        }
        var n = m.Groups["n"].Value;
        return (targetType, m.Groups["what"].Value) switch
        {
            ("approvals", "rows") => $"承認待ち {n}件を表示",
            ("provisional", "rows") => $"仮登録 {n}人を表示",
            ("review-queue", "rows") => $"要確認の行 {n}件を表示",
            (_, "escalated") => $"要対応の世帯 {n}件を表示",
            _ => $"{n}件を表示",
        };
    }

    private static string? Export(string details)
    {
        if (ExportPattern().Match(details) is not { Success: true } m)
        {
            return null;
        }
        var encoding = m.Groups["encoding"].Value == "Cp932" ? "Shift_JIS（CP932）" : "UTF-8";
        return AuditDetails.Join(
            AuditQueryText.Describe(m.Groups["query"].Value),
            $"{m.Groups["rows"].Value}行",
            $"文字コード {encoding}",
            m.Groups["replaced"].Value == "0" ? null : $"〓に置き換えた文字 {m.Groups["replaced"].Value}個",
            m.Groups["page"].Success ? "出力画面から" : null);
    }

    private static string? RecordCall(string details)
    {
        if (CallPattern().Match(details) is not { Success: true } m)
        {
            return null;
        }
        var direction = m.Groups["direction"].Value == "Outbound" ? "発信" : "着信";
        return m.Groups["n"].Success ? AuditDetails.Join(direction, $"{m.Groups["n"].Value}人") : AuditDetails.Join(direction, "照会");
    }

    private static string? RecordReport(string details)
    {
        if (ReportPattern().Match(details) is not { Success: true } m)
        {
            return null;
        }
        return AuditDetails.Join(
            $"安否 {m.Groups["status"].Value}",
            m.Groups["where"].Value.Length > 0 ? AuditDetails.Labelled("避難先", m.Groups["where"].Value) : "避難先の記入なし",
            $"通話 #{m.Groups["call"].Value}",
            m.Groups["pending"].Success ? "承認待ち" : null);
    }

    private static string? Claim(string details)
    {
        if (details == "callback")
        {
            return "折り返しの予定";
        }
        if (Until().Match(details) is { Success: true } m
            && DateTime.TryParse(m.Groups[1].Value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var utc))
        {
            return $"担当期限 {AuditDetails.Time(utc)}";
        }
        return null;
    }

    private static readonly Dictionary<string, string> RuleLabels = new(StringComparer.Ordinal)
    {
        ["Outbound.VulnerableFirst"] = "要支援者を優先",
        ["Outbound.OldAge"] = "優先する年齢",
        ["Outbound.LivingAloneFirst"] = "一人暮らしを優先",
        ["Outbound.InfantAge"] = "優先する子の年齢未満",
        ["Outbound.ReconfirmDays"] = "再確認までの日数",
        ["Outbound.ClaimMinutes"] = "担当時間（分）",
        ["Outbound.MaxAttempts"] = "番号ごとの試行回数",
        ["Outbound.RetryMinutes"] = "再発信まで（分）",
        ["Outbound.CallbackHoldMinutes"] = "折り返しの保留（分）",
        ["Outbound.RebuildMinutes"] = "リスト再作成の間隔（分）",
    };

    private static string? OutboundRules(string details)
    {
        var parts = details.Split("; ");
        var phrases = new List<string>();
        foreach (var part in parts)
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0 || !RuleLabels.TryGetValue(part[..eq], out var label))
            {
                return null;
            }
            var value = part[(eq + 1)..];
            phrases.Add(part[..eq] is "Outbound.VulnerableFirst" or "Outbound.LivingAloneFirst"
                ? $"{label} {AuditDetails.YesNo(value == "1")}"
                : $"{label} {(value == "0" ? "しない" : value)}");
        }
        return AuditDetails.Join([.. phrases]);
    }

    private static string? Assign(string? targetType, string details)
    {
        if (details == "removed")
        {
            return "割り当てを解除";
        }
        if (Assignee().Match(details) is { Success: true } a)
        {
            return Assignee(a);
        }
        if (ListRemoved().Match(details) is { Success: true } r)
        {
            return $"リストを解除（{r.Groups[1].Value}世帯を通常の発信リストへ戻す）";
        }
        if (ListAssigned().Match(details) is { Success: true } l)
        {
            var moved = Moved().Matches(l.Groups["moved"].Value).Select(m => $"リスト「{m.Groups[2].Value}」から {m.Groups[1].Value}世帯を移動");
            return AuditDetails.Join([$"{l.Groups["n"].Value}世帯", Assignee(l), l.Groups["replaced"].Success ? "同名のリストを置き換え" : null, .. moved]);
        }
        _ = targetType;
        return null;
    }

    private static string Assignee(Match m) => m.Groups["user"].Success
        ? $"担当 ユーザーID {m.Groups["user"].Value}"
        : $"担当 拠点 {m.Groups["site"].Value}";

    private static string? Decision(string details)
    {
        if (Approved().Match(details) is { Success: true } a)
        {
            return AuditDetails.Join(
                $"安否 {a.Groups["status"].Value}",
                a.Groups["current"].Value == "current" ? "現在の安否に反映" : "より新しい報告があるため現在の安否は変えず",
                Quoted("根拠", a.Groups["text"].Value));
        }
        if (Rejected().Match(details) is { Success: true } r)
        {
            return AuditDetails.Join($"安否 {r.Groups["status"].Value}", Quoted("却下の理由", r.Groups["text"].Value));
        }
        return null;
    }

    private static string? Quoted(string label, string text) => string.IsNullOrWhiteSpace(text) ? null : $"{label}「{text.Trim()}」";

    private static string? Inquiry(string details)
    {
        if (InquiryPattern().Match(details) is not { Success: true } m)
        {
            return null;
        }
        return AuditDetails.Join(
            AuditDetails.Labelled("照会者", m.Groups["type"].Value),
            AuditDetails.Labelled("伝えた内容", m.Groups["told"].Value),
            m.Groups["message"].Success ? "伝言あり" : null,
            $"通話 #{m.Groups["call"].Value}");
    }

    private static string? Inquiries(string details)
    {
        if (ListRows().Match(details) is not { Success: true } m || RecordPattern().Match(m.Groups["what"].Value) is not { Success: true } record)
        {
            return null;
        }
        var values = Properties(record.Groups["props"].Value);
        var type = values.GetValueOrDefault("InquirerType") is { Length: > 0 } t
            ? Enum.TryParse<CallCenter.Data.Inquiries.InquirerType>(t, out var parsed) ? CallCenter.Data.Inquiries.InquiryLabels.Label(parsed) : t
            : null;
        var filter = AuditDetails.Join(
            Period(values.GetValueOrDefault("From"), values.GetValueOrDefault("To")),
            AuditDetails.Labelled("照会者", type),
            values.GetValueOrDefault("OpenMessagesOnly") == "True" ? "未対応の伝言のみ" : null,
            values.GetValueOrDefault("DisclosedOnly") == "True" ? "伝えた照会のみ" : null,
            AuditDetails.Labelled("住民番号", values.GetValueOrDefault("ResidentNo"))) ?? "条件なし";
        return AuditDetails.Join(filter, Rows(m));
    }

    private static string? StatusImport(string details)
    {
        var parts = details.Split("; ");
        var phrases = new List<string?>();
        var known = false;
        foreach (var part in parts)
        {
            if (ImportCounts().Match(part) is { Success: true } c)
            {
                phrases.Add(AuditDetails.StatusImport(Int(c.Groups["r"]), Int(c.Groups["q"]), Int(c.Groups["a"]), Int(c.Groups["e"])));
                known = true;
            }
            else if (PreviewCounts().Match(part) is { Success: true } p)
            {
                phrases.Add($"{p.Groups[1].Value}行");
                phrases.Add($"エラー {p.Groups[2].Value}件");
                known = true;
            }
            else
            {
                phrases.Add(part switch
                {
                    "dry run" => "確認のみ（書き込みなし）",
                    "refused: nothing written" => "エラーのため何も書き込んでいません",
                    "nothing new: nothing written" => "新しい行がないため何も書き込んでいません",
                    "UTF-8" or "CP932" => $"文字コード {part}",
                    _ => AuditDetails.Quoted(part),
                });
            }
        }
        return known ? AuditDetails.Join([.. phrases]) : null;
    }

    private static string? ResidentImport(string details)
    {
        if (RegisterImport().Match(details) is not { Success: true } m)
        {
            return null;
        }
        return AuditDetails.Join(
            $"追加 {m.Groups["i"].Value}件",
            $"更新 {m.Groups["u"].Value}件",
            $"変更なし {m.Groups["c"].Value}件",
            $"エラー {m.Groups["e"].Value}件",
            $"文字コード {m.Groups["encoding"].Value}",
            m.Groups["bytes"].Success ? $"ファイル {Int(m.Groups["bytes"]).ToString("N0", CultureInfo.InvariantCulture)}バイト" : null,
            m.Groups["dry"].Success ? "確認のみ（書き込みなし）" : null);
    }

    private static string? AuditLog(string details)
    {
        if (AuditLogPattern().Match(details) is not { Success: true } m)
        {
            return null;
        }
        var filter = m.Groups["filter"].Value == "no filter"
            ? "条件なし"
            : AuditDetails.Join([.. m.Groups["filter"].Value.Split("; ").Select(FilterPart)]);
        return AuditDetails.Join(filter, $"{m.Groups["rows"].Value}件",
            m.Groups["outcome"].Value switch { "complete" => "出力完了", "aborted" => "出力中断", _ => null });
    }

    /// <summary>One part of the audit page's old filter text (<c>user=sato</c>) in Japanese.</summary>
    private static string FilterPart(string part)
    {
        var eq = part.IndexOf('=', StringComparison.Ordinal);
        var (name, value) = eq < 0 ? (part, "") : (part[..eq], part[(eq + 1)..]);
        return name switch
        {
            "user" => $"ユーザー {value}",
            "action" => $"操作 {AuditActionLabels.Label(value)}",
            "resident" => $"住民 {value}",
            "from" => $"開始 {value}",
            "to" => $"終了 {value}",
            _ => part,
        };
    }

    /// <summary>
    /// Any record dump left in a text (<c>Name { A = 1, B = }</c>): the type name dropped, the properties as
    /// 「A 1」, empty ones left out. Null when the text holds none.
    /// </summary>
    private static string? RecordDump(string details)
    {
        if (!RecordPattern().IsMatch(details))
        {
            return null;
        }
        return RecordPattern().Replace(details, m =>
            AuditDetails.Join([.. Properties(m.Groups["props"].Value).Where(p => p.Value.Length > 0 && p.Value != "False")
                .Select(p => p.Value == "True" ? PropertyLabels.GetValueOrDefault(p.Key, p.Key) : $"{PropertyLabels.GetValueOrDefault(p.Key, p.Key)} {p.Value}")]) ?? "条件なし");
    }

    // The properties the filters and options of this application have had, for a record dump no pattern knows.
    private static readonly Dictionary<string, string> PropertyLabels = new(StringComparer.Ordinal)
    {
        ["From"] = "開始",
        ["To"] = "終了",
        ["Status"] = "安否",
        ["District"] = "行政区",
        ["PrefectureCode"] = "避難先の都道府県",
        ["WhereaboutsType"] = "避難先種別",
        ["Vulnerable"] = "要支援者",
        ["Provisional"] = "仮登録",
        ["Unconfirmed"] = "未確認のみ",
        ["Confirmed"] = "確認済みのみ",
        ["ResidentNo"] = "住民番号",
        ["InquirerType"] = "照会者",
        ["OpenMessagesOnly"] = "未対応の伝言のみ",
        ["DisclosedOnly"] = "伝えた照会のみ",
        ["Encoding"] = "文字コード",
        ["Dates"] = "日付",
        ["UserName"] = "ユーザー",
        ["Action"] = "操作",
        ["ResidentId"] = "住民ID",
    };

    private static Dictionary<string, string> Properties(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match p in Property().Matches(text))
        {
            values[p.Groups["name"].Value] = p.Groups["value"].Value.Trim();
        }
        return values;
    }

    private static string? Period(string? from, string? to)
    {
        DateOnly? Read(string? text) => DateOnly.TryParse(text, CultureInfo.InvariantCulture, out var d)
            || DateOnly.TryParse(text, CultureInfo.GetCultureInfo("ja-JP"), out d) ? d : null;
        var (f, t) = (Read(from), Read(to));
        return f is null && t is null && (!string.IsNullOrEmpty(from) || !string.IsNullOrEmpty(to))
            ? $"期間 {from}〜{to}"
            : AuditDetails.Period(f, t);
    }

    private static string Rows(Match m)
    {
        var (first, last, total) = (Int(m.Groups["first"]), Int(m.Groups["last"]), Int(m.Groups["total"]));
        return AuditDetails.Shown(first, Math.Max(0, last - first + 1), total);
    }

    private static string Semicolons(string details) => AuditDetails.Join([.. details.Split("; ").Select(p => AuditDetails.Quoted(p.Trim()))]) ?? details;

    private static int Int(Group group) => int.Parse(group.Value, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^locked \(from (.+)\)$")]
    private static partial Regex Locked();
    [GeneratedRegex(@"^(?<why>unknown user|wrong password) \((?<n>\d+)/(?<limit>\d+) from (?<from>.+)\)$")]
    private static partial Regex Failed();
    [GeneratedRegex(@"^role (?<role>\w+)(?:; site (?<site>.+))?$")]
    private static partial Regex Role();
    [GeneratedRegex(@"^sessions ended (\d+)$")]
    private static partial Regex SessionsEnded();
    [GeneratedRegex(@"^addresses cleared (\d+)$")]
    private static partial Regex AddressesCleared();
    [GeneratedRegex(@"^removed (?<n>\d+) unencrypted key\(s\): (?<ids>.*); new keys sealed with (?<how>.*)$")]
    private static partial Regex RemovedKeysPattern();
    [GeneratedRegex(@"^the certificate of DataProtection:CertificatePath \(thumbprint (\w+)\)$")]
    private static partial Regex Certificate();
    [GeneratedRegex(@"^DataProtection:KeyFile (.+) \(id (.+)\)$")]
    private static partial Regex KeyFile();
    [GeneratedRegex(@"^(?<name>.+); scope (?<scope>read|export)(?:; prefix (?<prefix>.+))?$")]
    private static partial Regex ApiKey();
    [GeneratedRegex(@"^(?<n>\d+) request\(s\) without a valid key or to no API, from (?<from>\S+) in (?<minute>[\d:T-]+)Z: (?<statuses>.*); with a key (?<key>\d+); first (?<first>.*)$", RegexOptions.Singleline)]
    private static partial Regex Tally();
    [GeneratedRegex(@"^(?<method>[A-Z]+) (?<query>.*) → (?<status>\d{3})$", RegexOptions.Singleline)]
    private static partial Regex Call();
    [GeneratedRegex(@"^(?<what>.*); rows (?<first>\d+)-(?<last>-?\d+) of (?<total>\d+)$", RegexOptions.Singleline)]
    private static partial Regex ListRows();
    [GeneratedRegex(@"^(?<what>rows|escalated) (?<n>\d+)$")]
    private static partial Regex Count();
    [GeneratedRegex(@"^(?<query>\?\S*)?; rows (?<rows>\d+); encoding (?<encoding>Utf8|Cp932); replaced (?<replaced>\d+)(?<page>; exports page)?$")]
    private static partial Regex ExportPattern();
    [GeneratedRegex(@"^(?<direction>Inbound|Outbound); (?:(?<n>\d+) person\(s\)|inquiry)$")]
    private static partial Regex CallPattern();
    [GeneratedRegex(@"^(?<status>未確認|無事|負傷|入院中|行方不明|死亡); (?<where>[^;]*); call (?<call>\d+)(?<pending>; pending approval)?$")]
    private static partial Regex ReportPattern();
    [GeneratedRegex(@"^merged (\d+) into (\d+)$")]
    private static partial Regex Merged();
    [GeneratedRegex(@"^until (\S+)$")]
    private static partial Regex Until();
    [GeneratedRegex(@"^(?:user (?<user>\d+)|site (?<site>.+))$")]
    private static partial Regex Assignee();
    [GeneratedRegex(@"^removed; (\d+) households$")]
    private static partial Regex ListRemoved();
    [GeneratedRegex(@"^(?<n>\d+) households; (?:user (?<user>\d+)|site (?<site>.+?))(?<replaced>; replaced)?(?<moved>(?:; moved \d+ from .+?)*)$")]
    private static partial Regex ListAssigned();
    [GeneratedRegex(@"; moved (\d+) from (.+?)(?=; moved |$)")]
    private static partial Regex Moved();
    [GeneratedRegex(@"^(?<status>未確認|無事|負傷|入院中|行方不明|死亡); (?<current>current|newer report stays current); (?<text>.*)$", RegexOptions.Singleline)]
    private static partial Regex Approved();
    [GeneratedRegex(@"^(?<status>未確認|無事|負傷|入院中|行方不明|死亡); (?<text>.*)$", RegexOptions.Singleline)]
    private static partial Regex Rejected();
    [GeneratedRegex(@"^(?<type>[^;]+); disclosed: (?<told>[^;]*)(?<message>; message)?; call (?<call>\d+)$")]
    private static partial Regex InquiryPattern();
    [GeneratedRegex(@"\b[A-Z]\w* \{ (?<props>[^{}]*) \}")]
    private static partial Regex RecordPattern();
    [GeneratedRegex(@"(?<name>[A-Z]\w*) = (?<value>[^,]*)")]
    private static partial Regex Property();
    [GeneratedRegex(@"^reported (?<r>\d+), queued (?<q>\d+), already imported (?<a>\d+), errors (?<e>\d+)$")]
    private static partial Regex ImportCounts();
    [GeneratedRegex(@"^rows (\d+), errors (\d+)$")]
    private static partial Regex PreviewCounts();
    [GeneratedRegex(@"^(?<line>.+ \d+行目); (?<state>[^;]+); report (?<report>\d+)$")]
    private static partial Regex Resolved();
    [GeneratedRegex(@"^(?<line>.+ \d+行目); (?<reason>.*)$", RegexOptions.Singleline)]
    private static partial Regex Skipped();
    [GeneratedRegex(@"^inserted (?<i>\d+), updated (?<u>\d+), unchanged (?<c>\d+), errors (?<e>\d+); encoding (?<encoding>[^;]+)(?:; upload (?<bytes>\d+) bytes)?(?<dry>; dry run)?$")]
    private static partial Regex RegisterImport();
    [GeneratedRegex(@"^(?<filter>no filter|\w+=.*?); rows (?<rows>\d+)(?:; (?<outcome>complete|aborted))?$")]
    private static partial Regex AuditLogPattern();
}
