namespace CallCenter.Data.Requests;

/// <summary>
/// Where a resident's request (要望・相談) stands: 受付 → 回付 → 対応中 → 完了 or 対応不可. Stored as its number in
/// <c>Requests.Status</c> and <c>RequestSteps.Status</c> (migration 0015).
/// </summary>
public enum RequestStatus : byte
{
    /// <summary>受付: recorded, not yet routed.</summary>
    Received = 0,

    /// <summary>回付: handed to a department.</summary>
    Routed = 1,

    /// <summary>対応中: the department is working on it.</summary>
    InProgress = 2,

    /// <summary>完了: done (closes the request).</summary>
    Done = 3,

    /// <summary>対応不可: cannot be done (closes the request).</summary>
    Declined = 4,
}

/// <summary>Labels and rules of <see cref="RequestStatus"/>.</summary>
public static class RequestStatuses
{
    /// <summary>Every status in the order of a request's life.</summary>
    public static IReadOnlyList<RequestStatus> All { get; } =
        [RequestStatus.Received, RequestStatus.Routed, RequestStatus.InProgress, RequestStatus.Done, RequestStatus.Declined];

    /// <summary>The Japanese label (受付, 回付, 対応中, 完了, 対応不可).</summary>
    public static string Label(this RequestStatus status) => status switch
    {
        RequestStatus.Received => "受付",
        RequestStatus.Routed => "回付",
        RequestStatus.InProgress => "対応中",
        RequestStatus.Done => "完了",
        RequestStatus.Declined => "対応不可",
        _ => status.ToString(),
    };

    /// <summary>完了 and 対応不可 close a request; the others leave it open.</summary>
    public static bool IsClosed(this RequestStatus status) => status is RequestStatus.Done or RequestStatus.Declined;

    /// <summary>The status a label names (the labels of <see cref="Label"/>), or null.</summary>
    public static RequestStatus? FromLabel(string? label) =>
        All.Cast<RequestStatus?>().FirstOrDefault(s => s!.Value.Label() == (label ?? "").Trim());
}
