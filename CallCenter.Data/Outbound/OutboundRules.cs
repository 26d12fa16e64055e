using System.Globalization;
using CallCenter.Data.Settings;

namespace CallCenter.Data.Outbound;

/// <summary>
/// The rules that build the outbound worklist and govern claims and retries, kept in the Settings table under
/// <c>Outbound.*</c> names so that supervisors can change them while the center runs. A rule set to 0 is off.
/// </summary>
public sealed record OutboundRules
{
    /// <summary>The setting of <see cref="VulnerableFirst"/>.</summary>
    public const string VulnerableFirstKey = "Outbound.VulnerableFirst";
    /// <summary>The setting of <see cref="OldAge"/>.</summary>
    public const string OldAgeKey = "Outbound.OldAge";
    /// <summary>The setting of <see cref="LivingAloneFirst"/>.</summary>
    public const string LivingAloneFirstKey = "Outbound.LivingAloneFirst";
    /// <summary>The setting of <see cref="InfantAge"/>.</summary>
    public const string InfantAgeKey = "Outbound.InfantAge";
    /// <summary>The setting of <see cref="ReconfirmDays"/>.</summary>
    public const string ReconfirmDaysKey = "Outbound.ReconfirmDays";
    /// <summary>The setting of <see cref="ClaimMinutes"/>.</summary>
    public const string ClaimMinutesKey = "Outbound.ClaimMinutes";
    /// <summary>The setting of <see cref="MaxAttempts"/>.</summary>
    public const string MaxAttemptsKey = "Outbound.MaxAttempts";
    /// <summary>The setting of <see cref="RetryMinutes"/>.</summary>
    public const string RetryMinutesKey = "Outbound.RetryMinutes";
    /// <summary>The setting of <see cref="CallbackHoldMinutes"/>.</summary>
    public const string CallbackHoldMinutesKey = "Outbound.CallbackHoldMinutes";
    /// <summary>The setting of <see cref="RebuildMinutes"/>.</summary>
    public const string RebuildMinutesKey = "Outbound.RebuildMinutes";

    /// <summary>When the queue was last built (UTC, round-trip format); not a rule.</summary>
    public const string QueueBuiltAtKey = "Outbound.QueueBuiltAt";

    /// <summary>Households with a 避難行動要支援者 come first.</summary>
    public bool VulnerableFirst { get; init; } = true;

    /// <summary>Households with someone this old or older come first (0: off).</summary>
    public int OldAge { get; init; } = 75;

    /// <summary>Households of one come first.</summary>
    public bool LivingAloneFirst { get; init; } = true;

    /// <summary>Households with a child younger than this come first (0: off).</summary>
    public int InfantAge { get; init; } = 3;

    /// <summary>Confirmed residents whose last report is older than this many days are called again (0: off).</summary>
    public int ReconfirmDays { get; init; }

    /// <summary>How long a claimed household stays with its operator.</summary>
    public int ClaimMinutes { get; init; } = 15;

    /// <summary>K: no-answer attempts per number before the household goes to the supervisors' list.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>How long a household not reached waits before it is handed out again.</summary>
    public int RetryMinutes { get; init; } = 60;

    /// <summary>How long a due callback waits for the operator who took it (while signed in) before anyone gets it.</summary>
    public int CallbackHoldMinutes { get; init; } = 15;

    /// <summary>The queue is rebuilt from the rules when it is older than this.</summary>
    public int RebuildMinutes { get; init; } = 5;

    /// <summary>Every rule with its settings name and value, for saving.</summary>
    public IEnumerable<(string Name, string Value)> ToSettings() =>
    [
        (VulnerableFirstKey, VulnerableFirst ? "1" : "0"),
        (OldAgeKey, Text(OldAge)),
        (LivingAloneFirstKey, LivingAloneFirst ? "1" : "0"),
        (InfantAgeKey, Text(InfantAge)),
        (ReconfirmDaysKey, Text(ReconfirmDays)),
        (ClaimMinutesKey, Text(ClaimMinutes)),
        (MaxAttemptsKey, Text(MaxAttempts)),
        (RetryMinutesKey, Text(RetryMinutes)),
        (CallbackHoldMinutesKey, Text(CallbackHoldMinutes)),
        (RebuildMinutesKey, Text(RebuildMinutes)),
    ];

