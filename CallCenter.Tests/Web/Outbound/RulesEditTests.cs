using CallCenter.Data.Outbound;
using CallCenter.Web.Components.Pages.Outbound;

namespace CallCenter.Tests.Web.Outbound;

public sealed class RulesEditTests
{
    [Fact]
    public void FromThenToRules_KeepsEveryRule()
    {
        var rules = new OutboundRules
        {
            VulnerableFirst = false, LivingAloneFirst = true, OldAge = 80, InfantAge = 2, ReconfirmDays = 14, ClaimMinutes = 20,
            MaxAttempts = 4, RetryMinutes = 45, CallbackHoldMinutes = 10, RebuildMinutes = 7,
        };

        Assert.Equal(rules, RulesEdit.From(rules).ToRules());
    }

    [Fact]
    public void ToRules_TakesTheEditedValues()
    {
        var edit = RulesEdit.From(new OutboundRules());
        edit.OldAge = 0;
        edit.VulnerableFirst = false;

        Assert.Equal(new OutboundRules { OldAge = 0, VulnerableFirst = false }, edit.ToRules());
    }
}
