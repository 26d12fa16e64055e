using CallCenter.Data.Outbound;

namespace CallCenter.Web.Components.Pages.Outbound;

/// <summary>The rules as the supervisor edits them on the campaign page (the form binds these; the record is immutable).</summary>
public sealed class RulesEdit
{
    public bool VulnerableFirst { get; set; }
    public bool LivingAloneFirst { get; set; }
    public int OldAge { get; set; }
    public int InfantAge { get; set; }
    public int ReconfirmDays { get; set; }
    public int ClaimMinutes { get; set; }
    public int MaxAttempts { get; set; }
    public int RetryMinutes { get; set; }
    public int CallbackHoldMinutes { get; set; }
    public int RebuildMinutes { get; set; }

    public static RulesEdit From(OutboundRules rules) => new()
    {
        VulnerableFirst = rules.VulnerableFirst, LivingAloneFirst = rules.LivingAloneFirst, OldAge = rules.OldAge,
        InfantAge = rules.InfantAge, ReconfirmDays = rules.ReconfirmDays, ClaimMinutes = rules.ClaimMinutes,
        MaxAttempts = rules.MaxAttempts, RetryMinutes = rules.RetryMinutes, CallbackHoldMinutes = rules.CallbackHoldMinutes,
        RebuildMinutes = rules.RebuildMinutes,
    };

    public OutboundRules ToRules() => new()
    {
        VulnerableFirst = VulnerableFirst, LivingAloneFirst = LivingAloneFirst, OldAge = OldAge, InfantAge = InfantAge,
        ReconfirmDays = ReconfirmDays, ClaimMinutes = ClaimMinutes, MaxAttempts = MaxAttempts,
        RetryMinutes = RetryMinutes, CallbackHoldMinutes = CallbackHoldMinutes, RebuildMinutes = RebuildMinutes,
    };
}
