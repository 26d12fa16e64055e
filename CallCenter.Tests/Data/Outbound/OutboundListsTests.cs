using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Outbound;
using CallCenter.Data.Settings;
using CallCenter.Tests.Data.Calls;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Tests.Data.Outbound;

/// <summary>Lists of households given to an operator or a site (issue 7 part 3), on the town of <see cref="OutboundTestData"/>.</summary>
public abstract class OutboundListsTests<TDb> : OutboundDatabaseTests<TDb> where TDb : IDatabaseKind
{
    private async Task<ListAssignmentResult> AssignAsync(string name, string numbers, OperatorContext? to = null, string? site = null)
    {
        var result = await Lists.AssignListAsync(name, numbers, to?.UserId, site, Ops[11], TownScope.All);
        return result;
    }

    private async Task<List<string>> OnListAsync(string name)
    {
        await using var connection = await Connections.OpenAsync();
        return (await connection.QueryAsync<string>("""
            SELECT h.HouseholdNo
              FROM OutboundListAssignments l
              JOIN Households h ON h.HouseholdId = l.HouseholdId
             WHERE l.ListName = @Name
             ORDER BY h.HouseholdNo
            """, new { Name = name })).AsList();
    }

    private async Task<(int Rows, int Audits)> CountsAsync()
    {
        await using var connection = await Connections.OpenAsync();
        return (await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM OutboundListAssignments"),
            await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM AuditLog WHERE Action = @A", new { A = AuditActions.OutboundAssign }));
    }

    [SkippableFact]
    public async Task List_GoesOnlyToItsOperator_AndToThemFirst()
    {
        // HP1 and HC1 (plain, priority 2) to Ops[5]: before the priority-1 households for them, never for anyone else.
        var result = await AssignAsync("仮設住宅A棟", "HP1\nHC1", Ops[5]);
        Assert.Null(result.Error);
        Assert.Equal(2, result.Households);

        Assert.Equal("HP1", await NextAsync(Ops[5]));
        var others = new List<string?>();
        foreach (var op in Ops.Take(5))
        {
            others.Add(await NextAsync(op));
        }
        Assert.Equal(["HV1", "HO1", "HA1", "HI1", null], others);
        Assert.True((await Attempts.RecordAttemptAsync(await IdAsync("HP1"), "0240-10-0001", OutboundOutcome.Busy, null, null, Ops[5])).Saved);
        Assert.Equal("HC1", await NextAsync(Ops[5]));
    }

    [SkippableFact]
    public async Task List_OfResidentNumbers_GoesToTheirHouseholds_AndToEveryoneAtItsSite()
    {
        // P001 and P002 are both of HP1; C002 stands for HC1. Even operators (Ops[1], Ops[3]...) work at いわき.
        var result = await AssignAsync("避難所名簿（汐見小）", "P001、P002、C002", site: "いわき");
        Assert.Null(result.Error);
        Assert.Equal(2, result.Households);
        Assert.Equal(["HC1", "HP1"], await OnListAsync("避難所名簿（汐見小）"));

        Assert.Equal("HV1", await NextAsync(Ops[0]));
        Assert.Equal("HP1", await NextAsync(Ops[1]));
        Assert.Equal("HC1", await NextAsync(Ops[3]));
        Assert.Equal("HO1", await NextAsync(Ops[5]));
        var list = Assert.Single(await Lists.ListsAsync(TownScope.All));
        Assert.Equal(("避難所名簿（汐見小）", (int?)null, "いわき", 2, 2), (list.ListName, list.UserId, list.Site, list.Households, list.Remaining));
    }

    [SkippableFact]
    public async Task List_WinsOverTheDistrictsAssignment()
    {
        // 川区 (HI1, HC1) is Ops[5]'s district, but HI1 is on Ops[6]'s list: Ops[5] gets HC1 although HI1 comes first by priority.
        Assert.Null(await Districts.AssignAsync(TownScope.All, 1, "川区", Ops[5].UserId, null, Ops[11]));
        Assert.Null((await AssignAsync("川区の要確認", "HI1", Ops[6])).Error);

        Assert.Equal("HC1", await NextAsync(Ops[5]));
        Assert.Equal("HI1", await NextAsync(Ops[6]));
        Assert.Equal("HV1", await NextAsync(Ops[0]));
    }

    [SkippableFact]
    public async Task List_WithUnknownNumbers_WritesNothing_AndNamesThem()
    {
        Assert.Null((await AssignAsync("A棟", "HP1", Ops[0])).Error);
        var before = await CountsAsync();

        var result = await AssignAsync("B棟", "HV1\nZZ9, HP1 Q123", Ops[1]);

        Assert.Equal("見つからない番号があります（2件）: ZZ9、Q123。何も割り当てていません。", result.Error);
        Assert.Equal(before, await CountsAsync());
        Assert.Equal(["HP1"], await OnListAsync("A棟"));
        Assert.Empty(await OnListAsync("B棟"));
    }

    [SkippableFact]
    public async Task List_NamesAtMostTwentyUnknownNumbers()
    {
        var numbers = string.Join("\n", Enumerable.Range(1, 25).Select(i => $"X{i:00}"));

        var result = await AssignAsync("多すぎ", numbers, Ops[0]);

        Assert.StartsWith("見つからない番号があります（25件）: X01、X02、", result.Error);
        Assert.Contains("X20 ほか5件", result.Error);
        Assert.DoesNotContain("X21", result.Error);
    }

    [SkippableTheory]
    [InlineData("", "HP1", true, "リストの名前を入力してください。")]
    [InlineData("123456789012345678901234567890123456789012345678901", "HP1", true, "リストの名前は50文字以内にしてください。")]
    [InlineData("A棟", " 、\n ", true, "世帯番号または住民番号を入力してください。")]
    [InlineData("A棟", "HP1", false, "オペレーターか拠点のどちらか一方を選んでください。")]
    public async Task List_IsRefused_When_ItsNameNumbersOrAssigneeAreMissing(string name, string numbers, bool withOperator, string expected)
    {
        var result = await AssignAsync(name, numbers, withOperator ? Ops[0] : null);

        Assert.Equal(expected, result.Error);
        Assert.Equal((0, 0), await CountsAsync());
    }

    [SkippableFact]
    public async Task List_MovesHouseholdsFromAnotherList_AndReplacesAListOfTheSameName()
    {
        Assert.Null((await AssignAsync("A棟", "HP1 HV1", Ops[0])).Error);

        var moved = await AssignAsync("B棟", "HV1,HC1", Ops[1]);
        Assert.Equal([new MovedHouseholds("A棟", 1)], moved.Moved);
        Assert.Equal("「B棟」に 2 世帯を割り当てました（「A棟」から 1 世帯を移しました）", moved.Message);
        Assert.Equal(["HP1"], await OnListAsync("A棟"));
        Assert.Equal(["HC1", "HV1"], await OnListAsync("B棟"));

        var replaced = await AssignAsync("A棟", "HO1", site: "会津若松");
        Assert.True(replaced.Replaced);
        Assert.Empty(replaced.Moved);
        Assert.Equal(["HO1"], await OnListAsync("A棟"));
        var lists = await Lists.ListsAsync(TownScope.All);
        Assert.Equal([("A棟", "会津若松", 1), ("B棟", (string?)null, 2)], lists.Select(l => (l.ListName, l.Site, l.Households)));
    }

    [SkippableFact]
    public async Task RemovingAList_ReturnsItsHouseholdsToTheQueue_AndIsAudited()
    {
        Assert.Null((await AssignAsync("要支援者", "V001", Ops[5])).Error);
        Assert.Equal("HO1", await NextAsync(Ops[0]));

        Assert.Equal(1, await Lists.UnassignListAsync("要支援者", TownScope.All, Ops[11]));

        Assert.Equal("HV1", await NextAsync(Ops[1]));
        Assert.Empty(await Lists.ListsAsync(TownScope.All));
        await using var connection = await Connections.OpenAsync();
        var audits = (await connection.QueryAsync<(string TargetType, string TargetId, string Details)>(
            "SELECT TargetType, TargetId, Details FROM AuditLog WHERE Action = @A ORDER BY AuditId", new { A = AuditActions.OutboundAssign })).AsList();
        Assert.Equal([("list", "要支援者", $"1世帯・担当 オペレーター{Ops[5].UserName![2..]}（{Ops[5].UserName}）"), ("list", "要支援者", "リストを解除（1世帯を通常の発信リストへ戻す）")], audits);
    }

    [SkippableFact]
    public async Task Lists_CountOnlyTheHouseholdsStillWaiting()
    {
        // HN1 has no number (never handed out); HP1 refuses.
        Assert.Null((await AssignAsync("川と浜", "HN1 HP1 HC1", Ops[0])).Error);
        await Queue.RebuildAsync();
        Assert.Equal("HP1", await NextAsync(Ops[0]));
        Assert.True((await Attempts.RecordAttemptAsync(await IdAsync("HP1"), "0240-10-0001", OutboundOutcome.Refused, null, null, Ops[0])).Saved);

        var list = Assert.Single(await Lists.ListsAsync(TownScope.All));

        Assert.Equal((3, 1), (list.Households, list.Remaining));
    }

    [SkippableFact]
    public void ParseNumbers_SplitsOnLinesCommasSpacesAndIdeographicCommas_InFullWidthToo()
    {
        Assert.Equal(["HP1", "HV1", "HC1", "HO1", "HA1"], OutboundLists.ParseNumbers("ＨＰ１、HV1，HC1 \r\n　HO1\tHA1,HP1\n\n"));
        Assert.Empty(OutboundLists.ParseNumbers(null));
    }
}

public sealed class OutboundListsTestsOnSqlite : OutboundListsTests<OnSqlite>;

public sealed class OutboundListsTestsOnSqlServer : OutboundListsTests<OnSqlServer>;
