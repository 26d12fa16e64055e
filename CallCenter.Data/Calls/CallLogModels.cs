namespace CallCenter.Data.Calls;

/// <summary>Which calls the calls page shows; every part is off when null or blank.</summary>
public sealed record CallFilter
{
    /// <summary>The first day (Japan date) of the period, inclusive.</summary>
    public DateOnly? From { get; init; }
    /// <summary>The last day (Japan date) of the period, inclusive.</summary>
    public DateOnly? To { get; init; }
    /// <summary>The operator who took or placed the call.</summary>
    public int? OperatorUserId { get; init; }
    /// <summary>The site (拠点) the call was taken at.</summary>
    public string? Site { get; init; }
    /// <summary>The wrap-up code (要件).</summary>
    public int? WrapUpCodeId { get; init; }
    /// <summary>着信 or 発信.</summary>
    public CallDirection? Direction { get; init; }
    /// <summary>A word of the caller's name, phone or the call's note; a whole phone number finds the calls from that number.</summary>
    public string? Text { get; init; }
}

/// <summary>Where a page of the calls list ends: the next page starts after this call (newest first).</summary>
/// <param name="StartedAt">The last shown call's start (UTC).</param>
/// <param name="CallId">The last shown call's id.</param>
public sealed record CallCursor(DateTime StartedAt, long CallId);

/// <summary>A person a call was about (a row of CallResidents).</summary>
public sealed record CallPerson
{
    /// <summary>The resident's id.</summary>
    public int ResidentId { get; init; }
    /// <summary>The resident number (住民番号).</summary>
    public required string ResidentNo { get; init; }
    /// <summary>氏.</summary>
    public required string FamilyName { get; init; }
    /// <summary>名.</summary>
    public required string GivenName { get; init; }
    /// <summary>Date of birth, when known.</summary>
    public DateOnly? BirthDate { get; init; }
    /// <summary>The district (行政区).</summary>
    public string? District { get; init; }
    /// <summary>The town the resident belongs to.</summary>
    public int TownId { get; init; }

    /// <summary>氏名 as written, family and given separated by a full-width space.</summary>
    public string Name => $"{FamilyName}　{GivenName}";
}

/// <summary>One call as the calls list and its detail show it.</summary>
public sealed record CallLogEntry
{
    /// <summary>The call's id.</summary>
    public long CallId { get; init; }
    /// <summary>着信 or 発信.</summary>
    public CallDirection Direction { get; init; }
    /// <summary>Who was on the phone.</summary>
    public string? CallerName { get; init; }
    /// <summary>The caller's number as given.</summary>
    public string? CallerPhone { get; init; }
    /// <summary>The caller's relation to the persons (本人, 家族 …).</summary>
    public string? CallerRelation { get; init; }
    /// <summary>The operator's user id.</summary>
    public int? OperatorUserId { get; init; }
    /// <summary>The operator's display name.</summary>
    public string? OperatorName { get; init; }
    /// <summary>The site (拠点).</summary>
    public string? Site { get; init; }
    /// <summary>When the call started (UTC).</summary>
    public DateTime StartedAt { get; init; }
    /// <summary>When the call ended (UTC), when known.</summary>
    public DateTime? EndedAt { get; init; }
    /// <summary>The call's note.</summary>
    public string? Note { get; init; }
    /// <summary>The wrap-up code's id (要件).</summary>
    public int? WrapUpCodeId { get; init; }
    /// <summary>The wrap-up code's label.</summary>
    public string? WrapUpLabel { get; init; }
    /// <summary>The persons the call was about; empty for a call about no registered person.</summary>
    public IReadOnlyList<CallPerson> Persons { get; init; } = [];

    /// <summary>How long the call lasted, when its end is known.</summary>
    public TimeSpan? Duration => EndedAt is { } end && end >= StartedAt ? end - StartedAt : null;
}

/// <summary>A page of the calls list.</summary>
/// <param name="Calls">The calls, newest first.</param>
/// <param name="Total">How many calls the filter matches.</param>
/// <param name="Next">Where the next page starts; null on the last page.</param>
public sealed record CallLogPage(IReadOnlyList<CallLogEntry> Calls, int Total, CallCursor? Next);

/// <summary>The outcome of linking a call to a person.</summary>
/// <param name="Error">A Japanese message when nothing could be linked.</param>
/// <param name="Person">The person linked (also when they were linked already).</param>
/// <param name="Added">A new link was written (false when the call was linked to the person already).</param>
public sealed record CallLinkResult(string? Error, CallPerson? Person, bool Added);
