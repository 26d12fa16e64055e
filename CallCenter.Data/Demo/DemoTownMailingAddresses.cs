using System.Data.Common;
using System.Globalization;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Mailing;
using CallCenter.Data.Reports;
using Dapper;

namespace CallCenter.Data.Demo;

/// <summary>
/// The demo town's mailing addresses (送付先, issue 18): most households whose head (or, without a head, first member)
/// is at a home-like place (<see cref="MailingAddressRules.IsHomeLike"/>) have a current address there — a real postal
/// code of that municipality from Japan Post's list, 住所1 the code's town and a made-up 番地, 住所2 the housing's
/// name — mostly imported, some entered on screen; a few households have an earlier address kept as history. Written
/// inside the seeder's transaction, as the recorder writes them.
/// </summary>
internal static class DemoTownMailingAddresses
{
    private const string MembersSql = """
          SELECT HouseholdId, Relationship, FamilyName, GivenName, WhereaboutsType, PrefectureCode, Municipality, Place
            FROM Residents
           WHERE HouseholdId IS NOT NULL
        ORDER BY HouseholdId, ResidentId
        """;

    private sealed record Member(long HouseholdId, string? Relationship, string FamilyName, string GivenName, long? WhereaboutsType,
        long? PrefectureCode, string? Municipality, string? Place);

    /// <summary>Seeds the addresses; returns the households given a current address.</summary>
    public static async Task<int> SeedAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, int seed, DateOnly disasterDate,
        DateTime nowUtc, CancellationToken ct)
    {
        var random = new Random(seed + 18);
        var today = DateOnly.FromDateTime(JapanTime.FromUtc(nowUtc));
        var members = (await connection.QueryAsync<Member>(new CommandDefinition(MembersSql, transaction: transaction, cancellationToken: ct))).AsList();
        var written = 0;
        foreach (var household in members.GroupBy(m => m.HouseholdId))
        {
            var head = household.FirstOrDefault(m => m.Relationship == "世帯主") ?? household.First();
            var home = MailingAddressRules.IsHomeLike((WhereaboutsType?)(byte?)head.WhereaboutsType) ? head : null;
            if (home is null || random.NextDouble() > 0.85 || Prefectures.Name((byte?)home.PrefectureCode) is not { } prefecture
                || home.PrefectureCode == Prefectures.Abroad || string.IsNullOrEmpty(home.Municipality))
            {
                continue;
            }
            var value = Address(random, (int)household.Key, $"{head.FamilyName}　{head.GivenName}", prefecture, home.Municipality, home.Place);
            if (value is null)
            {
                continue;
            }
            var span = Math.Max(1, today.DayNumber - disasterDate.DayNumber);
            var recordedDay = disasterDate.AddDays(1 + random.Next(span));
            if (recordedDay > today)
            {
                recordedDay = today;
            }
            var hasHistory = random.NextDouble() < 0.06;
            if (hasHistory)
            {
                // The address before: where the household first went (a relative's home in another Fukushima town).
                var before = Address(random, (int)household.Key, $"{head.FamilyName}　{head.GivenName}", "福島県", random.Next(2) == 0 ? "会津若松市" : "福島市",
                    $"{RelativeFamilies[random.Next(RelativeFamilies.Length)]}様方");
                if (before is not null)
                {
                    var beforeDay = disasterDate.AddDays(1 + random.Next(Math.Max(1, recordedDay.DayNumber - disasterDate.DayNumber)));
                    await MailingAddressRecorder.Writer.WriteAsync(connection, transaction, dialect, before with { ConfirmedOn = Min(beforeDay, today) },
                        MailingSource.Screen, null, Min(JapanTime.StartOfDayUtc(beforeDay).AddHours(10), nowUtc), null, false, ct);
                }
                else
                {
                    hasHistory = false;
                }
            }
            var source = random.NextDouble() < 0.8 ? MailingSource.Import : MailingSource.Screen;
            await MailingAddressRecorder.Writer.WriteAsync(connection, transaction, dialect, value with { ConfirmedOn = recordedDay }, source, null,
                Min(JapanTime.StartOfDayUtc(recordedDay).AddHours(9 + random.Next(8)), nowUtc), null, hasHistory, ct);
            written++;
        }
        return written;
    }

    private static readonly string[] RelativeFamilies = ["佐藤", "鈴木", "渡辺", "菅野", "斎藤", "遠藤", "吉田", "阿部"];

    private static T Min<T>(T a, T b) where T : IComparable<T> => a.CompareTo(b) <= 0 ? a : b;

    private static MailingAddressValue? Address(Random random, int householdId, string addressee, string prefecture, string municipality, string? place)
    {
        var codes = PostalCodes.CodesOf(prefecture, municipality);
        if (codes.Count == 0)
        {
            return null;
        }
        var code = codes[random.Next(codes.Count)];
        var found = PostalCodes.Find(code)!;
        var street = string.Create(CultureInfo.InvariantCulture, $"{random.Next(1, 30)}-{random.Next(1, 40)}");
        var address1 = found.Address + (found.Town.Length > 0 ? street : "字" + street);
        var address2 = string.IsNullOrWhiteSpace(place) ? null : place.Length > MailingAddressRules.MaxAddressLength ? place[..MailingAddressRules.MaxAddressLength] : place;
        return new MailingAddressValue(householdId, addressee, code, address1, address2, null);
    }
}
