using CallCenter.Data.Audit;
using CallCenter.Data.Mailing;
using CallCenter.Data.Outbound;
using CallCenter.Data.Settings;
using CallCenter.Tests.Data.Outbound;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Tests.Data.Mailing;

/// <summary>
/// Returned mail: one or a pasted list of 世帯番号, all or nothing (unknown numbers and households without a 送付先 named,
/// nothing written), the return marked on the household's current address and audited; while it stands the household
/// is on the worklist as 再確認（優先） (unless a higher tier applies) and a new address takes it off.
/// </summary>
public abstract class ReturnedMailRecorderTests<TDb> : OutboundDatabaseTests<TDb> where TDb : IDatabaseKind
{
    private ReturnedMailRecorder Recorder => new(Connections, new AuditRepository(Connections, Clock), new SettingsRepository(Connections), Clock);

    private static readonly DateOnly Today = new(2026, 3, 14);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // Everyone confirmed but HC1's wife: only HC1 is in the safety tiers.
        foreach (var no in new[] { "P001", "P002", "V001", "V002", "O001", "O002", "A001", "I001", "I002", "N001", "N002", "C001" })
        {
            await ConfirmAsync(no);
        }
        await OutboundTestData.SaveRulesAsync(Connections, new OutboundRules());
        await ReturnedMailTestData.AddressAsync(Connections, "HP1", "青木 健一 様", "9650001", "福島県会津若松市北会津町1-2", "市営住宅3号棟 101", new DateOnly(2026, 3, 1));
        await ReturnedMailTestData.AddressAsync(Connections, "HV1", "井上 和夫 様", "9708001", "福島県いわき市平1-1");
        await ReturnedMailTestData.AddressAsync(Connections, "HC1", "工藤 浩 様", "9800001", "宮城県仙台市青葉区1-1");
    }

    private async Task<Dictionary<string, int>> QueueAsync(bool rebuild = true)
    {
        if (rebuild)
        {
            await Queue.RebuildAsync();
        }
        await using var connection = await Connections.OpenAsync();
        return (await connection.QueryAsync<(string No, int Priority)>(
            "SELECT h.HouseholdNo, q.Priority FROM OutboundQueue q JOIN Households h ON h.HouseholdId = q.HouseholdId"))
            .ToDictionary(r => r.No, r => r.Priority);
    }

    [SkippableFact]
    public async Task Record_OneHousehold_MarksItsAddress_AddsAReturn_And_Audits()
    {
        var result = await Recorder.RecordAsync(" HP1 ", new DateOnly(2026, 3, 12), "転居先不明の付箋", Ops[0]);

        Assert.Null(result.Error);
        Assert.Equal("1 世帯の返戻を記録しました（返戻日 2026/03/12）: HP1", result.Message);
        Assert.Equal(new DateOnly(2026, 3, 12), await ReturnedMailTestData.ReturnedOnAsync(Connections, "HP1"));
        Assert.Null(await ReturnedMailTestData.ReturnedOnAsync(Connections, "HV1"));
        await using var connection = await Connections.OpenAsync();
        Assert.Equal("世帯番号 HP1・返戻日 2026/03/12・メモ「転居先不明の付箋」",
            await connection.ExecuteScalarAsync<string>("SELECT Details FROM AuditLog WHERE Action = @Action", new { Action = AuditActions.RecordReturnedMail }));
        var listed = Assert.Single(await Recorder.RecentAsync(10, Ops[0]));
        Assert.Equal(("HP1", "青木 健一 様", "9650001", 1, "転居先不明の付箋", "オペレーター1"),
            (listed.HouseholdNo, listed.Addressee, listed.PostalCode, listed.StillReturned, listed.Note, listed.RecordedByName));
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM AuditLog WHERE Action = @Action AND TargetType = 'returned-mail'",
            new { Action = AuditActions.ViewList }));
    }

    [SkippableFact]
    public async Task Record_APastedList_DefaultsToToday_And_KeepsTheEarliestReturn()
    {
        await Recorder.RecordAsync("HV1", new DateOnly(2026, 3, 10), null, Ops[0]);

        var result = await Recorder.RecordAsync("HP1\r\nＨＶ１、HC1\tHP1", null, null, Ops[0]);

        Assert.Equal(["HP1", "HV1", "HC1"], result.Households);
        Assert.Equal(Today, result.ReturnedOn);
        Assert.Equal(Today, await ReturnedMailTestData.ReturnedOnAsync(Connections, "HP1"));
        Assert.Equal(new DateOnly(2026, 3, 10), await ReturnedMailTestData.ReturnedOnAsync(Connections, "HV1"));
        Assert.Equal(4, await ReturnedMailTestData.ReturnsAsync(Connections));
    }

    [SkippableFact]
    public async Task Record_WritesNothing_When_AnyNumberIsUnknown_Or_HasNoAddress()
    {
        var result = await Recorder.RecordAsync("HP1, H9999, HA1, HX, HN1", null, null, Ops[0]);

        Assert.NotNull(result.Error);
        Assert.Equal("見つからない世帯番号があります（2件）: H9999、HX。 送付先が登録されていない世帯があります（2件）: HA1、HN1。返戻は送付先のある世帯にだけ記録できます。 何も記録していません。",
            result.Message);
        Assert.Equal(0, await ReturnedMailTestData.ReturnsAsync(Connections));
        Assert.Null(await ReturnedMailTestData.ReturnedOnAsync(Connections, "HP1"));
        await using var connection = await Connections.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM AuditLog WHERE Action = @Action", new { Action = AuditActions.RecordReturnedMail }));
    }

    [SkippableTheory]
    [InlineData("", "2026-03-14", null, "世帯番号を入力してください。")]
    [InlineData("HA1", "2026-03-14", null, "送付先が登録されていない世帯があります（1件）: HA1。")]
    [InlineData("HP1", "2026-03-15", null, "返戻日 2026/03/15 は未来の日付です。")]
    [InlineData("HP1", "2026-02-27", null, "返戻日 2026/02/27 より後に今の送付先を登録した世帯があります（1件）: HP1（2026/03/01登録）。")]
    [InlineData("HP1", "2026-03-14", "\u202E付箋", "メモに使用できない制御文字 U+202E が含まれています。")]
    public async Task Record_Refuses_WithAMessageNamingTheProblem(string numbers, string day, string? note, string message)
    {
        var result = await Recorder.RecordAsync(numbers, DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), note, Ops[0]);

        Assert.StartsWith(message, result.Error);
        Assert.Equal(0, await ReturnedMailTestData.ReturnsAsync(Connections));
    }

    [SkippableFact]
    public async Task Returned_QueuesTheHouseholdAsReconfirmFirst_UnlessAHigherTierApplies_UntilANewAddress()
    {
        Assert.Equal(["HC1"], (await QueueAsync()).Keys);

        await Recorder.RecordAsync("HP1 HV1 HC1", new DateOnly(2026, 3, 12), null, Ops[0]);

        // On the worklist at once: recording rebuilt the queue.
        var queue = await QueueAsync(rebuild: false);
        Assert.Equal(OutboundPriority.ReconfirmFirst, queue["HP1"]);
        Assert.Equal(OutboundPriority.ReconfirmFirst, queue["HV1"]);
        Assert.Equal(OutboundPriority.Unconfirmed, queue["HC1"]);
        Assert.Equal(["HC1", "HP1", "HV1"], await DrainAsync());
        var card = await Households.GetHouseholdAsync(await IdAsync("HP1"), TownScope.All);
        Assert.Equal(new DateOnly(2026, 3, 12), card!.MailReturnedOn);
        Assert.Equal(OutboundPriority.ReconfirmFirst, card.Priority);

        // A new address (part C's recorder: a new row, ReturnedOn cleared) takes HP1 out at the next 「次へ」, before any rebuild.
        await ReturnedMailTestData.AddressAsync(Connections, "HP1", "青木 健一 様", "9600001", "福島県福島市1-1", recordedAt: new DateTime(2026, 3, 14, 1, 0, 0, DateTimeKind.Utc));
        await using (var connection = await Connections.OpenAsync())
        {
            await connection.ExecuteAsync("DELETE FROM OutboundClaims");
        }
        Assert.Equal(["HC1", "HV1"], await DrainAsync());
        Assert.Null((await Households.GetHouseholdAsync(await IdAsync("HP1"), TownScope.All))!.MailReturnedOn);
        Assert.Equal(0, (await Recorder.RecentAsync(10, Ops[0])).Single(r => r.HouseholdNo == "HP1").StillReturned);
        Assert.False((await QueueAsync()).ContainsKey("HP1"));
    }
}

public sealed class ReturnedMailRecorderTestsOnSqlite : ReturnedMailRecorderTests<OnSqlite>;

public sealed class ReturnedMailRecorderTestsOnSqlServer : ReturnedMailRecorderTests<OnSqlServer>;
