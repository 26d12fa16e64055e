using CallCenter.Data.Database;
using CallCenter.Data.Requests;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Tests.Data.Requests;

/// <summary>
/// Requests for the tests, written with plain INSERTs (part A of issue 17 writes them in the app): the request and its
/// first 受付 step, as the recording writes them. Departments by migration 0015's order: 1 総務課, 2 住民課, 3 税務課,
/// 4 健康介護課, 5 教育委員会, 6 復興推進課; categories 1 住まい・住宅 … 12 その他.
/// </summary>
public static class RequestTestData
{
    public const int GeneralAffairs = 1;
    public const int ResidentsDivision = 2;
    public const int HealthAndCare = 4;
    public const int Reconstruction = 6;

    private const string InsertSql = """
        INSERT INTO Requests (HouseholdId, ResidentId, CategoryId, DepartmentId, IsUrgent, Body, Status, CreatedAt, UpdatedAt, Version)
        SELECT h.HouseholdId, (SELECT r.ResidentId FROM Residents r WHERE r.ResidentNo = @ResidentNo), @CategoryId, @DepartmentId,
               @IsUrgent, @Body, 0, @CreatedAt, @CreatedAt, 0
          FROM Households h
         WHERE h.HouseholdNo = @HouseholdNo
        """;

    private const string LastIdSql = "SELECT MAX(RequestId) FROM Requests";

    private const string StepSql = """
        INSERT INTO RequestSteps (RequestId, Status, DepartmentId, Note, UserId, At)
        VALUES (@RequestId, 0, @DepartmentId, NULL, NULL, @CreatedAt)
        """;

    /// <summary>Adds a request (受付) and returns its id; <paramref name="residentNo"/> null: for the whole household.</summary>
    public static async Task<long> AddAsync(ConnectionFactory connections, string householdNo, string? residentNo, int categoryId,
        int departmentId, bool urgent, string body, DateTime createdAtUtc)
    {
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var args = new { HouseholdNo = householdNo, ResidentNo = residentNo, CategoryId = categoryId, DepartmentId = departmentId,
            IsUrgent = urgent, Body = body, CreatedAt = DateTime.SpecifyKind(createdAtUtc, DateTimeKind.Utc) };
        Assert.Equal(1, await connection.ExecuteAsync(InsertSql, args, transaction));
        var id = await connection.ExecuteScalarAsync<long>(LastIdSql, transaction: transaction);
        await connection.ExecuteAsync(StepSql, new { RequestId = id, DepartmentId = departmentId, args.CreatedAt }, transaction);
        await transaction.CommitAsync();
        return id;
    }

    /// <summary>
    /// Random changes for the summaries' tests: requests added for residents and households over 400 days, moved on by a
    /// supervisor at random, residents moving (district, prefecture, or none).
    /// </summary>
    public static async Task RandomChangesAsync(ConnectionFactory connections, TimeProvider clock, CallCenter.Data.Calls.OperatorContext supervisor,
        Random random, int steps)
    {
        var all = new RequestScope(true, null, null);
        var work = new RequestWork(connections, clock);
        var people = new[] { "K0001", "K0002", "K0003", "K0004", "K0005", null };
        var ids = new List<long>();
        for (var step = 0; step < steps; step++)
        {
            var roll = random.Next(10);
            if (roll < 5 || ids.Count == 0)
            {
                var person = people[random.Next(people.Length)];
                var household = person is null && random.Next(2) == 0 ? "KH02" : "KH01";
                ids.Add(await AddAsync(connections, household, household == "KH02" ? null : person, 1 + random.Next(12), 1 + random.Next(6),
                    random.Next(3) == 0, "相談", clock.GetUtcNow().UtcDateTime.AddDays(-random.Next(400)).AddHours(random.Next(24))));
            }
            else if (roll < 8)
            {
                var id = ids[random.Next(ids.Count)];
                await using var connection = await connections.OpenAsync();
                var (status, version) = await connection.QuerySingleAsync<(int, int)>("SELECT Status, Version FROM Requests WHERE RequestId = @id", new { id });
                var next = RequestWork.NextSteps((RequestStatus)status);
                if (next.Count > 0)
                {
                    var to = next[random.Next(next.Count)];
                    var result = await work.MoveAsync(new RequestMove(id, version, to, to == RequestStatus.Routed ? 1 + random.Next(6) : null, "理由"), all, TownScope.All, supervisor);
                    Assert.True(result.Succeeded || result.Error!.StartsWith("すでに", StringComparison.Ordinal), result.Error);
                }
            }
            else
            {
                var who = people[random.Next(5)]!;
                await using var connection = await connections.OpenAsync();
                await connection.ExecuteAsync("UPDATE Residents SET PrefectureCode = @Code, District = @District WHERE ResidentNo = @who",
                    new { Code = random.Next(4) == 0 ? (byte?)null : (byte)(1 + random.Next(47)), District = random.Next(3) switch { 0 => "浜区", 1 => "山区", _ => null }, who });
            }
        }
    }