    /// <summary>Problems with the values, in Japanese (empty when they can be saved).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Range(errors, "高齢の基準", OldAge, 0, 120);
        Range(errors, "乳幼児の基準", InfantAge, 0, 18);
        Range(errors, "再確認までの日数", ReconfirmDays, 0, 365);
        Range(errors, "担当時間", ClaimMinutes, 1, 240);
        Range(errors, "要対応までの回数", MaxAttempts, 1, 20);
        Range(errors, "かけ直しの間隔", RetryMinutes, 0, 1440);
        Range(errors, "折り返しの保留時間", CallbackHoldMinutes, 0, 240);
        Range(errors, "一覧の作り直し間隔", RebuildMinutes, 1, 1440);
        return errors;
    }

    private static void Range(List<string> errors, string label, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{label}は{min}～{max}の範囲で入力してください。");
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads the rules; a missing or unreadable value keeps its default.</summary>
    public static async Task<OutboundRules> LoadAsync(SettingsRepository settings, CancellationToken cancellationToken = default) =>
        From(await LoadSettingsAsync(settings, cancellationToken));

    /// <summary>Every <c>Outbound.*</c> setting (the rules and <see cref="QueueBuiltAtKey"/>) in one read.</summary>
    internal static Task<IReadOnlyDictionary<string, string?>> LoadSettingsAsync(SettingsRepository settings, CancellationToken cancellationToken) =>
        settings.GetManyAsync("Outbound.", cancellationToken);

    /// <summary>The rules in <paramref name="values"/>; a missing or unreadable value keeps its default.</summary>
    internal static OutboundRules From(IReadOnlyDictionary<string, string?> values)
    {
        var d = new OutboundRules();
        return new OutboundRules
        {
            VulnerableFirst = Flag(values, VulnerableFirstKey, d.VulnerableFirst),
            OldAge = Number(values, OldAgeKey, d.OldAge),
            LivingAloneFirst = Flag(values, LivingAloneFirstKey, d.LivingAloneFirst),
            InfantAge = Number(values, InfantAgeKey, d.InfantAge),
            ReconfirmDays = Number(values, ReconfirmDaysKey, d.ReconfirmDays),
            ClaimMinutes = Number(values, ClaimMinutesKey, d.ClaimMinutes),
            MaxAttempts = Number(values, MaxAttemptsKey, d.MaxAttempts),
            RetryMinutes = Number(values, RetryMinutesKey, d.RetryMinutes),
            CallbackHoldMinutes = Number(values, CallbackHoldMinutesKey, d.CallbackHoldMinutes),
            RebuildMinutes = Number(values, RebuildMinutesKey, d.RebuildMinutes),
        };
    }

    private static bool Flag(IReadOnlyDictionary<string, string?> values, string key, bool fallback) =>
        values.TryGetValue(key, out var v) && v is not null ? v.Trim() == "1" : fallback;

    private static int Number(IReadOnlyDictionary<string, string?> values, string key, int fallback) =>
        values.TryGetValue(key, out var v) && int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : fallback;

    /// <summary>
    /// The parameters of the priority statement for a day (Japan date): birth dates on or before
    /// <c>@OldBornBy</c> are old, after <c>@InfantBornAfter</c> infants; reports before <c>@ReconfirmBefore</c> stale.
    /// </summary>
    public PriorityParameters Parameters(DateOnly today, DateTime nowUtc) => new()
    {
        UseVulnerable = VulnerableFirst ? 1 : 0,
        UseAlone = LivingAloneFirst ? 1 : 0,
        OldBornBy = OldAge > 0 ? today.AddYears(-OldAge) : null,
        InfantBornAfter = InfantAge > 0 ? today.AddYears(-InfantAge) : null,
        ReconfirmBefore = ReconfirmDays > 0 ? nowUtc.AddDays(-ReconfirmDays) : null,
    };
}

/// <summary>The parameters <see cref="OutboundQueries.HouseholdPrioritiesSelect"/> reads.</summary>
public sealed class PriorityParameters
{
    /// <summary>1 when households with a vulnerable person come first, else 0.</summary>
    public int UseVulnerable { get; init; }
    /// <summary>1 when households of one come first, else 0.</summary>
    public int UseAlone { get; init; }
    /// <summary>Born on or before this date counts as old; null when the rule is off.</summary>
    public DateOnly? OldBornBy { get; init; }
    /// <summary>Born after this date counts as an infant; null when the rule is off.</summary>
    public DateOnly? InfantBornAfter { get; init; }
    /// <summary>A last report before this time (UTC) is called again; null when the rule is off.</summary>
    public DateTime? ReconfirmBefore { get; init; }
}
