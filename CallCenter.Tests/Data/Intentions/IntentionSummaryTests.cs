using System.Text.Json;
using CallCenter.Data.Intentions;
using CallCenter.Tests.Data.Calls;
using CallCenter.Tests.Data.Outbound;
using Dapper;

namespace CallCenter.Tests.Data.Intentions;

/// <summary>
/// The intention summary read from the counts migration 0018 keeps, against a fresh GROUP BY over the register and the
/// counting answers, after random answers, replaced answers, heads' moves, changed heads and districts, and across a
/// head's birthday (the age band turns at midnight, Japan time).
/// </summary>
public abstract class IntentionSummaryTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private static readonly IntentionGrouping?[] Groupings =
        [null, IntentionGrouping.District, IntentionGrouping.Prefecture, IntentionGrouping.WhereaboutsType, IntentionGrouping.AgeBand];

    private readonly TestClock clock = new(OutboundTestData.Start);

    private IntentionSummary Summary => new(Connections, clock);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CallTestData.ImportAsync(Connections, OutboundTestData.Register);
    }

    private async Task AssertSameAsFreshAsync(SummaryRound round, string step)
    {
        foreach (var by in Groupings)
        {
            var kept = JsonSerializer.Serialize(await Summary.LoadAsync(round, by));
            var fresh = JsonSerializer.Serialize(await Summary.CountFreshAsync(round, by));
            Assert.True(kept == fresh, $"{step}, by {by}:{Environment.NewLine}kept  {kept}{Environment.NewLine}fresh {fresh}");
        }
    }

    private async Task ExecuteAsync(string sql, object args)
    {
        await using var connection = await Connections.OpenAsync();
        await connection.ExecuteAsync(sql, args);
    }

    [SkippableFact]
    public async Task Summary_EqualsFreshGroupBy_When_AnswersHeadsAndDistrictsChangeAtRandom()
    {
        var random = new Random(17);
        var rounds = new[]
        {
            await IntentionSummaryTestData.RoundAsync(Connections, "2025年度", new DateTime(2025, 4, 1, 0, 0, 0, DateTimeKind.Utc)),
            await IntentionSummaryTestData.RoundAsync(Connections, "2026年度", new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc)),
        };
        var households = await IntentionSummaryTestData.HouseholdIdsAsync(Connections);
        await using (var connection = await Connections.OpenAsync())
        {
            Assert.Equal(households.Count, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM IntentionHouseholds"));
        }
        var residents = new[] { "P001", "P002", "V001", "V002", "O001", "O002", "A001", "I001", "I002", "N001", "N002", "C001", "C002" };
        for (var step = 0; step < 60; step++)
        {
            var round = rounds[random.Next(rounds.Length)];
            switch (random.Next(6))
            {
                case 0 or 1 or 2:
                    await IntentionSummaryTestData.AnswerAsync(Connections, round.RoundId, households[random.Next(households.Count)],
                        IntentionChoices.Intentions[random.Next(4)], new DateOnly(2026, 3, 1).AddDays(step));
                    break;
                case 3:
                    await ExecuteAsync("UPDATE Residents SET PrefectureCode = @Prefecture, WhereaboutsType = @Type WHERE ResidentNo = @No", new
                    {
                        Prefecture = random.Next(3) == 0 ? (int?)null : random.Next(1, 48),
                        Type = random.Next(3) == 0 ? (int?)null : random.Next(0, 11),
                        No = residents[random.Next(residents.Length)],
                    });
                    break;
                case 4:
                    await ExecuteAsync("UPDATE Residents SET Relationship = @Relationship WHERE ResidentNo = @No",
                        new { Relationship = random.Next(2) == 0 ? "世帯主" : "子", No = residents[random.Next(residents.Length)] });
                    break;
                default:
                    await ExecuteAsync("UPDATE Households SET District = @District WHERE HouseholdId = @Id",
                        new { District = new[] { "浜区", "山区", "川区", "新町" }[random.Next(4)], Id = households[random.Next(households.Count)] });
                    break;
            }
            await AssertSameAsFreshAsync(round, $"step {step}");
        }
        foreach (var round in rounds)
        {
            await AssertSameAsFreshAsync(round, "end");
        }
    }

    [SkippableFact]
    public async Task AgeBand_TurnsOnTheHeadsBirthday_When_TheDayPassesInJapan()
    {
        var round = await IntentionSummaryTestData.RoundAsync(Connections, "2025年度", new DateTime(2025, 4, 1, 0, 0, 0, DateTimeKind.Utc));
        var hc1 = await OutboundTestData.HouseholdIdAsync(Connections, "HC1");
        await IntentionSummaryTestData.AnswerAsync(Connections, round.RoundId, hc1, ReturnIntention.Undecided, new DateOnly(2025, 9, 1));
        // 工藤 浩 (HC1's head) was born 1975-10-10: 49 until 2025-10-09 in Japan, 50 from 2025-10-10 00:00 JST.
        clock.Now = new DateTimeOffset(2025, 10, 9, 14, 59, 0, TimeSpan.Zero);
        var before = await Summary.LoadAsync(round, IntentionGrouping.AgeBand);
        Assert.Equal(1, before.Groups.Single(g => g.Key == "40代").Counts.Of(ReturnIntention.Undecided));
        await AssertSameAsFreshAsync(round, "the day before");
        clock.Now = new DateTimeOffset(2025, 10, 9, 15, 0, 0, TimeSpan.Zero);
        var after = await Summary.LoadAsync(round, IntentionGrouping.AgeBand);
        Assert.Equal(1, after.Groups.Single(g => g.Key == "50代").Counts.Of(ReturnIntention.Undecided));
        Assert.Equal(0, after.Groups.SingleOrDefault(g => g.Key == "40代")?.Counts.Answered ?? 0);
        await AssertSameAsFreshAsync(round, "the birthday");
    }

    [SkippableFact]
    public async Task Summary_CountsEveryHouseholdAndTheHeadsGroups_When_SomeHaveAnswered()
    {
        var round = await IntentionSummaryTestData.RoundAsync(Connections, "2026年度", new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc));
        await IntentionSummaryTestData.AnswerAsync(Connections, round.RoundId, await OutboundTestData.HouseholdIdAsync(Connections, "HP1"),
            ReturnIntention.WantsToReturn, new DateOnly(2026, 3, 2));
        await IntentionSummaryTestData.AnswerAsync(Connections, round.RoundId, await OutboundTestData.HouseholdIdAsync(Connections, "HO1"),
            ReturnIntention.WillNotReturn, new DateOnly(2026, 3, 3));
        // HP1's head moves to 福島県 (7), 仮設住宅 (4); the wife's move does not move the household.
        await ExecuteAsync("UPDATE Residents SET PrefectureCode = 7, WhereaboutsType = 4 WHERE ResidentNo = 'P001'", new { });
        await ExecuteAsync("UPDATE Residents SET PrefectureCode = 13, WhereaboutsType = 1 WHERE ResidentNo = 'P002'", new { });

        var town = await Summary.LoadAsync(round, null);
        Assert.Equal((7, 2), (town.Total.Households, town.Total.Answered));
        Assert.Equal([1, 0, 1, 0], town.Total.ByIntention);
        Assert.Empty(town.Groups);

        var byPrefecture = await Summary.LoadAsync(round, IntentionGrouping.Prefecture);
        var fukushima = byPrefecture.Groups.Single(g => g.Label == "福島県");
        Assert.Equal((1, 1, 1), (fukushima.Counts.Households, fukushima.Counts.Answered, fukushima.Counts.Of(ReturnIntention.WantsToReturn)));
        Assert.Equal(6, byPrefecture.Groups.Single(g => g.Label == IntentionSummary.Unknown).Counts.Households);

        var byDistrict = await Summary.LoadAsync(round, IntentionGrouping.District);
        Assert.Equal(new[] { "川区", "山区", "浜区" }.Order(StringComparer.Ordinal), byDistrict.Groups.Select(g => g.Label).Order(StringComparer.Ordinal));
        // 上田 トメ (HO1's head, 昭和14年) is 86: 80〜.
        var byAge = await Summary.LoadAsync(round, IntentionGrouping.AgeBand);
        Assert.Equal(1, byAge.Groups.Single(g => g.Key == "80〜").Counts.Of(ReturnIntention.WillNotReturn));
    }

    [SkippableFact]
    public async Task Summary_EqualsFreshGroupBy_After_ABulkPostalImport_And_TheTriggersCountAgainAfterIt()
    {
        var random = new Random(26);
        var round = await IntentionSummaryTestData.RoundAsync(Connections, "2026年度", new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc));
        var other = await IntentionSummaryTestData.RoundAsync(Connections, "2025年度", new DateTime(2025, 4, 1, 0, 0, 0, DateTimeKind.Utc));
        var households = await IntentionSummaryTestData.HouseholdIdsAsync(Connections);
        // Answers counted by the triggers before the import, in both rounds.
        await IntentionSummaryTestData.AnswerAsync(Connections, round.RoundId, households[0], ReturnIntention.WantsToReturn, new DateOnly(2026, 3, 2));
        await IntentionSummaryTestData.AnswerAsync(Connections, other.RoundId, households[1], ReturnIntention.Undecided, new DateOnly(2025, 6, 1));
        await using (var connection = await Connections.OpenAsync())
        {
            var numbers = (await connection.QueryAsync<string>("SELECT HouseholdNo FROM Households ORDER BY HouseholdId")).AsList();
            // 1,200 lines over a few households: new answers, later-dated replacements, earlier-dated history and repeats.
            var csv = new System.Text.StringBuilder("世帯番号,回答日,帰還意向\n");
            var intentions = new[] { "戻りたい", "判断がつかない", "戻らない", "既に戻っている" };
            for (var i = 0; i < 1_200; i++)
            {
                csv.Append(numbers[random.Next(numbers.Count)]).Append(",2026/03/").Append((1 + random.Next(13)).ToString("00", System.Globalization.CultureInfo.InvariantCulture))
                   .Append(',').Append(intentions[random.Next(intentions.Length)]).Append('\n');
            }
            Assert.True(IntentionImportService.IsBulk(1_200, 1));
            using var stream = new MemoryStream(new System.Text.UTF8Encoding(false).GetBytes(csv.ToString()));
            var result = await new IntentionImportService(Connections, clock).ImportAsync(stream, "postal.csv", "2026年度", dryRun: false,
                new CallCenter.Data.Calls.OperatorContext(null, "test", null));
            Assert.True(result.Committed, string.Join("; ", result.Errors));
            Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM TriggerPauses"));
        }
        await AssertSameAsFreshAsync(round, "after the bulk import");
        await AssertSameAsFreshAsync(other, "the other round after the bulk import");
        // The triggers count again: a later answer and a head's move after the import.
        await IntentionSummaryTestData.AnswerAsync(Connections, round.RoundId, households[2], ReturnIntention.WillNotReturn, new DateOnly(2026, 3, 14));
        await ExecuteAsync("UPDATE Residents SET PrefectureCode = 13, WhereaboutsType = 2 WHERE ResidentNo = 'P001'", new { });
        await AssertSameAsFreshAsync(round, "after a later answer and a move");
    }

    [SkippableFact]
    public async Task Summary_EqualsFreshGroupBy_When_ARegisterImportRecountsEveryRound()
    {
        var round = await IntentionSummaryTestData.RoundAsync(Connections, "2026年度", new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc));
        var households = await IntentionSummaryTestData.HouseholdIdsAsync(Connections);
        for (var i = 0; i < households.Count; i++)
        {
            await IntentionSummaryTestData.AnswerAsync(Connections, round.RoundId, households[i], IntentionChoices.Intentions[i % 4], new DateOnly(2026, 3, 2));
        }
        // A new household in the register: the import rebuilds the heads and counts every round (counted in the client on SQLite).
        await CallTestData.ImportAsync(Connections, OutboundTestData.Register + "\nZ001,HZ1,世帯主,山田 一郎,ヤマダ イチロウ,1960-02-29,男,川区,汐見町川9-9,0240-10-0999,0,");
        await using (var connection = await Connections.OpenAsync())
        {
            Assert.Equal(households.Count + 1, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM IntentionHouseholds"));
        }
        await AssertSameAsFreshAsync(round, "after the register import");
        var town = await Summary.LoadAsync(round, null);
        Assert.Equal((households.Count + 1, households.Count), (town.Total.Households, town.Total.Answered));
    }
}

public sealed class IntentionSummaryTestsOnSqlite : IntentionSummaryTests<OnSqlite>;

public sealed class IntentionSummaryTestsOnSqlServer : IntentionSummaryTests<OnSqlServer>;
