using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Settings;

namespace CallCenter.Data.Outbound;

/// <summary>
/// The rules of the outbound campaign (priorities, attempts, claim time), saved by supervisors. The rest of the
/// supervisors' side lives beside it: <see cref="OutboundFigures"/>, <see cref="OutboundEscalations"/>,
/// <see cref="OutboundDistricts"/> and <see cref="OutboundLists"/>.
/// </summary>
public sealed class OutboundCampaign(SettingsRepository settings, AuditRepository audit)
{
    /// <summary>Saves the rules (all of them, or none when one is out of range); returns the problems.</summary>
    public async Task<IReadOnlyList<string>> SaveRulesAsync(OutboundRules rules, OperatorContext by, CancellationToken cancellationToken = default)
    {
        var errors = rules.Validate();
        if (errors.Count > 0)
        {
            return errors;
        }
        foreach (var (name, value) in rules.ToSettings())
        {
            await settings.SetAsync(name, value, cancellationToken);
        }
        await audit.WriteAsync(by, AuditActions.OutboundRules, "settings", "Outbound",
            details: AuditDetails.OutboundRules(rules), cancellationToken: cancellationToken);
        return [];
    }
}