    /// <summary>Puts a staff account in a department (part A's account page does this in the app).</summary>
    public static async Task SetDepartmentAsync(ConnectionFactory connections, int userId, int? departmentId)
    {
        await using var connection = await connections.OpenAsync();
        await connection.ExecuteAsync("UPDATE Users SET DepartmentId = @DepartmentId WHERE UserId = @UserId",
            new { UserId = userId, DepartmentId = departmentId });
    }

    /// <summary>A request's version as stored.</summary>
    public static async Task<int> VersionAsync(ConnectionFactory connections, long requestId)
    {
        await using var connection = await connections.OpenAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT Version FROM Requests WHERE RequestId = @requestId", new { requestId });
    }

    /// <summary>The figures a fresh computation in C# gives from the raw rows (the triggers' copies not used).</summary>
    public static async Task<IReadOnlyList<(RequestDimension, string, int, int)>> ExpectedTalliesAsync(ConnectionFactory connections) =>
        Group((await FreshRequestsAsync(connections)).SelectMany(r => Enum.GetValues<RequestDimension>().Select(d => (d, r.Values[(int)d], r.Open))));

    /// <summary>
    /// Every request's value of each dimension (indexed by <see cref="RequestDimension"/>) and whether it is open, computed
    /// in C# from the raw requests and residents (the triggers' copies not used): the subject (the resident, or the
    /// household's 世帯主 with the lowest id), their district and prefecture now, their age band and the month at 受付.
    /// </summary>
    public static async Task<IReadOnlyList<(long RequestId, string[] Values, bool Open)>> FreshRequestsAsync(ConnectionFactory connections)
    {
        await using var connection = await connections.OpenAsync();
        var residents = (await connection.QueryAsync<ResidentRow>(
            "SELECT ResidentId, HouseholdId, Relationship, District, PrefectureCode, BirthDate FROM Residents")).ToList();
        var requests = await connection.QueryAsync<RequestRow>(
            "SELECT RequestId, HouseholdId, ResidentId, CategoryId, Status, CreatedAt FROM Requests");
        var rows = new List<(long, string[], bool)>();
        foreach (var r in requests)
        {
            var subject = r.ResidentId is { } id ? residents.Single(x => x.ResidentId == id)
                : residents.Where(x => x.HouseholdId == r.HouseholdId && x.Relationship == "世帯主").MinBy(x => x.ResidentId);
            var received = Common.JapanTimeOf(r.CreatedAt);
            var c = System.Globalization.CultureInfo.InvariantCulture;
            rows.Add((r.RequestId, [
                r.CategoryId.ToString(c),
                subject?.District ?? "",
                (subject?.PrefectureCode ?? -1).ToString(c),
                AgeBands.Of(subject?.BirthDate, DateOnly.FromDateTime(received)).ToString(c),
                received.ToString("yyyy-MM", c),
            ], r.Status < 3));
        }
        return rows;
    }

    /// <summary>Open and closed counts per (dimension, value), in the order of <see cref="Flatten"/>.</summary>
    public static IReadOnlyList<(RequestDimension, string, int, int)> Group(IEnumerable<(RequestDimension, string, bool)> rows) =>
        rows.GroupBy(x => (x.Item1, x.Item2))
            .Select(g => (g.Key.Item1, g.Key.Item2, g.Count(x => x.Item3), g.Count(x => !x.Item3)))
            .OrderBy(x => x.Item1).ThenBy(x => x.Item2, StringComparer.Ordinal).ToList();

    /// <summary>The figures of a summary in the order of <see cref="ExpectedTalliesAsync"/>.</summary>
    public static IReadOnlyList<(RequestDimension, string, int, int)> Flatten(RequestSummaryFigures figures) =>
        figures.Tallies.Select(t => (t.Dimension, t.Value, t.Open, t.Closed))
            .OrderBy(x => x.Dimension).ThenBy(x => x.Value, StringComparer.Ordinal).ToList();

    private static class Common
    {
        public static DateTime JapanTimeOf(DateTime utc) => CallCenter.Data.Common.JapanTime.FromUtc(utc);
    }

    private sealed class ResidentRow
    {
        public int ResidentId { get; init; }
        public int? HouseholdId { get; init; }
        public string? Relationship { get; init; }
        public string? District { get; init; }
        public int? PrefectureCode { get; init; }
        public DateOnly? BirthDate { get; init; }
    }

    private sealed class RequestRow
    {
        public long RequestId { get; init; }
        public int HouseholdId { get; init; }
        public int? ResidentId { get; init; }
        public int CategoryId { get; init; }
        public int Status { get; init; }
        public DateTime CreatedAt { get; init; }
    }
}
