using CallCenter.Data.Announcements;
using CallCenter.Data.Database;
using Dapper;

namespace CallCenter.Tests.Data.Announcements;

/// <summary>A small town for the announcements' tests, and a fresh count of the targeting rule computed in C# from the raw rows.</summary>
public static class AnnouncementTestData
{
    /// <summary>
    /// Four households: KH01 (浜区, five members), KH02 (山区, alone), KH03 (浜区, two), KH04 (川区, alone). The tests set
    /// prefectures, whereabouts types, vulnerability and deaths on the rows directly.
    /// </summary>
    public const string Register = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
        K0001,KH01,世帯主,佐藤 正男,サトウ マサオ,昭和22年5月3日,男,浜区,汐見町浜1-1,0240-11-2233
        K0002,KH01,妻,佐藤 節子,サトウ セツコ,昭和25年8月1日,女,浜区,汐見町浜1-1,
        K0003,KH01,子,佐藤 浩二,サトウ コウジ,1975-02-14,男,浜区,汐見町浜1-1,090-2222-3333
        K0004,KH01,子の妻,佐藤 美穂,サトウ ミホ,1978-11-30,女,浜区,汐見町浜1-1,
        K0005,KH01,孫,佐藤 陽菜,サトウ ヒナ,2008-06-21,女,浜区,汐見町浜1-1,
        K0101,KH02,世帯主,鈴木 一郎,スズキ イチロウ,1960-01-01,男,山区,汐見町山2-2,0240-22-3344
        K0201,KH03,世帯主,高橋 健一,タカハシ ケンイチ,1955-04-10,男,浜区,汐見町浜3-3,0240-33-4455
        K0202,KH03,妻,高橋 和子,タカハシ カズコ,1957-09-09,女,浜区,汐見町浜3-3,
        K0301,KH04,世帯主,田中 花子,タナカ ハナコ,1940-12-24,女,川区,汐見町川4-4,0240-44-5566
        """;

    /// <summary>Sets a resident's current prefecture and whereabouts type (as a report would).</summary>
    public static async Task PlaceAsync(ConnectionFactory connections, string residentNo, byte? prefecture, byte? whereabouts)
    {
        await using var connection = await connections.OpenAsync();
        await connection.ExecuteAsync("UPDATE Residents SET PrefectureCode = @prefecture, WhereaboutsType = @whereabouts, Status = 1 WHERE ResidentNo = @residentNo",
            new { residentNo, prefecture, whereabouts });
    }

    /// <summary>Runs a statement on the test database.</summary>
    public static async Task ExecuteAsync(ConnectionFactory connections, string sql, object? args = null)
    {
        await using var connection = await connections.OpenAsync();
        await connection.ExecuteAsync(sql, args);
    }

    /// <summary>A household's id by its number.</summary>
    public static async Task<int> HouseholdIdAsync(ConnectionFactory connections, string householdNo)
    {
        await using var connection = await connections.OpenAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT HouseholdId FROM Households WHERE HouseholdNo = @householdNo", new { householdNo });
    }

    /// <summary>The households an announcement targets and those of them told, computed in C# from the raw rows.</summary>
    public static async Task<(HashSet<int> Targeted, HashSet<int> Told)> FreshCountAsync(ConnectionFactory connections, int announcementId)
    {
        await using var connection = await connections.OpenAsync();
        var households = (await connection.QueryAsync<(long HouseholdId, string? District)>("SELECT HouseholdId, District FROM Households")).ToList();
        var residents = (await connection.QueryAsync<ResidentRow>(
            "SELECT HouseholdId, IsProvisional, MergedIntoResidentId, Status, PendingStatus, IsVulnerable, PrefectureCode, WhereaboutsType FROM Residents")).ToList();
        var forVulnerable = await connection.ExecuteScalarAsync<bool>("SELECT ForVulnerable FROM Announcements WHERE AnnouncementId = @announcementId", new { announcementId });
        var targets = (await connection.QueryAsync<(long Kind, string Value)>("SELECT Kind, Value FROM AnnouncementTargets WHERE AnnouncementId = @announcementId",
            new { announcementId })).ToLookup(t => (int)t.Kind, t => t.Value);
        var delivered = (await connection.QueryAsync<long>("SELECT HouseholdId FROM AnnouncementDeliveries WHERE AnnouncementId = @announcementId",
            new { announcementId })).Select(h => (int)h).ToHashSet();
        var targeted = new HashSet<int>();
        foreach (var (id, district) in households)
        {
            var living = residents.Where(r => r.HouseholdId == id && !r.IsProvisional && r.MergedIntoResidentId is null && r.Status != 5 && r.PendingStatus != 5).ToList();
            var applies = living.Any(r => !forVulnerable || r.IsVulnerable)
                && (!targets[1].Any() || targets[1].Contains(district))
                && (!targets[2].Any() || living.Any(r => r.PrefectureCode is { } p && targets[2].Contains(p.ToString(System.Globalization.CultureInfo.InvariantCulture))))
                && (!targets[3].Any() || living.Any(r => r.WhereaboutsType is { } w && targets[3].Contains(w.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            if (applies)
            {
                targeted.Add((int)id);
            }
        }
        return (targeted, [.. targeted.Where(delivered.Contains)]);
    }

    /// <summary>A draft for everyone, valid in March 2026.</summary>
    public static AnnouncementDraft Draft(string title = "一時帰宅の申込受付", params AnnouncementTarget[] targets) => new(
        title, "3月の一時帰宅の申込を受け付けています。\n役場 復興推進課へお電話ください。", new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31),
        AnnouncementPriority.Important, false, false, targets);

    private sealed class ResidentRow
    {
        public long? HouseholdId { get; init; }
        public bool IsProvisional { get; init; }
        public long? MergedIntoResidentId { get; init; }
        public long Status { get; init; }
        public long? PendingStatus { get; init; }
        public bool IsVulnerable { get; init; }
        public long? PrefectureCode { get; init; }
        public long? WhereaboutsType { get; init; }
    }
}
