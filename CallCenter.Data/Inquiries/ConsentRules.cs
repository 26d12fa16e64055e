using CallCenter.Data.Approvals;
using CallCenter.Data.Reports;

namespace CallCenter.Data.Inquiries;

/// <summary>Who is asking about a resident, as the consent tiers ⑫⑬⑭ tell them apart. Stored as its number.</summary>
public enum InquirerType : byte
{
    /// <summary>親族・同居者 (tier ⑫)</summary>
    Relative = 1,
    /// <summary>知人・近隣 (tier ⑬)</summary>
    Acquaintance = 2,
    /// <summary>その他 (報道・団体・不明; tier ⑭)</summary>
    Other = 9,
}

/// <summary>What may be (or was) told to an inquirer; stored as the sum of the flags.</summary>
[Flags]
public enum DisclosureItems
{
    /// <summary>Nothing (or nothing was told).</summary>
    None = 0,
    /// <summary>本人確認事項: name, reading, birth date, sex, address (that the record is this person).</summary>
    Identity = 1,
    /// <summary>安否: safe, injured, hospitalized...</summary>
    Safety = 2,
    /// <summary>負傷・病気の状況.</summary>
    Injury = 4,
    /// <summary>所在: current whereabouts.</summary>
    Whereabouts = 8,
    /// <summary>連絡先.</summary>
    Contact = 16,
}

/// <summary>What an operator may tell one inquirer, and how to say it (Japanese, for the screen).</summary>
/// <param name="Allowed">The items that may be told.</param>
/// <param name="Headline">One sentence the operator reads first.</param>
/// <param name="Guidance">Further instructions, in order.</param>
/// <param name="Basis">The consent answers the decision rests on (⑫ 可 ／ ⑬ 未確認 ／ ⑭ 否).</param>
public sealed record DisclosureDecision(DisclosureItems Allowed, string Headline, IReadOnlyList<string> Guidance, string Basis)
{
    /// <summary>Nothing at all may be told.</summary>
    public bool NothingAllowed => Allowed == DisclosureItems.None;

    /// <summary>Whether every item in <paramref name="items"/> may be told.</summary>
    public bool Permits(DisclosureItems items) => (items & ~Allowed) == DisclosureItems.None;
}

/// <summary>
/// The consent rules of the national safety-information form (⑫⑬⑭), as a pure function.
/// <list type="bullet">
/// <item>⑫ relatives and household members: identity, safety, injury, whereabouts and contact.</item>
/// <item>⑬ acquaintances: identity, safety and injury only.</item>
/// <item>⑭ anyone else (or publication): only whether the person is safe.</item>
/// </list>
/// As in DOMAIN.md: ⑫ and ⑬ hold unless the person declined, so a question never asked (null) still lets a relative
/// or an acquaintance be told their tier's items; ⑭ is a yes/no, and only a yes lets anyone else be told. A
/// relative's items include an acquaintance's, and an acquaintance's include ⑭'s. An explicit no for the
/// inquirer's own tier means nothing at all (the person may be hiding from exactly this inquirer), and the
/// operator does not say that the person declined; a message can always be taken.
/// </summary>
public static class ConsentRules
{
    /// <summary>Everything ⑫ allows.</summary>
    public const DisclosureItems RelativeItems = DisclosureItems.Identity | DisclosureItems.Safety | DisclosureItems.Injury
        | DisclosureItems.Whereabouts | DisclosureItems.Contact;

    /// <summary>Everything ⑬ allows.</summary>
    public const DisclosureItems AcquaintanceItems = DisclosureItems.Identity | DisclosureItems.Safety | DisclosureItems.Injury;

    /// <summary>Everything ⑭ allows.</summary>
    public const DisclosureItems PublicItems = DisclosureItems.Safety;

    /// <summary>Every item, in the order the screen lists them.</summary>
    public static readonly IReadOnlyList<DisclosureItems> AllItems =
        [DisclosureItems.Identity, DisclosureItems.Safety, DisclosureItems.Injury, DisclosureItems.Whereabouts, DisclosureItems.Contact];

