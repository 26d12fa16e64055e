using System.Globalization;
using Bunit;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Residents;
using CallCenter.Web.Components.Pages.Residents;
using CallCenter.Data.Provisional;

namespace CallCenter.Tests.Web.Residents;

/// <summary>The resident page over a real SQLite register with reports and a call.</summary>
public sealed class ResidentPageTests : ConsoleTestContext
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    public override Task InitializeAsync() => SeedAsync();

    [Fact]
    public void History_IsShownNewestFirst_With_SourceReporterAndConsent()
    {
        var cut = Open("K0001");

        var rows = cut.FindAll("[data-testid=history-row]");
        Assert.Equal(3, rows.Count);
        var times = rows.Select(r => DateTime.ParseExact(r.Children[0].TextContent.Trim(), "yyyy/MM/dd HH:mm", CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);
        Assert.Contains("避難所名簿", rows[^1].TextContent, StringComparison.Ordinal);
        Assert.Contains("河東総合体育館", rows[^1].TextContent, StringComparison.Ordinal);
        Assert.Contains("未確認 ／ 未確認 ／ 未確認", Normalize(rows[^1].TextContent), StringComparison.Ordinal);
        Assert.Contains("髙橋 和子（妻）", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("可 ／ 可 ／ 否", Normalize(rows[1].TextContent), StringComparison.Ordinal);
        Assert.Contains("持病（高血圧）の薬あり", rows[1].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void PersonalData_CurrentStatus_AndCalls_AreShown()
    {
        var cut = Open("K0001");

        Assert.Equal("髙橋　一郎", cut.Find("[data-testid=resident-name]").TextContent);
        var facts = cut.Find("[data-testid=resident-facts]").TextContent;
        var birth = cut.Find("[data-testid=birth-date]").TextContent;
        Assert.Contains("昭和26年4月2日", birth, StringComparison.Ordinal);
        Assert.Contains("(1951/04/02)", birth, StringComparison.Ordinal);
        Assert.Contains($"{JapaneseDates.Age(new DateOnly(1951, 4, 2), JapanTime.Today(TimeProvider.System))}歳", facts, StringComparison.Ordinal);
        Assert.Contains("KH01（世帯主）", facts, StringComparison.Ordinal);
        Assert.Contains("汐見町浜一丁目1-1", facts, StringComparison.Ordinal);
        Assert.Contains("0240-12-3456", facts, StringComparison.Ordinal);
        var current = cut.Find("[data-testid=current-status]").TextContent;
        Assert.Contains("無事", current, StringComparison.Ordinal);
        Assert.Contains("山形県 山形市", current, StringComparison.Ordinal);
        Assert.Contains("家族・親族", current, StringComparison.Ordinal);
        Assert.Equal("/residents/K0001/call", cut.Find("a[data-testid=record-call]").GetAttribute("href"));
        var call = cut.Find("[data-testid=call-row]").TextContent;
        Assert.Contains("着信", call, StringComparison.Ordinal);
        Assert.Contains("髙橋 和子", call, StringComparison.Ordinal);
        Assert.Contains("会津若松", call, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=vulnerable-alert]"));
    }

    [Fact]
    public void HouseholdMembers_AreLinked_And_TheLinkedPageLoadsTheOtherPerson()
    {
        var cut = Open("K0001");

        var members = cut.FindAll("[data-testid=household-member]");
        Assert.Equal(["K0003", "K0001", "K0002"], members.Select(m => m.GetAttribute("data-resident-no")));
        Assert.Empty(members[1].QuerySelectorAll("a"));
        Assert.Equal("residents/K0003", members[0].QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("入院中", members[0].QuerySelector("[data-testid=status-chip]")!.TextContent);

        // A household link keeps the same page component and changes its parameter.
        cut.Render(p => p.Add(x => x.ResidentNo, "K0003"));

        cut.WaitForAssertion(() => Assert.Equal("髙橋　トメ", cut.Find("[data-testid=resident-name]").TextContent), Wait);
        Assert.Contains("竹田綜合病院", cut.Find("[data-testid=current-status]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void VulnerablePerson_IsFlaggedWithTheReason()
    {
        var cut = Open("K0003");

        var alert = cut.Find("[data-testid=vulnerable-alert]").TextContent;
        Assert.Contains("避難行動要支援者", alert, StringComparison.Ordinal);
        Assert.Contains("要介護3・歩行困難", alert, StringComparison.Ordinal);
        cut.Find("[data-testid=badge-vulnerable]");
    }

    [Theory]
    [InlineData("Z9999")]
    [InlineData("K0001' OR '1'='1")]
    [InlineData("%E3%81%82")]
    public void UnknownNumber_ShowsAClearMessage(string residentNo)
    {
        var cut = Render<ResidentPage>(p => p.Add(x => x.ResidentNo, residentNo));

        cut.WaitForAssertion(() => Assert.Contains("見つかりません", cut.Find("[data-testid=resident-not-found]").TextContent, StringComparison.Ordinal), Wait);
        Assert.Empty(cut.FindAll("[data-testid=record-call]"));
    }

    [Fact]
    public async Task Opening_IsAuditedOnce_With_TheResident()
    {
        var id = await IdAsync("K0010");

        Open("K0010");

        var entry = Assert.Single(await AuditAsync(AuditActions.ViewResident));
        Assert.Equal(id, entry.ResidentId);
        Assert.Equal("K0010", entry.TargetId);
    }

    [Fact]
    public async Task OthersWithThePageOpen_AreShown_And_LeavingRemovesThisSession()
    {
        var id = await IdAsync("K0007");
        var views = new ResidentViewRepository(Db.Connections, TimeProvider.System);
        await views.HeartbeatAsync(id, "session-other", "sato", "佐藤 係長", "いわき");

        var cut = Open("K0007");

        cut.WaitForAssertion(() => Assert.Contains("佐藤 係長（いわき）もこの人の画面を開いています",
            cut.Find("[data-testid=presence-alert]").TextContent, StringComparison.Ordinal), Wait);
        var seenByOther = await views.HeartbeatAsync(id, "session-other", "sato", "佐藤 係長", "いわき");
        Assert.Equal("試験 オペレーター", Assert.Single(seenByOther).DisplayName);

        await DisposeComponentsAsync();

        Assert.Empty(await views.HeartbeatAsync(id, "session-other", "sato", "佐藤 係長", "いわき"));
    }

    [Fact]
    public async Task ProvisionalPerson_HasABanner_And_AMergedOneLinksToTheResident()
    {
        var service = new ProvisionalPersonService(Db.Connections, TimeProvider.System);
        var by = new OperatorContext(null, "test-operator", "会津若松");
        var (number, errors) = await service.CreateAsync(new ProvisionalPersonDraft("髙橋", "健一", "タカハシ", "ケンイチ", "S50.5.5", Sex.Male, null, null), by);
        Assert.Empty(errors);

        var cut = Open(number!);
        cut.Find("[data-testid=provisional-banner]");
        cut.Find("[data-testid=badge-provisional]");

        var provisionalId = await IdAsync(number!);
        Assert.Null(await service.MergeAsync(provisionalId, await IdAsync("K0004"), by));
        await DisposeComponentsAsync();

        var merged = Open(number!);
        Assert.Equal("residents/K0004", merged.Find("[data-testid=merged-link]").GetAttribute("href"));
        Assert.Empty(merged.FindAll("[data-testid=record-call]"));
    }

    private IRenderedComponent<ResidentPage> Open(string residentNo)
    {
        var cut = Render<ResidentPage>(p => p.Add(x => x.ResidentNo, residentNo));
        cut.WaitForAssertion(() => cut.Find("[data-testid=resident-name]"), Wait);
        return cut;
    }

    private static string Normalize(string text) => string.Join(" ", text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
