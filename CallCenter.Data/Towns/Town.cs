namespace CallCenter.Data.Towns;

/// <summary>
/// A town of the register: its 全国地方公共団体コード and name. <see cref="Code"/> is empty only for the first town of a
/// database migrated from one town before Town:Code was configured.
/// </summary>
public sealed record Town(int TownId, string Code, string Name)
{
    /// <summary>The name with the code, as lists and audit details show a town.</summary>
    public string Label => Code.Length == 0 ? Name : $"{Name}（{Code}）";

    /// <summary>
    /// The phrase an import's audit details name the town with (「町 大熊町（075451）」) when several towns exist; null
    /// for a single-town installation, whose audit rows read as before.
    /// </summary>
    public string? AuditPhrase(bool joint) => joint ? $"町 {Label}" : null;
}
