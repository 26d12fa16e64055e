using CallCenter.Data.Outbound;
using CallCenter.Data.Settings;

namespace CallCenter.Tests.Data.Outbound;

public abstract class OutboundCampaignTests<TDb> : OutboundDatabaseTests<TDb> where TDb : IDatabaseKind
{
    [SkippableFact]
    public async Task Rules_AreSavedAsSettings_And_OutOfRangeValuesSaveNothing()
    {
        Assert.Equal(new OutboundRules(), await Queue.RulesAsync());

        var bad = await Campaign.SaveRulesAsync(new OutboundRules { OldAge = 70, ClaimMinutes = 0 }, Ops[11]);
        Assert.Equal(["担当時間は1～240の範囲で入力してください。"], bad);
        Assert.Equal(75, (await Queue.RulesAsync()).OldAge);

        Assert.Empty(await Campaign.SaveRulesAsync(new OutboundRules { OldAge = 70, MaxAttempts = 5, ReconfirmDays = 10 }, Ops[11]));
        Assert.Equal(new OutboundRules { OldAge = 70, MaxAttempts = 5, ReconfirmDays = 10 }, await Queue.RulesAsync());
        Assert.Equal("70", await new SettingsRepository(Connections).GetAsync("Outbound.OldAge"));
    }
}

public sealed class OutboundCampaignTestsOnSqlite : OutboundCampaignTests<OnSqlite>;

public sealed class OutboundCampaignTestsOnSqlServer : OutboundCampaignTests<OnSqlServer>;
