using Bunit;
using CallCenter.Data;
using CallCenter.Data.Calls;
using CallCenter.Data.TalkScripts;
using CallCenter.Tests.Data;
using CallCenter.Web.Components.Pages.TalkScripts;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.TalkScripts;

/// <summary>The call form's script and FAQ panel over a real SQLite file: search, read, go back; retired ones never show.</summary>
public sealed class TalkScriptSearchPanelTests : MudTestContext
{
    // The search box waits out a 150 ms pause (a real timer) before it searches: on a loaded machine that and the read
    // can take longer than bUnit's default second.
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly TestDatabase.SqliteTestDatabase db = TestDatabase.CreateSqlite();

    public TalkScriptSearchPanelTests()
    {
        db.Migrate();
        Services.AddCallCenterData(db.Configuration);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public override async Task InitializeAsync()
    {
        var scripts = new TalkScriptRepository(db.Connections, TimeProvider.System);
        var by = new OperatorContext(null, "sv", "会津若松");
        await scripts.SaveAsync(new TalkScriptDraft(null, 0, TalkScriptKind.Script, null, "一時帰宅の申込方法",
            "申込書を郵送します。\n実施日は第2・第4土曜日です。", "一時帰宅 申込"), by);
        await scripts.SaveAsync(new TalkScriptDraft(null, 0, TalkScriptKind.Faq, null, "一時帰宅にペットを連れ帰れますか", "はい。ケージは町で用意します。", "ペット"), by);
        var retired = await scripts.SaveAsync(new TalkScriptDraft(null, 0, TalkScriptKind.Script, null, "一時帰宅（旧制度）", "廃止", ""), by);
        await scripts.SetRetiredAsync(retired.TalkScriptId!.Value, 1, retire: true, by);
    }

    protected override ValueTask DisposeTestResourcesAsync() => db.DisposeAsync();

    [Fact]
    public void Typing_ShowsTheActiveHits_BestFirst_AndOpeningOne_ShowsItsBodyWithLineBreaks()
    {
        var cut = Render<TalkScriptSearchPanel>();

        cut.Find("input[data-testid=script-search]").Input("いちじきたく");
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=script-hit]")), Wait);
        cut.Find("input[data-testid=script-search]").Input("一時帰宅");
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=script-hit]").Count), Wait);

        var hits = cut.FindAll("[data-testid=script-hit]");
        Assert.Contains("一時帰宅の申込方法", hits[0].TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(hits, h => h.TextContent.Contains("旧制度", StringComparison.Ordinal));
        Assert.Equal("2 件", cut.Find("[data-testid=script-hit-count]").TextContent.Trim());

        hits[0].Click();
        // Opening a hit reads it from the database: wait for the render that shows it.
        cut.WaitForAssertion(() => Assert.Equal("一時帰宅の申込方法", cut.Find("[data-testid=script-read-title]").TextContent), Wait);
        Assert.Equal("申込書を郵送します。\n実施日は第2・第4土曜日です。", cut.Find("[data-testid=script-read-body]").TextContent);

        cut.Find("[data-testid=script-back]").Click();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=script-hit]").Count), Wait);
    }

    [Fact]
    public void ANoMatch_SaysSo_NamingWhatWasTyped()
    {
        var cut = Render<TalkScriptSearchPanel>();

        cut.Find("input[data-testid=script-search]").Input("除染");

        cut.WaitForAssertion(() => Assert.Equal("「除染」に合うスクリプト・FAQはありません。", cut.Find("[data-testid=script-no-hits]").TextContent.Trim()), Wait);
    }

    [Fact]
    public void ThePanel_BindsItsKeys_ToItself()
    {
        var cut = Render<TalkScriptSearchPanel>();

        var call = Assert.Single(JSInterop.Invocations, i => i.Identifier == "callForm.bindScriptSearch");
        Assert.False(string.IsNullOrEmpty(Assert.IsType<ElementReference>(Assert.Single(call.Arguments)).Id));
        Assert.DoesNotContain(JSInterop.Invocations, i => i.Identifier == "import");
        Assert.NotNull(cut.Find("[data-script-panel]"));
        Assert.Contains("Alt+H", cut.Find("[data-testid=script-search-open]").TextContent, StringComparison.Ordinal);
    }
}
