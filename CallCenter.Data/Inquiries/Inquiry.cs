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
    public bool Saved => InquiryId is not null;
}

/// <summary>A stored inquiry, with the resident's name and the operators' names for lists.</summary>
public sealed record Inquiry
{
    public long InquiryId { get; init; }
    public int ResidentId { get; init; }
    public string ResidentNo { get; init; } = "";
    public string FamilyName { get; init; } = "";
    public string GivenName { get; init; } = "";
    public long? CallId { get; init; }
    public string InquirerName { get; init; } = "";
    public string? InquirerRelation { get; init; }
    public InquirerType InquirerType { get; init; }
    public string? InquirerContact { get; init; }
    public string? IdentityCheck { get; init; }
    public DisclosureItems Disclosed { get; init; }
    public string? Message { get; init; }
    public bool MessageOpen { get; init; }
    public DateTime? MessageHandledAt { get; init; }
    public string? MessageHandledBy { get; init; }
    public string? MessageHandledNote { get; init; }
    public string? OperatorName { get; init; }
    public string? Site { get; init; }
    public DateTime InquiredAt { get; init; }
    public string? Note { get; init; }

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
