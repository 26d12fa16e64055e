using System.Globalization;
using CallCenter.Data.Audit;
using CallCenter.Data.Database;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Data.Calls;

/// <summary>
/// Links a recorded call to a person it was about (a row of CallResidents), later: a call about no registered person
/// turns out to concern a resident. The link and its audit row commit together; linking twice writes nothing.
/// </summary>
public sealed class CallLinks(ConnectionFactory connections, TimeProvider time)
{
    private const string CallOperatorSql = """
        SELECT OperatorUserId
          FROM Calls
         WHERE CallId = @CallId
        """;

    private const string ResidentSql = """
        SELECT r.ResidentId, r.ResidentNo, r.FamilyName, r.GivenName, r.BirthDate, r.District, r.MergedIntoResidentId, r.TownId,
               t.Name AS TownName
          FROM Residents r
          JOIN Towns t ON t.TownId = r.TownId
         WHERE r.ResidentNo = @ResidentNo
        """;

    private const string LinkExistsSql = """
        SELECT COUNT(*)
          FROM CallResidents
         WHERE CallId = @CallId
           AND ResidentId = @ResidentId
        """;

    private const string InsertLinkSql = """
        INSERT INTO CallResidents (CallId, ResidentId)
             VALUES (@CallId, @ResidentId)
        """;

    /// <summary>
    /// Links call <paramref name="callId"/> to the resident numbered <paramref name="residentNo"/>. With
    /// <paramref name="ownCallOnly"/> (an operator, not a supervisor) only a call <paramref name="by"/> took may be linked.
    /// Only a resident of <paramref name="scope"/> (all towns when null) may be linked: one of another town is not found,
    /// and a number used in several of the scope's towns is refused, naming them (the same number is two people).
    /// </summary>
    public async Task<CallLinkResult> LinkAsync(long callId, string residentNo, OperatorContext by, bool ownCallOnly,
        TownScope? scope = null, CancellationToken cancellationToken = default)
    {
        scope ??= TownScope.All;
        var number = residentNo.Trim();
        if (number.Length == 0)
        {
            return new CallLinkResult("住民番号を入力してください。", null, false);
        }
        await using var write = await AuditedWrite.BeginAsync(connections, time, by, cancellationToken);
        var (connection, transaction) = (write.Connection, write.Transaction);
        var call = await connection.QueryFirstOrDefaultAsync<CallRow>(new CommandDefinition(CallOperatorSql,
            new { CallId = callId }, transaction, cancellationToken: cancellationToken));
        if (call is null)
        {
            return new CallLinkResult($"通話（番号 {callId}）は見つかりません。", null, false);
        }
        if (ownCallOnly && call.OperatorUserId != by.UserId)
        {
            return new CallLinkResult("この通話に対象者を加えられるのは、通話を受けたオペレーターとスーパーバイザーです。", null, false);
        }
        var found = (await connection.QueryAsync<PersonRow>(new CommandDefinition(ResidentSqlFor(scope),
            scope.IsAll ? new { ResidentNo = number } : new { ResidentNo = number, scope.TownIds }, transaction, cancellationToken: cancellationToken))).ToList();
        if (found.Count > 1)
        {
            return new CallLinkResult($"住民番号「{number}」の人は複数の町にいます（{string.Join("、", found.Select(f => f.TownName))}）。"
                + "住民の画面から通話を記録してください。", null, false);
        }
        if (found.SingleOrDefault() is not { } person)
        {
            return new CallLinkResult($"住民番号「{number}」の人は見つかりません。", null, false);
        }
        if (person.MergedIntoResidentId is not null)
        {
            return new CallLinkResult($"{person.Person.Name}（{number}）は住民に統合された仮登録者です。統合先の住民を選んでください。", null, false);
        }
        var linked = await connection.ExecuteScalarAsync<int>(new CommandDefinition(LinkExistsSql,
            new { CallId = callId, person.ResidentId }, transaction, cancellationToken: cancellationToken));
        if (linked > 0)
        {
            return new CallLinkResult(null, person.Person, false);
        }
        await connection.ExecuteAsync(new CommandDefinition(InsertLinkSql, new { CallId = callId, person.ResidentId }, transaction,
            cancellationToken: cancellationToken));
        await write.AuditAsync(AuditActions.LinkCall, "call", callId.ToString(CultureInfo.InvariantCulture), person.ResidentId,
            $"通話 {callId} の対象者に {person.Person.Name}（住民番号 {person.ResidentNo}）を追加");
        await write.CommitAsync();
        return new CallLinkResult(null, person.Person, true);
    }

    private static string ResidentSqlFor(TownScope scope) => ResidentSql + scope.Filter("r.TownId");

    /// <summary>The statements a limited scope sends (the SQL Server checks parse and bind each).</summary>
    public static IEnumerable<(string Name, string Sql)> TownStatements() => [("Resident.towns", TownSql.Expanded(ResidentSqlFor(TownScope.Only([1, 2]))))];

    private sealed class CallRow
    {
        public int? OperatorUserId { get; init; }
    }

    private sealed class PersonRow
    {
        public int ResidentId { get; init; }
        public string ResidentNo { get; init; } = "";
        public string FamilyName { get; init; } = "";
        public string GivenName { get; init; } = "";
        public DateOnly? BirthDate { get; init; }
        public string? District { get; init; }
        public int? MergedIntoResidentId { get; init; }
        public int TownId { get; init; }
        public string TownName { get; init; } = "";

        public CallPerson Person => new()
        {
            ResidentId = ResidentId, ResidentNo = ResidentNo, FamilyName = FamilyName, GivenName = GivenName, BirthDate = BirthDate, District = District,
            TownId = TownId,
        };
    }
}
