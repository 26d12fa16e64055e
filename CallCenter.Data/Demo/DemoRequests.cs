using System.Data.Common;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Requests;
using Dapper;

namespace CallCenter.Data.Demo;

/// <summary>
/// The demo town's residents' requests (要望・相談): about one per eight households, every category, both urgencies,
/// spread over the last 60 days (never before the disaster), about half closed with their steps 回付 → 対応中 → 完了
/// by a clerk of the department (a demo account with a department, when there is one). Written in the seeding
/// transaction through prepared commands.
/// </summary>
internal static class DemoRequests
{
    /// <summary>The department each category goes to, by their default labels (migration 0015).</summary>
    private static readonly Dictionary<string, string> DepartmentOf = new()
    {
        ["住まい・住宅"] = "復興推進課", ["仕事・雇用"] = "総務課", ["教育・子育て"] = "教育委員会", ["医療・健康"] = "健康介護課",
        ["介護・福祉"] = "健康介護課", ["賠償・補償"] = "住民課", ["生活資金・支援金"] = "税務課", ["一時帰宅・立入り"] = "総務課",
        ["除染・放射線"] = "復興推進課", ["情報提供"] = "総務課", ["各種手続き・証明"] = "住民課", ["その他"] = "総務課",
    };

    private static readonly Dictionary<string, string[]> Bodies = new()
    {
        ["住まい・住宅"] = ["災害公営住宅の申込み時期と条件を知りたい", "仮設住宅の入居期限を延ばしてほしい", "自宅の修繕に使える補助制度を教えてほしい"],
        ["仕事・雇用"] = ["避難先で仕事を探している。町の就労支援を紹介してほしい", "休業中の事業所の再開見込みを知りたい"],
        ["教育・子育て"] = ["避難先の学校への転校手続きを相談したい", "子どもの給食費の扱いを知りたい", "町の学校の再開時期を知りたい"],
        ["医療・健康"] = ["持病の薬が残り少ない。避難先で処方を受けられる病院を教えてほしい", "健康診断を避難先で受けたい"],
        ["介護・福祉"] = ["要介護の母の介護サービスを避難先でも受けたい", "介護認定の更新手続きを避難先でしたい", "障害者手帳の再交付について相談したい"],
        ["賠償・補償"] = ["賠償請求の書類の書き方が分からない", "家財の損害の補償について相談したい"],
        ["生活資金・支援金"] = ["生活再建支援金の申請方法を知りたい", "義援金の配分の時期を知りたい", "固定資産税の減免を受けられるか知りたい"],
        ["一時帰宅・立入り"] = ["自宅に一時帰宅したい。次の実施日を知りたい", "ペットを迎えに一時帰宅できるか知りたい"],
        ["除染・放射線"] = ["自宅周辺の線量を測ってほしい", "庭の除染の予定を知りたい"],
        ["情報提供"] = ["町の広報誌を避難先に送ってほしい", "町の説明会の日程を知りたい"],
        ["各種手続き・証明"] = ["罹災証明書を発行してほしい", "住民票の写しを避難先で受け取りたい", "転居先の住所を届け出たい"],
        ["その他"] = ["避難先の近所に町の出身者がいないか知りたい", "町への意見を伝えたい"],
    };

    private const string CategoriesSql = """
        SELECT CategoryId AS Id, Label, SortOrder, IsActive
          FROM RequestCategories
        """;

    private const string DepartmentsSql = """
        SELECT DepartmentId AS Id, Name AS Label, SortOrder, IsActive
          FROM Departments
        """;

    private const string ClerksSql = """
          SELECT UserId, DepartmentId
            FROM Users
           WHERE DepartmentId IS NOT NULL
        ORDER BY UserId
        """;

    private const string RecordersSql = """
          SELECT UserId
            FROM Users
           WHERE Role IN (1, 2)
             AND DepartmentId IS NULL
        ORDER BY UserId
        """;

    private const string InsertRequestSql = """
        INSERT INTO Requests (HouseholdId, ResidentId, CategoryId, DepartmentId, IsUrgent, Body, Status, CallId,
                              CreatedAt, CreatedBy, UpdatedAt, ClosedAt, Version)
             VALUES (@HouseholdId, @ResidentId, @CategoryId, @DepartmentId, @IsUrgent, @Body, @Status, NULL,
                     @CreatedAt, @CreatedBy, @UpdatedAt, @ClosedAt, @Version);
        {last_id}
        """;

    private const string InsertStepSql = """
        INSERT INTO RequestSteps (RequestId, Status, DepartmentId, Note, UserId, At)
             VALUES (@RequestId, @Status, @DepartmentId, @Note, @UserId, @At)
        """;

