using System.Data.Common;
using CallCenter.Data.Common;
using Dapper;

namespace CallCenter.Data.Demo;

/// <summary>
/// The demo town's returned letters (宛所不明, issue 18): a handful of households whose 送付先 came back in the last
/// days, so the returned-mail page, the mailing-missing export and the worklist's 再確認（優先） tier have something to
/// show. Runs last in the seeder: it marks addresses the town's mailing step recorded; when there are none (a database
/// without that step), it records a few addresses itself for the households it marks (Source 2 取込).
/// </summary>
internal static class DemoReturnedMail
{
    /// <summary>How many households get a returned letter.</summary>
    public const int Households = 6;

    private static readonly string?[] Notes = ["「あて所に尋ねあたりません」の付箋", "転居先不明で返送", "「あて所に尋ねあたりません」の付箋", null, "仮設住宅の退去後。郵便受けに名札なし", null];

    private static readonly (string PostalCode, string Address1, string? Address2)[] Places =
    [
        ("9638001", "福島県郡山市富田町字上ノ台1-5", "富田東応急仮設住宅 12-3"),
        ("9708026", "福島県いわき市平字作町1-4-12", "コーポ作町 201"),
        ("9650006", "福島県会津若松市一箕町大字鶴賀字上居合1", "松長近隣公園応急仮設住宅 4-7"),
        ("3470111", "埼玉県加須市騎西1-1", "旧騎西高校避難所"),
        ("1350062", "東京都江東区東雲1-9-10", "東雲住宅 15-1204"),
        ("9450051", "新潟県柏崎市東本町1-2-16", null),
    ];

    private const string CurrentSql = """
          SELECT HouseholdId, AddressId
            FROM HouseholdMailing
        ORDER BY HouseholdId
        """;

    private const string HouseholdHeadsSql = """
          SELECT r.HouseholdId, MIN(r.FamilyName) AS FamilyName, MIN(r.GivenName) AS GivenName
            FROM Residents r
           WHERE r.HouseholdId IS NOT NULL
             AND r.Relationship = @Head
             AND r.Status <> 5
        GROUP BY r.HouseholdId
        ORDER BY r.HouseholdId
        """;

    private const string InsertAddressSql = """
        INSERT INTO MailingAddresses (HouseholdId, Addressee, PostalCode, Address1, Address2, ConfirmedOn, Source, RecordedAt)
             VALUES (@HouseholdId, @Addressee, @PostalCode, @Address1, @Address2, @ConfirmedOn, 2, @RecordedAt);
        {last_id}
        """;

    private const string InsertCurrentSql = """
        INSERT INTO HouseholdMailing (HouseholdId, AddressId, ReturnedOn)
             VALUES (@HouseholdId, @AddressId, NULL)
        """;

    private const string InsertReturnSql = """
        INSERT INTO ReturnedMail (HouseholdId, AddressId, ReturnedOn, Note, RecordedAt, RecordedBy)
             VALUES (@HouseholdId, @AddressId, @ReturnedOn, @Note, @RecordedAt, NULL)
        """;

    private const string MarkReturnedSql = """
        UPDATE HouseholdMailing
           SET ReturnedOn = @ReturnedOn
         WHERE HouseholdId = @HouseholdId
        """;

    /// <summary>Marks <see cref="Households"/> households' letters returned; returns how many.</summary>
    public static async Task<int> SeedAsync(DbConnection connection, DbTransaction transaction, Database.SqlDialect dialect, int seed, DateTime nowUtc,
        CancellationToken ct)
    {
        var random = new Random(seed + 29);
        var today = DateOnly.FromDateTime(JapanTime.FromUtc(nowUtc));
        var current = (await connection.QueryAsync<(long HouseholdId, long AddressId)>(new CommandDefinition(CurrentSql, transaction: transaction, cancellationToken: ct))).AsList();
        var chosen = new List<(long HouseholdId, long AddressId)>();
        if (current.Count > 0)
        {
            // Spread over the town: every n-th household with an address.
            var step = Math.Max(1, current.Count / Households);
            for (var i = random.Next(step); i < current.Count && chosen.Count < Households; i += step)
            {
                chosen.Add(current[i]);
            }
        }
        else
        {
            var heads = (await connection.QueryAsync<(long HouseholdId, string FamilyName, string GivenName)>(new CommandDefinition(HouseholdHeadsSql,
                new { Head = "世帯主" }, transaction, cancellationToken: ct))).AsList();
            var step = Math.Max(1, heads.Count / Households);
            for (var i = random.Next(step); i < heads.Count && chosen.Count < Households; i += step)
            {
                var (householdId, family, given) = heads[i];
                var place = Places[chosen.Count % Places.Length];
                var recordedAt = nowUtc.AddDays(-20 - random.Next(10));
                var addressId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(dialect.Render(InsertAddressSql), new
                {
                    HouseholdId = householdId, Addressee = $"{family} {given} 様", place.PostalCode, place.Address1, place.Address2,
                    ConfirmedOn = DateOnly.FromDateTime(JapanTime.FromUtc(recordedAt)), RecordedAt = recordedAt,
                }, transaction, cancellationToken: ct));
                await connection.ExecuteAsync(new CommandDefinition(InsertCurrentSql, new { HouseholdId = householdId, AddressId = addressId }, transaction,
                    cancellationToken: ct));
                chosen.Add((householdId, addressId));
            }
        }
        for (var i = 0; i < chosen.Count; i++)
        {
            var (householdId, addressId) = chosen[i];
            var returnedOn = today.AddDays(-random.Next(1, 10));
            var args = new
            {
                HouseholdId = householdId, AddressId = addressId, ReturnedOn = returnedOn, Note = Notes[i % Notes.Length],
                RecordedAt = JapanTime.StartOfDayUtc(returnedOn).AddHours(10 + random.Next(6)),
            };
            await connection.ExecuteAsync(new CommandDefinition(InsertReturnSql, args, transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(MarkReturnedSql, args, transaction, cancellationToken: ct));
        }
        return chosen.Count;
    }
}
