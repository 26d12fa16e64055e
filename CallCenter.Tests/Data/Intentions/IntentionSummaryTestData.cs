using CallCenter.Data.Database;
using CallCenter.Data.Intentions;
using Dapper;

namespace CallCenter.Tests.Data.Intentions;

/// <summary>
/// Rounds and counting answers written by plain INSERTs, for the summary tests: an answer row and
/// the household's counting row, or the counting row replaced by a later answer, as the writer will leave them.
/// </summary>
public static class IntentionSummaryTestData
{
    public static async Task<SummaryRound> RoundAsync(ConnectionFactory connections, string name, DateTime createdAt)
    {
        await using var connection = await connections.OpenAsync();
        await connection.ExecuteAsync("INSERT INTO SurveyRounds (Name, CreatedAt) VALUES (@Name, @CreatedAt)", new { Name = name, CreatedAt = createdAt });
        return new SummaryRound(await connection.ExecuteScalarAsync<int>("SELECT RoundId FROM SurveyRounds WHERE Name = @Name", new { Name = name }), name);
    }

    /// <summary>Records an answer and makes it the household's counting one in the round (inserted or replaced).</summary>
    public static async Task AnswerAsync(ConnectionFactory connections, int roundId, int householdId, ReturnIntention intention, DateOnly answeredOn,
        IntentionNeeds needs = IntentionNeeds.None, NotReturningReasons reasons = NotReturningReasons.None, HousingWish? housing = null,
        string? respondent = null, AnswerChannel channel = AnswerChannel.Phone)
    {
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var args = new
        {
            RoundId = roundId, HouseholdId = householdId, AnsweredOn = answeredOn, Intention = (int)intention, Needs = (int)needs, Reasons = (int)reasons,
            Housing = (int?)housing, Respondent = respondent, Channel = (int)channel, RecordedAt = DateTime.UtcNow,
        };
        await connection.ExecuteAsync("""
            INSERT INTO IntentionAnswers (RoundId, HouseholdId, AnsweredOn, Intention, Needs, Reasons, Housing, Respondent, Channel, RecordedAt)
                 VALUES (@RoundId, @HouseholdId, @AnsweredOn, @Intention, @Needs, @Reasons, @Housing, @Respondent, @Channel, @RecordedAt)
            """, args, transaction);
        var answerId = await connection.ExecuteScalarAsync<long>(
            "SELECT MAX(AnswerId) FROM IntentionAnswers WHERE HouseholdId = @HouseholdId AND RoundId = @RoundId", args, transaction);
        var replaced = await connection.ExecuteAsync("""
            UPDATE HouseholdIntentions
               SET AnswerId = @AnswerId, AnsweredOn = @AnsweredOn, Intention = @Intention
             WHERE RoundId = @RoundId AND HouseholdId = @HouseholdId
            """, new { AnswerId = answerId, args.AnsweredOn, args.Intention, args.RoundId, args.HouseholdId }, transaction);
        if (replaced == 0)
        {
            await connection.ExecuteAsync("""
                INSERT INTO HouseholdIntentions (RoundId, HouseholdId, AnswerId, AnsweredOn, Intention)
                     VALUES (@RoundId, @HouseholdId, @AnswerId, @AnsweredOn, @Intention)
                """, new { AnswerId = answerId, args.AnsweredOn, args.Intention, args.RoundId, args.HouseholdId }, transaction);
        }
        await transaction.CommitAsync();
    }

    public static async Task<List<int>> HouseholdIdsAsync(ConnectionFactory connections)
    {
        await using var connection = await connections.OpenAsync();
        return (await connection.QueryAsync<int>("SELECT HouseholdId FROM Households ORDER BY HouseholdId")).AsList();
    }
}
