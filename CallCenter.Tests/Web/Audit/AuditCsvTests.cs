using CallCenter.Data.Audit;
using CallCenter.Web.Components.Pages.Audit;

namespace CallCenter.Tests.Web.Audit;

public sealed class AuditCsvTests
{
    [Theory]
    [InlineData("渡邊 美咲", "渡邊 美咲")]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+81 90", "'+81 90")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("line1\nline2", "\"line1\nline2\"")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Cell_GuardsFormulas_And_QuotesPerRfc4180(string? value, string expected)
    {
        Assert.Equal(expected, AuditCsv.Cell(value));
    }

    [Fact]
    public async Task Write_UsesJapaneseHeaders_JapanTime_And_Crlf()
    {
        var writer = new StringWriter();
        var rows = Rows(new AuditEntry
        {
            OccurredAt = new DateTime(2026, 3, 11, 15, 30, 5, DateTimeKind.Utc),
            UserName = "watanabe",
            Site = "いわき",
            Action = "view-resident",
            TargetType = "resident",
            TargetId = "B0003",
            ResidentId = 3,
            Details = "照会, 家族",
        });

        var count = await AuditCsv.WriteAsync(writer, rows, CancellationToken.None);

        Assert.Equal(1, count);
        Assert.Equal(
            "日時,ユーザー,拠点,操作,対象種別,対象,住民ID,詳細\r\n" +
            "2026/03/12 00:30:05,watanabe,いわき,view-resident,resident,B0003,3,\"照会, 家族\"\r\n",
            writer.ToString());
    }

    private static async IAsyncEnumerable<AuditEntry> Rows(params AuditEntry[] entries)
    {
        foreach (var entry in entries)
        {
            await Task.Yield();
            yield return entry;
        }
    }
}
