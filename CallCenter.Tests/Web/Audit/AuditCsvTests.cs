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
    public async Task Write_UsesJapaneseHeaders_JapanTime_JapaneseTexts_And_Crlf()
    {
        var writer = new StringWriter();
        var rows = Rows(new AuditEntry
        {
            OccurredAt = new DateTime(2026, 3, 11, 15, 30, 5, DateTimeKind.Utc),
            UserId = 7,
            UserName = "watanabe",
            Site = "いわき",
            Action = "view-resident",
            TargetType = "resident",
            TargetId = "B0003",
            ResidentId = 3,
            Details = "call-form",
        }, new AuditEntry
        {
            OccurredAt = new DateTime(2026, 3, 11, 15, 31, 0, DateTimeKind.Utc),
            UserId = 7,
            UserName = "watanabe",
            Site = "いわき",
            Action = "record-call",
            TargetType = "call",
            TargetId = "12",
            Details = "Inbound; 2 person(s)",
        });
        var lookups = 0;

        var count = await AuditCsv.WriteAsync(writer, rows, (entries, _) =>
        {
            lookups++;
            Assert.Equal(2, entries.Count);
            return Task.FromResult(Names());
        }, CancellationToken.None);

        Assert.Equal((2, 1), (count, lookups));
        Assert.Equal(
            "日時,ユーザー,拠点,操作,対象種別,対象,住民ID,詳細,表示名,対象の名前,住民,操作コード\r\n" +
            "2026/03/12 00:30:05,watanabe,いわき,住民の閲覧,住民,B0003,3,通話記録の画面で表示,渡邊 美咲,B0003 𠮷田 花子,B0003 𠮷田 花子,view-resident\r\n" +
            "2026/03/12 00:31:00,watanabe,いわき,通話の記録,通話,12,,着信・2人,渡邊 美咲,#12,,record-call\r\n",
            writer.ToString());
    }

    [Fact]
    public async Task Write_LooksNamesUpOncePerBlock()
    {
        var entries = Enumerable.Range(1, AuditCsv.Block * 2 + 1)
            .Select(i => new AuditEntry { OccurredAt = DateTime.UnixEpoch, Action = "sign-in", UserName = "watanabe" }).ToArray();
        var blocks = new List<int>();

        var count = await AuditCsv.WriteAsync(new StringWriter(), Rows(entries), (block, _) =>
        {
            blocks.Add(block.Count);
            return Task.FromResult(AuditNames.Empty);
        }, CancellationToken.None);

        Assert.Equal(AuditCsv.Block * 2 + 1, count);
        Assert.Equal([AuditCsv.Block, AuditCsv.Block, 1], blocks);
    }

    private static AuditNames Names()
    {
        var names = new AuditNames();
        names.UsersById[7] = new AuditUserName { UserId = 7, UserName = "watanabe", DisplayName = "渡邊 美咲" };
        names.ResidentsById[3] = new AuditResidentName { ResidentId = 3, ResidentNo = "B0003", FamilyName = "𠮷田", GivenName = "花子" };
        names.ResidentsByNo["B0003"] = names.ResidentsById[3];
        return names;
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
