using System.Diagnostics;
using System.Text.Json;
using CallCenter.Data.Database;
using CallCenter.Data.Intentions;
using Dapper;

namespace CallCenter.Bench;

/// <summary>
/// The intention summary (issue 17): every grouping of a round in turn, read from the counts migration 0018 keeps; floor:
/// the same figures by a plain GROUP BY over the register and the counting answers (IntentionSummary.CountFreshAsync; the
/// run fails if they differ). The set-up gives about 45 % of the households a counting answer by plain INSERTs.
/// </summary>
public static class IntentionScenarios
{
    private const string RoundName = "ベンチ 2026年度";

    private const string InsertRoundSql = """
        INSERT INTO SurveyRounds (Name, CreatedAt) VALUES (@Name, @Now)
        """;

    // Nine households in twenty answer, their intention, needs and housing spread by id.
    private const string InsertAnswersSql = """
        INSERT INTO IntentionAnswers (RoundId, HouseholdId, AnsweredOn, Intention, Needs, Reasons, Housing, Channel, RecordedAt)
        SELECT @RoundId, HouseholdId, '2026-03-01', 1 + HouseholdId % 4, HouseholdId % 256, (HouseholdId / 7) % 128, 1 + HouseholdId % 4,
               1 + HouseholdId % 2, @Now
          FROM Households
         WHERE HouseholdId % 20 < 9
        """;

    private const string InsertCountingSql = """
        INSERT INTO HouseholdIntentions (RoundId, HouseholdId, AnswerId, AnsweredOn, Intention)
        SELECT RoundId, HouseholdId, AnswerId, AnsweredOn, Intention
          FROM IntentionAnswers
         WHERE RoundId = @RoundId
        """;

    public static async Task<(Measurement Product, Measurement Floor)> LoadAsync(string db, int rows, int loads)
    {
        var connections = new ConnectionFactory(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={db}"));
        var summary = new IntentionSummary(connections, TimeProvider.System);
        var setUp = Stopwatch.StartNew();
        if (await summary.FindRoundAsync(RoundName) is null)
        {
            await using var connection = await connections.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await connection.ExecuteAsync(InsertRoundSql, new { Name = RoundName, Now = DateTime.UtcNow }, transaction);
            var roundId = await connection.ExecuteScalarAsync<int>("SELECT RoundId FROM SurveyRounds WHERE Name = @Name", new { Name = RoundName }, transaction);
            await connection.ExecuteAsync(InsertAnswersSql, new { RoundId = roundId, Now = DateTime.UtcNow }, transaction);
            await connection.ExecuteAsync(InsertCountingSql, new { RoundId = roundId }, transaction);
            await transaction.CommitAsync();
        }
        var setUpSeconds = setUp.Elapsed.TotalSeconds;
        var round = (await summary.FindRoundAsync(RoundName))!;
        IntentionGrouping?[] groupings = [null, IntentionGrouping.District, IntentionGrouping.Prefecture, IntentionGrouping.WhereaboutsType, IntentionGrouping.AgeBand];
        IntentionSummaryResult? town = null;
        foreach (var by in groupings)
        {
            var product = await summary.LoadAsync(round, by);
            var floor = await summary.CountFreshAsync(round, by);
            var (a, b) = (JsonSerializer.Serialize(product), JsonSerializer.Serialize(floor));
            if (a != b)
            {
                throw new InvalidOperationException($"the intention summary and its floor disagree by {by}:\n{a}\n{b}");
            }
            town ??= product;
        }
        var productTimes = new List<double>();
        for (var i = 0; i < loads; i++)
        {
            var watch = Stopwatch.StartNew();
            await summary.LoadAsync(round, groupings[i % groupings.Length]);
            productTimes.Add(watch.Elapsed.TotalMilliseconds);
        }
        // The floor scans the register: as many loads as the product's, or as fit in a minute (at least 20).
        var floorTimes = new List<double>();
        var budget = Stopwatch.StartNew();
        for (var i = 0; i < loads && (i < 20 || budget.Elapsed < TimeSpan.FromMinutes(1)); i++)
        {
            var watch = Stopwatch.StartNew();
            await summary.CountFreshAsync(round, groupings[i % groupings.Length]);
            floorTimes.Add(watch.Elapsed.TotalMilliseconds);
        }
        var peak = Measurement.PeakResidentMegabytes();
        return (new Measurement("intention-summary", rows, ConsoleScenarios.Percentile(productTimes, 50) / 1000, peak,
                    $"p50 {ConsoleScenarios.Percentile(productTimes, 50):0.00} ms; p95 {ConsoleScenarios.Percentile(productTimes, 95):0.00} ms; {loads} loads; "
                    + $"{town!.Total.Answered:N0} of {town.Total.Households:N0} households answered; set-up {setUpSeconds:0.0} s"),
                new Measurement("intention-summary-floor", rows, ConsoleScenarios.Percentile(floorTimes, 50) / 1000, peak,
                    $"p50 {ConsoleScenarios.Percentile(floorTimes, 50):0.00} ms; p95 {ConsoleScenarios.Percentile(floorTimes, 95):0.00} ms; {floorTimes.Count} loads"));
    }
}
