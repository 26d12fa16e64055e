using System.Text;
using CallCenter.Data.Exports;
using CallCenter.Data.Imports;
using CallCenter.Data.Mailing;
using CallCenter.Data.Reports;
using CallCenter.Tests.Data.Outbound;
using Dapper;

namespace CallCenter.Tests.Data.Mailing;

/// <summary>
/// mailing.csv and mailing-missing.csv: exact headers, one row per household with a usable address (returned ones and
/// households whose members are all deceased left out, 世帯人数 the living), filters, both encodings.
/// </summary>
public abstract class MailingExportsTests<TDb> : OutboundDatabaseTests<TDb> where TDb : IDatabaseKind
{
    private MailingExports Exports => new(Connections);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await ReturnedMailTestData.AddressAsync(Connections, "HP1", "青木 健一 様", "9650001", "福島県会津若松市北会津町1-2", "市営住宅3号棟 101", new DateOnly(2026, 3, 1));
        await ReturnedMailTestData.AddressAsync(Connections, "HV1", "井上 和夫 様", "9708001", "福島県いわき市平1-1", null, new DateOnly(2026, 2, 10));
        await ReturnedMailTestData.AddressAsync(Connections, "HO1", "上田 博 様", "9800001", "宮城県仙台市青葉区髙松1-1", "=SUM(A1)");
        await ReturnedMailTestData.AddressAsync(Connections, "HC1", "工藤 浩 様", "1000001", "東京都千代田区1-1");
        await ReturnedMailTestData.AddressAsync(Connections, "HA1", "遠藤 誠 様", "9791306", "福島県双葉郡大熊町1-1");
        // HA1's only member died; HO1's mother too (a household of one living member now); HC1's letters come back.
        await ConfirmAsync("A001", SafetyStatus.Deceased);
        await ConfirmAsync("O001", SafetyStatus.Deceased);
        await using var connection = await Connections.OpenAsync();
        await connection.ExecuteAsync("""
            UPDATE HouseholdMailing
               SET ReturnedOn = @On
             WHERE HouseholdId = (SELECT HouseholdId FROM Households WHERE HouseholdNo = 'HC1')
            """, new { On = new DateOnly(2026, 3, 12) });
    }

    private static async Task<List<string>> LinesAsync(Func<Stream, Task<ExportResult>> write, ExportEncoding encoding)
    {
        using var output = new MemoryStream();
        await write(output);
        var bytes = output.ToArray();
        if (encoding == ExportEncoding.Utf8)
        {
            Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
            bytes = bytes[3..];
        }
        var text = (encoding == ExportEncoding.Cp932 ? TextEncodingDetector.Cp932 : new UTF8Encoding(false)).GetString(bytes);
        return [.. text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries)];
    }

    [SkippableTheory]
    [InlineData(ExportEncoding.Utf8)]
    [InlineData(ExportEncoding.Cp932)]
    public async Task Mailing_OneRowPerUsableAddress_InBothEncodings(ExportEncoding encoding)
    {
        var lines = await LinesAsync(o => Exports.MailingAsync(o, null, null, new ExportOptions(encoding)), encoding);

        Assert.Equal("世帯番号,宛名,郵便番号,住所1,住所2,行政区,世帯人数,確認日", lines[0]);
        Assert.Equal([
            "HO1,上田 博 様,980-0001,宮城県仙台市青葉区髙松1-1,'=SUM(A1),山区,1,",
            "HP1,青木 健一 様,965-0001,福島県会津若松市北会津町1-2,市営住宅3号棟 101,浜区,2,2026/03/01",
            "HV1,井上 和夫 様,970-8001,福島県いわき市平1-1,,浜区,2,2026/02/10",
        ], lines[1..]);
    }

    [SkippableFact]
    public async Task Mailing_FiltersByDistrict_And_ByTheAddresssPrefecture_WithEraDates()
    {
        var hama = await LinesAsync(o => Exports.MailingAsync(o, "浜区", 7, new ExportOptions(ExportEncoding.Utf8, ExportDates.Era)), ExportEncoding.Utf8);
        Assert.Equal([
            "HP1,青木 健一 様,965-0001,福島県会津若松市北会津町1-2,市営住宅3号棟 101,浜区,2,令和8年3月1日",
            "HV1,井上 和夫 様,970-8001,福島県いわき市平1-1,,浜区,2,令和8年2月10日",
        ], hama[1..]);
        var miyagi = await LinesAsync(o => Exports.MailingAsync(o, null, 4, new ExportOptions()), ExportEncoding.Utf8);
        Assert.Equal(["HO1"], miyagi[1..].Select(l => l.Split(',')[0]));
    }

    [SkippableFact]
    public async Task Missing_ListsHouseholdsWithoutAUsableAddress_WithTheirNumbers()
    {
        var lines = await LinesAsync(o => Exports.MissingAsync(o, null, null, new ExportOptions()), ExportEncoding.Utf8);

        Assert.Equal("世帯番号,世帯主,行政区,世帯人数,状態,返戻日,返戻した送付先,電話番号一覧", lines[0]);
        // HA1 (all deceased) left out; HC1 returned; HI1 and HN1 never had an address.
        Assert.Equal([
            "HC1,工藤 浩,川区,2,宛所不明,2026/03/12,〒100-0001 東京都千代田区1-1,0240-10-0006",
            "HI1,加藤 大輔,川区,2,送付先なし,,,0240-10-0005",
            "HN1,木村 花子,川区,2,送付先なし,,,",
        ], lines[1..]);
        // prefecture= is a living member's current whereabouts: I001 reported in 福島県 (with a contact number).
        await ConfirmAsync("I001");
        var withWhereabouts = await LinesAsync(o => Exports.MissingAsync(o, "川区", 7, new ExportOptions(ExportEncoding.Cp932)), ExportEncoding.Cp932);
        Assert.Equal(["HI1,加藤 大輔,川区,2,送付先なし,,,0240-10-0005 / 090-1234-5678"], withWhereabouts[1..]);
    }
}

public sealed class MailingExportsTestsOnSqlite : MailingExportsTests<OnSqlite>;

public sealed class MailingExportsTestsOnSqlServer : MailingExportsTests<OnSqlServer>;