    /// <summary>What may be told to <paramref name="inquirer"/> under <paramref name="consent"/>.</summary>
    /// <param name="inquirer">Who asks.</param>
    /// <param name="consent">The person's latest consent answers (<see cref="LatestConsent"/>).</param>
    /// <param name="pendingStatus">A grave status waiting for approval, which must not be told.</param>
    public static DisclosureDecision Decide(InquirerType inquirer, Consent consent, SafetyStatus? pendingStatus = null)
    {
        var own = inquirer switch
        {
            InquirerType.Relative => consent.Relatives,
            InquirerType.Acquaintance => consent.Acquaintances,
            _ => consent.Public,
        };
        var basis = $"⑫親族 {Answer(consent.Relatives)} ／ ⑬知人 {Answer(consent.Acquaintances)} ／ ⑭その他 {Answer(consent.Public)}";
        var guidance = new List<string>();
        if (pendingStatus is { } pending)
        {
            guidance.Add($"承認待ちの「{pending.Label()}」の報告は伝えないでください（確定していません）。");
        }

        if (own == false)
        {
            guidance.Insert(0, "本人が断っていることも伝えないでください。「こちらではお答えできません」とだけ伝えます。");
            guidance.Add("伝言（折り返しの依頼）は預かれます。本人に伝えるかどうかは本人が決めます。");
            return new DisclosureDecision(DisclosureItems.None,
                $"本人が{Tier(inquirer)}への情報提供を断っています。安否を含め、何も伝えないでください。", guidance, basis);
        }

        // ⑫ and ⑬ hold unless the person declined (DOMAIN: "may be told ... unless the person declined"); ⑭ needs a
        // yes. A relative is also an acquaintance and "anyone", so each tier's items include the lower tiers'.
        var allowed = inquirer switch
        {
            InquirerType.Relative => RelativeItems,
            InquirerType.Acquaintance => AcquaintanceItems,
            _ => own == true ? PublicItems : DisclosureItems.None,
        };

        if (allowed == DisclosureItems.None)
        {
            guidance.Insert(0, "「ご本人の同意が確認できていないため、お答えできません」と伝えてください。");
            guidance.Add("伝言（折り返しの依頼）を預かり、本人に同意を確かめてから連絡します。");
            return new DisclosureDecision(DisclosureItems.None,
                $"{Tier(inquirer)}への提供について本人の同意がありません（未確認を含む）。何も伝えないでください。", guidance, basis);
        }

        var told = string.Join("・", AllItems.Where(i => allowed.HasFlag(i)).Select(i => i.ShortLabel()));
        var withheld = AllItems.Where(i => !allowed.HasFlag(i)).Select(i => i.ShortLabel()).ToList();
        if (withheld.Count > 0)
        {
            guidance.Insert(0, $"{string.Join("・", withheld)}は伝えないでください。");
        }
        if (own is null)
        {
            guidance.Add($"{Tier(inquirer)}への提供について本人の意思は未確認ですが、断ってはいないため、この範囲で伝えられます。");
        }
        if (inquirer != InquirerType.Other)
        {
            guidance.Add($"伝える前に、相手が{Tier(inquirer)}であることを確かめ、確かめ方を記録してください。");
        }
        if (!allowed.HasFlag(DisclosureItems.Whereabouts))
        {
            guidance.Add("居場所を知りたい場合は、伝言を預かって本人から連絡してもらいます。");
        }
        return new DisclosureDecision(allowed, $"伝えてよいのは「{told}」です。", guidance, basis);
    }

    /// <summary>
    /// The person's consent as it stands: for each tier, the newest report that answered it (a later report that did
    /// not ask, such as a shelter list, does not erase an answer). Rejected reports do not count.
    /// </summary>
    public static Consent LatestConsent(IEnumerable<SafetyReport> reports)
    {
        var ordered = reports.Where(r => r.Approval != ApprovalState.Rejected)
            .OrderByDescending(r => r.ReportedAt).ThenByDescending(r => r.ReportId).ToList();
        return new Consent(
            ordered.FirstOrDefault(r => r.ConsentRelatives is not null)?.ConsentRelatives,
            ordered.FirstOrDefault(r => r.ConsentAcquaintances is not null)?.ConsentAcquaintances,
            ordered.FirstOrDefault(r => r.ConsentPublic is not null)?.ConsentPublic);
    }

    private static string Answer(bool? consent) => consent switch
    {
        true => "可",
        false => "否",
        null => "未確認",
    };

    private static string Tier(InquirerType inquirer) => inquirer switch
    {
        InquirerType.Relative => "親族・同居者",
        InquirerType.Acquaintance => "知人",
        _ => "その他の人",
    };
}

/// <summary>Japanese labels of the inquiry enums.</summary>
public static class InquiryLabels
{
    /// <summary>The Japanese label of the inquirer's kind (親族・同居者, 知人・近隣, その他).</summary>
    public static string Label(this InquirerType type) => type switch
    {
        InquirerType.Relative => "親族・同居者",
        InquirerType.Acquaintance => "知人・近隣",
        InquirerType.Other => "その他",
        _ => type.ToString(),
    };

    /// <summary>One item's label; several flags are joined with 「・」, none is 「なし」.</summary>
    public static string Label(this DisclosureItems items) => items switch
    {
        DisclosureItems.None => "なし",
        DisclosureItems.Identity => "本人確認事項（氏名・生年月日・性別・住所）",
        DisclosureItems.Safety => "安否",
        DisclosureItems.Injury => "負傷・病気の状況",
        DisclosureItems.Whereabouts => "所在（避難先）",
        DisclosureItems.Contact => "連絡先",
        _ => string.Join("・", ConsentRules.AllItems.Where(i => items.HasFlag(i)).Select(i => i.ShortLabel())),
    };

    /// <summary>A short label for lists and the log.</summary>
    public static string ShortLabel(this DisclosureItems items) => items switch
    {
        DisclosureItems.None => "なし",
        DisclosureItems.Identity => "氏名・生年月日等",
        DisclosureItems.Safety => "安否",
        DisclosureItems.Injury => "負傷",
        DisclosureItems.Whereabouts => "所在",
        DisclosureItems.Contact => "連絡先",
        _ => string.Join("・", ConsentRules.AllItems.Where(i => items.HasFlag(i)).Select(i => i.ShortLabel())),
    };
}