    private static readonly string[] DoneNotes = ["電話で手続きを案内し、書類を郵送した", "担当窓口につなぎ、対応を終えた", "必要な情報を送付し、本人に確認した"];

    /// <summary>Writes the requests of <paramref name="households"/> (each with its members); returns how many.</summary>
    public static async Task<int> WriteAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect,
        IReadOnlyList<(long HouseholdId, IReadOnlyList<long> Members)> households, int seed, DateOnly disasterDate, DateTime nowUtc, CancellationToken ct)
    {
        var categories = (await connection.QueryAsync<ListEntry>(new CommandDefinition(CategoriesSql, transaction: transaction, cancellationToken: ct)))
            .Where(c => c.IsActive).OrderBy(c => c.SortOrder).ToList();
        var departments = (await connection.QueryAsync<ListEntry>(new CommandDefinition(DepartmentsSql, transaction: transaction, cancellationToken: ct)))
            .Where(d => d.IsActive).ToDictionary(d => d.Label, d => d.Id);
        var clerks = (await connection.QueryAsync<(long UserId, long DepartmentId)>(new CommandDefinition(ClerksSql, transaction: transaction, cancellationToken: ct)))
            .ToLookup(c => (int)c.DepartmentId, c => (int?)c.UserId);
        var recorders = (await connection.QueryAsync<long>(new CommandDefinition(RecordersSql, transaction: transaction, cancellationToken: ct))).ToList();
        if (categories.Count == 0 || departments.Count == 0)
        {
            return 0;
        }
        var random = new Random(seed + 17);
        var from = JapanTime.StartOfDayUtc(Max(disasterDate, DateOnly.FromDateTime(JapanTime.FromUtc(nowUtc)).AddDays(-60)));
        var span = nowUtc - from;
        await using var insertRequest = new PreparedCommand(connection, transaction, dialect.Render(InsertRequestSql),
            "HouseholdId", "ResidentId", "CategoryId", "DepartmentId", "IsUrgent", "Body", "Status", "CreatedAt", "CreatedBy", "UpdatedAt", "ClosedAt", "Version");
        await using var insertStep = new PreparedCommand(connection, transaction, InsertStepSql, "RequestId", "Status", "DepartmentId", "Note", "UserId", "At");
        var written = 0;
        foreach (var (householdId, members) in households)
        {
            if (random.Next(8) != 0)
            {
                continue;
            }
            // Every category in turn, so each appears however small the town.
            var category = categories[written % categories.Count];
            var departmentId = departments.TryGetValue(DepartmentOf.GetValueOrDefault(category.Label, "総務課"), out var id) ? id : departments.Values.First();
            var bodies = Bodies.GetValueOrDefault(category.Label, Bodies["その他"]);
            var residentId = members.Count > 0 && random.Next(3) > 0 ? members[random.Next(members.Count)] : (long?)null;
            var urgent = random.Next(5) == 0;
            var createdAt = from + TimeSpan.FromMinutes(random.NextDouble() * span.TotalMinutes * 0.97);
            var recorder = recorders.Count > 0 ? recorders[random.Next(recorders.Count)] : (long?)null;
            var clerk = clerks[departmentId].FirstOrDefault();
            // About half are closed: 回付 → 対応中 → 完了; the others stop at 受付, 回付 or 対応中. A step after now is not taken.
            var target = random.Next(2) == 0 ? RequestStatus.Done : (RequestStatus)random.Next(3);
            var steps = new List<(RequestStatus Status, DateTime At, string? Note)> { (RequestStatus.Received, createdAt, null) };
            var at = createdAt;
            foreach (var next in new[] { RequestStatus.Routed, RequestStatus.InProgress, RequestStatus.Done }.Where(s => s <= target))
            {
                at += TimeSpan.FromHours(4 + random.NextDouble() * (urgent ? 20 : 70));
                if (at > nowUtc)
                {
                    break;
                }
                steps.Add((next, at, next == RequestStatus.Done ? DoneNotes[random.Next(DoneNotes.Length)] : null));
            }
            var last = steps[^1];
            var requestId = await insertRequest.Set(householdId, residentId, category.Id, departmentId, urgent, bodies[random.Next(bodies.Length)],
                (byte)last.Status, createdAt, recorder, last.At, last.Status.IsClosed() ? last.At : (DateTime?)null, steps.Count - 1).ExecuteScalarInt64Async(ct);
            foreach (var step in steps)
            {
                var by = step.Status == RequestStatus.Received ? recorder : clerk;
                await insertStep.Set(requestId, (byte)step.Status, departmentId, step.Note, by, step.At).ExecuteAsync(ct);
            }
            written++;
        }
        return written;
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
