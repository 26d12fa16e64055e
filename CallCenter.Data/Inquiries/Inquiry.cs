namespace CallCenter.Data.Inquiries;

/// <summary>An inquiry (照会) as the operator records it.</summary>
public sealed record InquiryDraft(
    int ResidentId,
    InquirerType InquirerType,
    string? InquirerName,
    string? InquirerRelation,
    string? InquirerContact,
    string? IdentityCheck,
    DisclosureItems Disclosed,
    string? Message,
    string? Note,
    long? CallId = null);

/// <summary>The outcome of recording an inquiry: the new id, or every problem (in Japanese).</summary>
public sealed record InquirySaveResult(long? InquiryId, IReadOnlyList<string> Errors)
{
    /// <summary>The inquiry was recorded (there were no problems).</summary>
    public bool Saved => InquiryId is not null;
}

/// <summary>A stored inquiry, with the resident's name and the operators' names for lists.</summary>
public sealed record Inquiry
{
    /// <summary>The inquiry's id.</summary>
    public long InquiryId { get; init; }
    /// <summary>The resident asked about.</summary>
    public int ResidentId { get; init; }
    /// <summary>The resident's number (住民番号).</summary>
    public string ResidentNo { get; init; } = "";
    /// <summary>The resident's family name (氏).</summary>
    public string FamilyName { get; init; } = "";
    /// <summary>The resident's given name (名).</summary>
    public string GivenName { get; init; } = "";
    /// <summary>The call the inquiry came in, or null.</summary>
    public long? CallId { get; init; }
    /// <summary>Who asked (照会者の氏名).</summary>
    public string InquirerName { get; init; } = "";
    /// <summary>Their relation to the resident (続柄・関係).</summary>
    public string? InquirerRelation { get; init; }
    /// <summary>Relative, acquaintance or other (照会者の種別): decides what may be told.</summary>
    public InquirerType InquirerType { get; init; }
    /// <summary>The inquirer's phone number (連絡先).</summary>
    public string? InquirerContact { get; init; }
    /// <summary>How the inquirer's identity was checked (本人確認の方法).</summary>
    public string? IdentityCheck { get; init; }
    /// <summary>What the operator told (伝えた項目).</summary>
    public DisclosureItems Disclosed { get; init; }
    /// <summary>A message (伝言) left for the resident, or null.</summary>
    public string? Message { get; init; }
    /// <summary>The message waits to be passed on (未対応).</summary>
    public bool MessageOpen { get; init; }
    /// <summary>When the message was handled (UTC), or null.</summary>
    public DateTime? MessageHandledAt { get; init; }
    /// <summary>Who handled the message, by display name.</summary>
    public string? MessageHandledBy { get; init; }
    /// <summary>How the message was handled.</summary>
    public string? MessageHandledNote { get; init; }
    /// <summary>The operator who took the inquiry, by display name.</summary>
    public string? OperatorName { get; init; }
    /// <summary>The site (拠点) it was taken at.</summary>
    public string? Site { get; init; }
    /// <summary>When the inquiry was made (UTC).</summary>
    public DateTime InquiredAt { get; init; }
    /// <summary>The operator's note (メモ).</summary>
    public string? Note { get; init; }
    /// <summary>The town of the resident asked about.</summary>
    public int TownId { get; init; }

    /// <summary>氏名 of the resident asked about.</summary>
    public string ResidentName => $"{FamilyName}　{GivenName}";
}

/// <summary>The supervisors' inquiry log filter; all parts optional. Dates are Japan dates, inclusive.</summary>
public sealed record InquiryFilter(
    DateOnly? From = null,
    DateOnly? To = null,
    InquirerType? InquirerType = null,
    bool OpenMessagesOnly = false,
    bool DisclosedOnly = false,
    string? ResidentNo = null);

/// <summary>One page of the inquiry log and the number of inquiries behind it.</summary>
public sealed record InquiryPage(IReadOnlyList<Inquiry> Inquiries, int Total);
