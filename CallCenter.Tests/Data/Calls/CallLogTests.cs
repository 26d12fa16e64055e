using CallCenter.Data.Towns;
using CallCenter.Data.Accounts;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Tests.Data.Database;
using Dapper;

namespace CallCenter.Tests.Data.Calls;

public abstract class CallLogTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private const int CallCount = 3000;
    private static readonly DateTime Start = new(2026, 3, 11, 0, 0, 0, DateTimeKind.Utc);
    private static readonly string[] Callers = ["双葉 次郎", "浪江 花子", "大熊 健", "富岡 さち", "楢葉 勇"];
    private static readonly string[] Notes = ["仮設住宅の申し込み", "義援金について", "間違い電話", "避難所の場所", "ペットの預け先"];

    private readonly List<Seeded> seeded = [];
    private OperatorContext[] operators = [];
    private IReadOnlyList<WrapUpCode> codes = [];
    private int headId;
    private int wifeId;

    private CallLog Log => new(Connections);

    private sealed record Seeded(long CallId, DateTime StartedAt, int OperatorUserId, string Site, int WrapUpCodeId, CallDirection Direction,
        string CallerName, string? Phone, string Note);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CallTestData.ImportAsync(Connections, CallTestData.FiveMemberRegister);
        headId = (await CallTestData.ResidentAsync(Connections, "K0001")).ResidentId;
        wifeId = (await CallTestData.ResidentAsync(Connections, "K0002")).ResidentId;
        operators =
        [
            await CallTestData.StaffAsync(Connections, TimeProvider.System, "op-aizu", "会津 一子", UserRole.Operator, "会津若松"),
            await CallTestData.StaffAsync(Connections, TimeProvider.System, "op-iwaki", "いわき 二郎", UserRole.Operator, "いわき"),
            await CallTestData.StaffAsync(Connections, TimeProvider.System, "op-koriyama", "郡山 三恵", UserRole.Operator, "会津若松"),
        ];
        codes = await new WrapUpCodes(Connections).ListAsync();
        await using var connection = await Connections.OpenAsync();
        await using var transaction = await Connections.BeginWriteAsync(connection);
        for (var i = 0; i < CallCount; i++)
        {
            // Three calls share each start (ties the keyset must break by id), 13 minutes apart: about 9 days.
            var started = Start.AddMinutes(13 * (i / 3));
            var by = operators[i % 7 % 3];
            var call = new NewCall(i % 4 == 0 ? CallDirection.Outbound : CallDirection.Inbound, Callers[i % 5],
                i % 10 == 0 ? $"090-{1000 + i % 17:D4}-0{i % 5}00" : null, null, by.UserId, by.Site, started, started.AddSeconds(30 + i % 400),
                $"{Notes[i % 5]}（{i}）", codes[i % codes.Count].WrapUpCodeId);
            var id = await CallRepository.InsertAsync(connection, transaction, Connections.Dialect, call, CancellationToken.None);
            seeded.Add(new Seeded(id, started, by.UserId!.Value, by.Site!, call.WrapUpCodeId!.Value, call.Direction, call.CallerName!,
                call.CallerPhone, call.Note!));
            if (i % 100 == 1)
            {
                await connection.ExecuteAsync("INSERT INTO CallResidents (CallId, ResidentId) VALUES (@id, @headId)", new { id, headId }, transaction);
                await connection.ExecuteAsync("INSERT INTO CallResidents (CallId, ResidentId) VALUES (@id, @wifeId)", new { id, wifeId }, transaction);
            }
        }
        await transaction.CommitAsync();
    }

    /// <summary>Every page of a filter, followed by its cursors.</summary>
    private async Task<(List<CallLogEntry> Calls, int Total, int Pages)> AllPagesAsync(CallFilter filter, int take)
    {
        var all = new List<CallLogEntry>();
        CallCursor? after = null;
        var (total, pages) = (0, 0);
        do
        {
            var page = await Log.PageAsync(filter, after, take, TownScope.All);
            Assert.True(page.Calls.Count <= take);
            all.AddRange(page.Calls);
            (total, after) = (page.Total, page.Next);
            pages++;
        }
        while (after is not null && pages < 1000);
        return (all, total, pages);
    }

    private static IEnumerable<long> Expected(IEnumerable<Seeded> calls) =>
        calls.OrderByDescending(c => c.StartedAt).ThenByDescending(c => c.CallId).Select(c => c.CallId);

    public static TheoryData<string> Filters() => ["none", "operator", "site", "code", "direction", "period", "text", "phone", "combined"];

    [SkippableTheory]
    [MemberData(nameof(Filters))]
    public async Task Paging_ShowsEveryMatchingCallOnce_NewestFirst_With_TheTotal(string which)
    {
        var code = codes[2].WrapUpCodeId;
        var from = DateOnly.FromDateTime(JapanTime.FromUtc(Start)).AddDays(2);
        var to = from.AddDays(3);
        var phone = seeded.First(c => c.Phone is not null).Phone!;
        bool InPeriod(Seeded c) => DateOnly.FromDateTime(JapanTime.FromUtc(c.StartedAt)) is var d && d >= from && d <= to;
        var (filter, predicate) = which switch
        {
            "none" => (new CallFilter(), (Func<Seeded, bool>)(_ => true)),
            "operator" => (new CallFilter { OperatorUserId = operators[1].UserId }, c => c.OperatorUserId == operators[1].UserId),
            "site" => (new CallFilter { Site = "いわき" }, c => c.Site == "いわき"),
            "code" => (new CallFilter { WrapUpCodeId = code }, c => c.WrapUpCodeId == code),
            "direction" => (new CallFilter { Direction = CallDirection.Outbound }, c => c.Direction == CallDirection.Outbound),
            "period" => (new CallFilter { From = from, To = to }, InPeriod),
            "text" => (new CallFilter { Text = "義援金" }, c => c.Note.Contains("義援金", StringComparison.Ordinal)),
            // Typed in another form than stored: the calls from that number, through its key.
            "phone" => (new CallFilter { Text = phone.Replace("-", "", StringComparison.Ordinal) }, c => c.Phone == phone),
            _ => (new CallFilter { From = from, To = to, Site = "会津若松", Direction = CallDirection.Inbound, Text = "浪江" },
                c => InPeriod(c) && c.Site == "会津若松" && c.Direction == CallDirection.Inbound && c.CallerName.Contains("浪江", StringComparison.Ordinal)),
        };
        var expected = Expected(seeded.Where(predicate)).ToList();
        Assert.NotEmpty(expected);

        var (calls, total, pages) = await AllPagesAsync(filter, take: 97);

        Assert.Equal(expected.Count, total);
        Assert.Equal(expected, calls.Select(c => c.CallId));
        Assert.Equal(Math.Max(1, (expected.Count + 96) / 97), pages);
    }

    [SkippableFact]
    public async Task Period_IsJapanDates_When_ACallIsJustAfterMidnightInJapan()
    {
        // 15:36 UTC on 3/11 is 00:36 on 3/12 in Japan.
        var late = seeded.First(c => c.StartedAt == Start.AddMinutes(13 * 72));
        Assert.Equal(new DateTime(2026, 3, 11, 15, 36, 0, DateTimeKind.Utc), late.StartedAt);

        var on12th = await AllPagesAsync(new CallFilter { From = new DateOnly(2026, 3, 12), To = new DateOnly(2026, 3, 12) }, 200);
        var on11th = await AllPagesAsync(new CallFilter { From = new DateOnly(2026, 3, 11), To = new DateOnly(2026, 3, 11) }, 200);

        Assert.Contains(late.CallId, on12th.Calls.Select(c => c.CallId));
        Assert.DoesNotContain(late.CallId, on11th.Calls.Select(c => c.CallId));
        Assert.All(on11th.Calls, c => Assert.True(c.StartedAt < new DateTime(2026, 3, 11, 15, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(seeded.Count, on11th.Total + on12th.Total + (await Log.PageAsync(new CallFilter { From = new DateOnly(2026, 3, 13) }, null, 1, TownScope.All)).Total);
    }

    [SkippableFact]
    public async Task Rows_CarryThePersons_OperatorAndWrapUpLabel()
    {
        var linked = seeded[1];
        // A cursor just after the first start: the three oldest calls.
        var page = await Log.PageAsync(new CallFilter(), new CallCursor(Start.AddSeconds(1), 0), 10, TownScope.All);

        var row = page.Calls.Single(c => c.CallId == linked.CallId);
        Assert.Equal(["佐藤　正男", "佐藤　節子"], row.Persons.Select(p => p.Name));
        Assert.Equal(["K0001", "K0002"], row.Persons.Select(p => p.ResidentNo));
        Assert.Equal("いわき 二郎", row.OperatorName);
        Assert.Equal(codes[1].Label, row.WrapUpLabel);
        Assert.Equal(TimeSpan.FromSeconds(31), row.Duration);
        Assert.Empty(page.Calls.Single(c => c.CallId == seeded[0].CallId).Persons);
        Assert.Equal([seeded[2].CallId, seeded[1].CallId, seeded[0].CallId], page.Calls.Select(c => c.CallId));
        Assert.Null(page.Next);
    }

    [SkippableFact]
    public async Task FromNumber_GivesTheNewestCallsFromThatNumber_InAnyForm()
    {
        var phone = seeded.First(c => c.Phone is not null).Phone!;
        var expected = Expected(seeded.Where(c => c.Phone == phone)).Take(3).ToList();

        var calls = await Log.FromNumberAsync("+81 " + phone[1..], 3, TownScope.All);

        Assert.Equal(expected, calls.Select(c => c.CallId));
        Assert.Empty(await Log.FromNumberAsync("123", 3, TownScope.All));
    }

    [SkippableFact]
    public async Task Detail_IsNull_When_ThereIsNoSuchCall()
    {
        Assert.Null(await Log.DetailAsync(999_999, TownScope.All));
        Assert.Equal(seeded[5].CallerName, (await Log.DetailAsync(seeded[5].CallId, TownScope.All))!.CallerName);
    }

    [SkippableTheory]
    [InlineData(nameof(CallLog) + ".PageByTimeSql", "IX_Calls_StartedAt")]
    [InlineData(nameof(CallLog) + ".PageByOperatorSql", "IX_Calls_OperatorUserId")]
    [InlineData(nameof(CallLog) + ".PageByWrapUpSql", "IX_Calls_WrapUpCodeId")]
    [InlineData(nameof(CallLog) + ".PageByPhoneSql", "IX_Calls_CallerPhoneKey")]
    public async Task EachPageStatement_WalksItsIndex_And_NeverScansTheCalls(string statement, string index)
    {
        Skip.If(Db.Provider != DatabaseProvider.Sqlite, "The query plan is read on SQLite.");
        var sql = Connections.Dialect.Render(QueryPlans.Statement(typeof(CallLog), statement.Split('.')[1]));

        var plan = await QueryPlans.ReadAsync(Connections, sql,
            new { From = DateTime.MinValue, BeforeAt = DateTime.MaxValue, BeforeId = 0L, OperatorUserId = 1, Site = (string?)null, WrapUpCodeId = 1,
                Direction = (byte?)null, PhoneKey = "09012345678", Like = (string?)null, Skip = 0, Take = 51 });

        Assert.Contains(plan, d => d.Contains("SEARCH c USING INDEX " + index, StringComparison.Ordinal));
        Assert.DoesNotContain(plan, d => d.StartsWith("SCAN c", StringComparison.Ordinal));
    }
}

public sealed class CallLogTestsOnSqlite : CallLogTests<OnSqlite>;

public sealed class CallLogTestsOnSqlServer : CallLogTests<OnSqlServer>;
