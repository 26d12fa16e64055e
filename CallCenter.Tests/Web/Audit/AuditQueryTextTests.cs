using CallCenter.Web.Components.Pages.Audit;

namespace CallCenter.Tests.Web.Audit;

public sealed class AuditQueryTextTests
{
    [Theory]
    [InlineData("", "条件なし")]
    [InlineData("?encoding=utf-8", "条件なし")]
    [InlineData("?status=Missing&district=%E6%B5%9C%E5%8C%BA", "安否 行方不明・行政区 浜区")]
    [InlineData("?pref=15&type=Shelter&vulnerable=true&provisional=all", "避難先 新潟県・避難先種別 避難所・要支援者のみ・仮登録を含む")]
    [InlineData("?prefecture=%E6%96%B0%E6%BD%9F%E7%9C%8C&dates=era", "避難先 新潟県・日付は和暦")]
    [InlineData("?to=2026-03-12&from=2026-03-01&unconfirmed=true&sort=District&desc=true", "期間 2026/03/01〜2026/03/12・未確認のみ・並び順 行政区・降順")]
    public void Describe_ReadsAnOldQueryString_InJapanese(string query, string expected)
    {
        Assert.Equal(expected, AuditQueryText.Describe(query));
    }
}
