using System.Globalization;
using CallCenter.Data.Audit;
using CallCenter.Data.Database;
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
        SELECT ResidentId, ResidentNo, FamilyName, GivenName, BirthDate, District, MergedIntoResidentId
          FROM Residents
         WHERE ResidentNo = @ResidentNo
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
    /// </summary>
    public async Task<CallLinkResult> LinkAsync(long callId, string residentNo, OperatorContext by, bool ownCallOnly,
        CancellationToken cancellationToken = default)
    {
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
        var person = await connection.QueryFirstOrDefaultAsync<PersonRow>(new CommandDefinition(ResidentSql,
            new { ResidentNo = number }, transaction, cancellationToken: cancellationToken));
        if (person is null)
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

        public CallPerson Person => new()
        {
            ResidentId = ResidentId, ResidentNo = ResidentNo, FamilyName = FamilyName, GivenName = GivenName, BirthDate = BirthDate, District = District,
        };
    }
}
