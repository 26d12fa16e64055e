namespace CallCenter.Data.Calls;

/// <summary>Whether the resident's side or the call center placed the call.</summary>
public enum CallDirection : byte
{
    /// <summary>着信: the caller rang the center.</summary>
    Inbound = 1,
    /// <summary>発信: the center rang out.</summary>
    Outbound = 2,
}

/// <summary>A phone call (通話) to record, about one or several persons, or about no registered person.</summary>
public sealed record NewCall(
    CallDirection Direction,
    string? CallerName,
    string? CallerPhone,
    string? CallerRelation,
    int? OperatorUserId,
    string? Site,
    DateTime StartedAt,
    DateTime? EndedAt,
    string? Note,
    int? WrapUpCodeId = null);
