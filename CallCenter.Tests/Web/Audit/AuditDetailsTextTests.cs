using CallCenter.Data.Audit;
using CallCenter.Web.Components.Pages.Audit;

namespace CallCenter.Tests.Web.Audit;

public sealed class AuditDetailsTextTests
{
    [Theory]
    [InlineData(AuditActions.Search, "たかはし", "検索語「たかはし」")]
    [InlineData(AuditActions.ViewResident, "call-form", "通話記録の画面で表示")]
    [InlineData(AuditActions.ViewResident, "inquiry-form", "照会記録の画面で表示")]
    [InlineData(AuditActions.ViewResident, "通話記録の画面で表示", "通話記録の画面で表示")]
    [InlineData(AuditActions.CreateProvisional, "帰省中の来訪者", "メモ「帰省中の来訪者」")]
    [InlineData(AuditActions.CreateProvisional, "名簿取り込み: 避難所名簿.csv 4行目", "名簿取り込み: 避難所名簿.csv 4行目")]
    [InlineData(AuditActions.HandleMessage, "兄に伝えた", "対応メモ「兄に伝えた」")]
    [InlineData(AuditActions.RevokeApiKey, "会津若松 集計出力", "名前「会津若松 集計出力」")]
    [InlineData(AuditActions.RevokeApiKey, "名前「会津若松 集計出力」", "名前「会津若松 集計出力」")]
    [InlineData(AuditActions.RecordCall, "Inbound; 2 person(s)", "着信・2人")]
    [InlineData(AuditActions.RecordCall, "着信・要件 安否報告・2人", "着信・要件 安否報告・2人")]
    public void Render_LabelsFreeText_TranslatesOldText_And_PassesJapaneseThrough(string action, string details, string expected)
    {
        Assert.Equal(expected, AuditDetailsText.Render(new AuditEntry { Action = action, Details = details }));
    }

    [Fact]
    public void Render_IsEmpty_WithoutDetails()
    {
        Assert.Equal("", AuditDetailsText.Render(new AuditEntry { Action = AuditActions.SignIn }));
    }

    [Fact]
    public void Phrases_SplitAtTheSeparator_OutsideBrackets_And_GiveTheTextBack()
    {
        const string text = "照会者 「親族・同居者」・伝えた内容 安否・通話 #7（着信・照会）";

        var phrases = AuditDetailsText.Phrases(text);

        Assert.Equal(["照会者 「親族・同居者」・", "伝えた内容 安否・", "通話 #7（着信・照会）"], phrases);
        Assert.Equal(text, string.Concat(phrases));
    }
}
