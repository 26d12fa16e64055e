namespace CallCenter.Data.Requests;

/// <summary>Which requests the queue shows by their state: the open ones (受付, 回付, 対応中), the closed ones, or all.</summary>
public enum RequestState : byte
{
    /// <summary>受付, 回付 or 対応中.</summary>
    Open = 0,

    /// <summary>完了 or 対応不可.</summary>
    Closed = 1,

    /// <summary>Every request.</summary>
    All = 2,
}

/// <summary>The queue's filter; every field optional except <see cref="State"/> (default: open requests).</summary>
public sealed record RequestFilter
{
    /// <summary>Open, closed or all (ignored when <see cref="Status"/> names one status).</summary>
    public RequestState State { get; init; } = RequestState.Open;

    /// <summary>One status only.</summary>
    public RequestStatus? Status { get; init; }

    /// <summary>担当課 (supervisors and admins; a department clerk always sees their own).</summary>
    public int? DepartmentId { get; init; }

    /// <summary>分類.</summary>
    public int? CategoryId { get; init; }

    /// <summary>至急 only (true), 通常 only (false), or both.</summary>
    public bool? IsUrgent { get; init; }

    /// <summary>The person's 行政区 (see migration 0017).</summary>
    public string? District { get; init; }

    /// <summary>The person's current prefecture (-1: unknown).</summary>
    public int? PrefectureCode { get; init; }

    /// <summary>The person's age band at 受付 (<see cref="AgeBands"/>).</summary>
    public int? AgeBand { get; init; }

    /// <summary>受付日 from (Japan date, inclusive).</summary>
    public DateOnly? From { get; init; }

    /// <summary>受付日 to (Japan date, inclusive).</summary>
    public DateOnly? To { get; init; }

    /// <summary>Only open requests older than their urgency's overdue days.</summary>
    public bool OverdueOnly { get; init; }
}

/// <summary>
/// What one staff member may see and work: every request (supervisors, admins), one department's (a clerk of that
/// department), or nothing (an operator who belongs to no department).
/// </summary>
/// <param name="SeesAll">Supervisors and admins.</param>
/// <param name="DepartmentId">The clerk's department; null with <paramref name="SeesAll"/> false: none.</param>
/// <param name="DepartmentName">The department's name, for the page.</param>
public sealed record RequestScope(bool SeesAll, int? DepartmentId, string? DepartmentName)
{
    /// <summary>Whether this scope sees anything at all.</summary>
    public bool SeesAny => SeesAll || DepartmentId is not null;

    /// <summary>Whether a request of <paramref name="departmentId"/> is inside the scope.</summary>
    public bool Covers(int departmentId) => SeesAll || DepartmentId == departmentId;
}

/// <summary>One row of the queue.</summary>
public sealed record RequestListItem
{
    /// <summary>受付番号.</summary>
    public long RequestId { get; init; }
    /// <summary>The town of the request's household (migration 0025).</summary>
    public int TownId { get; init; }
    /// <summary>世帯番号.</summary>
    public string HouseholdNo { get; init; } = "";
    /// <summary>The person (null: the whole household).</summary>
    public int? ResidentId { get; init; }
    /// <summary>The person's or (household request) the head's name.</summary>
    public string? PersonName { get; init; }
    /// <summary>行政区 of the person (migration 0017's copy).</summary>
    public string District { get; init; } = "";
    /// <summary>The person's age band at 受付.</summary>
    public int AgeBand { get; init; }
    /// <summary>分類.</summary>
    public string CategoryLabel { get; init; } = "";
    /// <summary>担当課.</summary>
    public string DepartmentName { get; init; } = "";
    /// <summary>至急.</summary>
    public bool IsUrgent { get; init; }
    /// <summary>内容.</summary>
    public string Body { get; init; } = "";
    /// <summary>状況.</summary>
    public RequestStatus Status { get; init; }
    /// <summary>受付日時 (UTC).</summary>
    public DateTime CreatedAt { get; init; }
    /// <summary>最終更新 (UTC).</summary>
    public DateTime UpdatedAt { get; init; }
    /// <summary>Open and older than its urgency's overdue days.</summary>
    public bool IsOverdue { get; init; }
}

/// <summary>A page of the queue.</summary>
/// <param name="Items">The requests shown.</param>
/// <param name="Total">Every request the filter matches.</param>
/// <param name="PageIndex">The page (0-based).</param>
/// <param name="PageSize">Rows per page.</param>
public sealed record RequestQueuePage(IReadOnlyList<RequestListItem> Items, int Total, int PageIndex, int PageSize)
{
    /// <summary>The number of pages (at least 1).</summary>
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>One step of a request's life.</summary>
public sealed record RequestStep
{
    /// <summary>The step's id.</summary>
    public long StepId { get; init; }
    /// <summary>The status it moved to.</summary>
    public RequestStatus Status { get; init; }
    /// <summary>The department it was routed to (回付), else null.</summary>
    public string? DepartmentName { get; init; }
    /// <summary>メモ.</summary>
    public string? Note { get; init; }
    /// <summary>Who (display name), null when unknown.</summary>
    public string? UserName { get; init; }
    /// <summary>When (UTC).</summary>
    public DateTime At { get; init; }
}

/// <summary>A request with its person, household and whole history.</summary>
public sealed record RequestDetail
{
    /// <summary>The request as the queue shows it.</summary>
    public required RequestListItem Request { get; init; }
    /// <summary>The household's id (the resident page link goes to a member).</summary>
    public int HouseholdId { get; init; }
    /// <summary>The resident the page links to: the person, or the household head.</summary>
    public int? SubjectResidentId { get; init; }
    /// <summary>住民番号 of the person (null: household request).</summary>
    public string? ResidentNo { get; init; }
    /// <summary>住民番号 of the person, or of the household head for a household request (the resident page's link).</summary>
    public string? SubjectResidentNo { get; init; }
    /// <summary>The request's current department.</summary>
    public int DepartmentId { get; init; }
    /// <summary>The version a move must name.</summary>
    public int Version { get; init; }
    /// <summary>完了日時 (UTC).</summary>
    public DateTime? ClosedAt { get; init; }
    /// <summary>Every step, oldest first.</summary>
    public required IReadOnlyList<RequestStep> Steps { get; init; }
}

/// <summary>A move of a request to its next status.</summary>
/// <param name="RequestId">受付番号.</param>
/// <param name="ExpectedVersion">The version the clerk saw.</param>
/// <param name="To">The next status.</param>
/// <param name="DepartmentId">The department for 回付, else null.</param>
/// <param name="Note">メモ (required for 対応不可).</param>
public sealed record RequestMove(long RequestId, int ExpectedVersion, RequestStatus To, int? DepartmentId, string? Note);

/// <summary>The outcome of a move: done (with the new version), or refused with a Japanese message and nothing written.</summary>
/// <param name="Error">Why it was refused, or null.</param>
/// <param name="Version">The request's version after the move.</param>
public sealed record RequestMoveResult(string? Error, int Version)
{
    /// <summary>Whether the move was written.</summary>
    public bool Succeeded => Error is null;
}

/// <summary>An entry of the queue's look-up lists (担当課, 分類).</summary>
public sealed record RequestChoice
{
    /// <summary>Its id.</summary>
    public int Id { get; init; }

    /// <summary>Its name.</summary>
    public string Label { get; init; } = "";
}
