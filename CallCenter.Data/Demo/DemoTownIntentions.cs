using System.Data.Common;
using System.Globalization;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Intentions;
using Dapper;

namespace CallCenter.Data.Demo;

/// <summary>
/// The demo town's intention survey: a round 「2026年度」 with about 45 % of households answered, in the proportions such
/// towns reported (戻りたい 13 %, 判断がつかない 26 %, 戻らない 55 %, 既に 6 %), mostly by post, some on the phone in a
/// call already recorded for the household, a few households with an earlier answer kept as history. Written inside
/// the seeder's transaction with prepared statements.
/// </summary>
internal static class DemoTownIntentions
{
    /// <summary>The demo round's name.</summary>
    public const string RoundName = "2026年度";

    private const string CallsSql = """
          SELECT r.HouseholdId, c.CallId, c.StartedAt
            FROM Calls c
            JOIN CallResidents cr ON cr.CallId = c.CallId
            JOIN Residents r ON r.ResidentId = cr.ResidentId
           WHERE r.HouseholdId IS NOT NULL
        ORDER BY c.CallId
        """;

    private const string CreateRoundSql = """
        INSERT INTO SurveyRounds (Name, CreatedAt, CreatedBy)
             VALUES (@Name, @CreatedAt, NULL);
        {last_id}
        """;

    /// <summary>Seeds the round and its answers; returns the answers written.</summary>
    public static async Task<int> SeedAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect,
        IReadOnlyList<(long HouseholdId, string Respondent)> households, int seed, DateOnly disasterDate, DateTime nowUtc, CancellationToken ct)
    {
        var random = new Random(seed + 17);
        var today = DateOnly.FromDateTime(JapanTime.FromUtc(nowUtc));
        var first = disasterDate.AddDays(1) <= today ? disasterDate.AddDays(1) : today;
        var roundId = (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition(dialect.Render(CreateRoundSql),
            new { Name = RoundName, CreatedAt = JapanTime.StartOfDayUtc(first) }, transaction, cancellationToken: ct));
        var calls = new Dictionary<long, (long CallId, DateTime StartedAt)>();
        await using (var reader = await connection.ExecuteReaderAsync(new CommandDefinition(CallsSql, transaction: transaction, cancellationToken: ct)))
        {
            while (await reader.ReadAsync(ct))
            {
                var startedAt = reader.GetValue(2) is DateTime t ? t
                    : DateTime.Parse((string)reader.GetValue(2), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
                calls.TryAdd(Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), (Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture), startedAt));
            }
        }

        var written = 0;
        var span = Math.Max(0, today.DayNumber - first.DayNumber);
        await using var appender = new IntentionAnswers.Appender(connection, transaction, dialect);
        foreach (var (householdId, respondent) in households)
        {
            if (random.NextDouble() >= 0.45)
            {
                continue;
            }
            var intention = Intention(random.NextDouble());
            var channel = random.NextDouble() switch { < 0.15 => AnswerChannel.Phone, < 0.19 => AnswerChannel.Counter, < 0.20 => AnswerChannel.Web, _ => AnswerChannel.Post };
            long? callId = null;
            var answeredOn = first.AddDays(random.Next(span + 1));
            if (channel == AnswerChannel.Phone)
            {
                if (calls.TryGetValue(householdId, out var call))
                {
                    (callId, answeredOn) = (call.CallId, DateOnly.FromDateTime(JapanTime.FromUtc(call.StartedAt)));
                }
                else
                {
                    channel = AnswerChannel.Post;
                }
            }
            DateOnly? counting = null;
            if (random.NextDouble() < 0.03 && answeredOn > first)
            {
                // Undecided at first, decided later: the earlier answer stays in the history.
                var earlier = Answer(roundId, householdId, first.AddDays(random.Next(answeredOn.DayNumber - first.DayNumber)), ReturnIntention.Undecided,
                    AnswerChannel.Post, null, respondent, random);
                await appender.AppendAsync(earlier, null, nowUtc, null, ct);
                (counting, written) = (earlier.AnsweredOn, written + 1);
            }
            await appender.AppendAsync(Answer(roundId, householdId, answeredOn, intention, channel, callId, respondent, random), counting, nowUtc, null, ct);
            written++;
        }
        return written;
    }

    private static ReturnIntention Intention(double p) => p switch
    {
        < 0.13 => ReturnIntention.WantsToReturn,
        < 0.39 => ReturnIntention.Undecided,
        < 0.94 => ReturnIntention.WillNotReturn,
        _ => ReturnIntention.AlreadyBack,
    };

    private static readonly double[] NeedWeights = [0.55, 0.45, 0.35, 0.4, 0.3, 0.5, 0.2, 0.05];
    private static readonly double[] ReasonWeights = [0.6, 0.35, 0.45, 0.4, 0.3, 0.2, 0.05];

    private static IntentionAnswerDraft Answer(int roundId, long householdId, DateOnly answeredOn, ReturnIntention intention, AnswerChannel channel,
        long? callId, string respondent, Random random)
    {
        var needs = intention is ReturnIntention.WantsToReturn or ReturnIntention.Undecided ? Bits(NeedWeights, random) : 0;
        var reasons = intention is ReturnIntention.WillNotReturn ? Bits(ReasonWeights, random) : 0;
        HousingWish? housing = intention switch
        {
            ReturnIntention.WantsToReturn => random.NextDouble() < 0.6 ? HousingWish.OwnHome : HousingWish.PublicHousing,
            ReturnIntention.AlreadyBack => HousingWish.OwnHome,
            ReturnIntention.WillNotReturn => random.NextDouble() switch { < 0.45 => HousingWish.OwnHome, < 0.7 => HousingWish.Rental, < 0.85 => HousingWish.PublicHousing, _ => HousingWish.Undecided },
            _ => random.NextDouble() < 0.5 ? HousingWish.Undecided : null,
        };
        return new IntentionAnswerDraft(roundId, (int)householdId, answeredOn, intention, (IntentionNeeds)needs, (NotReturningReasons)reasons,
            housing, respondent, channel, callId);
    }

    private static int Bits(double[] weights, Random random)
    {
        var bits = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            if (random.NextDouble() < weights[i] * 0.6)
            {
                bits |= 1 << i;
            }
        }
        // At least one: an answer that ticks nothing is rare on paper.
        return bits == 0 ? 1 << random.Next(weights.Length - 1) : bits;
    }

    /// <summary>The households with their head's name as the respondent, from the seeded register.</summary>
    public static IReadOnlyList<(long, string)> Households<T>(IEnumerable<T> people, Func<T, long?> household, Func<T, string?> relationship, Func<T, string> name) =>
        [.. people.Where(p => household(p) is not null).GroupBy(p => household(p)!.Value)
            .Select(g => (g.Key, name(g.FirstOrDefault(p => relationship(p) == "世帯主") ?? g.First())))
            .OrderBy(h => h.Key)];
}
