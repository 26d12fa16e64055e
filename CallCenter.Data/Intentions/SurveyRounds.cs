using System.Data.Common;
using System.Globalization;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using Dapper;

namespace CallCenter.Data.Intentions;

/// <summary>
/// The rounds of the intention survey (回答ラウンド): supervisors create one by name, close it when it ends and may
/// reopen it. The current round is the newest open one; answers are recorded only into an open round. Each change is
/// one transaction with its Japanese audit row; a refused change writes nothing and says why.
/// </summary>
public sealed class SurveyRounds(ConnectionFactory connections, TimeProvider time)
{
    /// <summary>The longest name (the column is NVARCHAR(30) on SQL Server).</summary>
    public const int MaxNameLength = 30;

    private const string ListSql = """
           SELECT r.RoundId, r.Name, r.CreatedAt, r.ClosedAt, COALESCE(c.Answered, 0) AS Answered
             FROM SurveyRounds r
        LEFT JOIN (SELECT RoundId, COUNT(*) AS Answered
                     FROM HouseholdIntentions
                 GROUP BY RoundId) c ON c.RoundId = r.RoundId
         ORDER BY r.RoundId DESC
        """;

    /// <summary>Every round, newest first, each with its answered households (one grouped count).</summary>
    public async Task<IReadOnlyList<SurveyRound>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return [.. await connection.QueryAsync<SurveyRound>(new CommandDefinition(ListSql, cancellationToken: cancellationToken))];
    }

    private const string CurrentSql = """
          SELECT RoundId, Name, CreatedAt, ClosedAt
            FROM SurveyRounds
           WHERE ClosedAt IS NULL
        ORDER BY RoundId DESC
        {page}
        """;

    /// <summary>The current round: the newest open one; null when every round is closed or there is none.</summary>
    public async Task<SurveyRound?> CurrentAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QueryFirstOrDefaultAsync<SurveyRound>(new CommandDefinition(connections.Dialect.Render(CurrentSql),
            new { Skip = 0, Take = 1 }, cancellationToken: cancellationToken));
    }

    private const string FindByNameSql = """
        SELECT RoundId, Name, CreatedAt, ClosedAt
          FROM SurveyRounds
         WHERE Name = @Name
        """;

    /// <summary>The round of that name (trimmed), or null.</summary>
    public async Task<SurveyRound?> FindAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await FindAsync(connection, null, name.Trim(), cancellationToken);
    }

    internal static Task<SurveyRound?> FindAsync(DbConnection connection, DbTransaction? transaction, string name, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<SurveyRound>(new CommandDefinition(FindByNameSql, new { Name = name }, transaction, cancellationToken: cancellationToken));

    /// <summary>
    /// The problem with a name a supervisor typed (empty, longer than <see cref="MaxNameLength"/>, a refused
    /// character), in Japanese; null when it can be stored. Uniqueness is checked when writing.
    /// </summary>
    public static string? NameProblem(string? name)
    {
        var text = name?.Trim() ?? "";
        if (text.Length == 0)
        {
            return "回答ラウンドの名前を入力してください。";
        }
        if (text.Length > MaxNameLength)
        {
            return $"回答ラウンドの名前は{MaxNameLength}文字以内にしてください。";
        }
        return TextSafety.FieldProblem("回答ラウンドの名前", text);
    }

    private const string CreateSql = """
        INSERT INTO SurveyRounds (Name, CreatedAt, CreatedBy)
             VALUES (@Name, @CreatedAt, @CreatedBy);
        {last_id}
        """;

    /// <summary>Creates an open round (it becomes the current one); returns the refusal in Japanese, or null when created.</summary>
    public async Task<string?> CreateAsync(string name, OperatorContext by, CancellationToken cancellationToken = default)
    {
        if (NameProblem(name) is { } problem)
        {
            return problem;
        }
        var text = name.Trim();
        await using var write = await AuditedWrite.BeginAsync(connections, time, by, cancellationToken);
        if (await FindAsync(write.Connection, write.Transaction, text, cancellationToken) is not null)
        {
            return Taken(text);
        }
        try
        {
            await CreateAsync(write, connections.Dialect, text, cancellationToken);
        }
        catch (DbException e) when (connections.Dialect.IsDuplicateKey(e))
        {
            // Under SQL Server's READ COMMITTED two supervisors may both pass the check: the unique constraint decides.
            return Taken(text);
        }
        await write.CommitAsync();
        return null;
    }

    /// <summary>Creates a round inside the caller's write with its audit row (the intention import creates its round so).</summary>
    internal static async Task<int> CreateAsync(AuditedWrite write, SqlDialect dialect, string name, CancellationToken cancellationToken)
    {
        var id = await write.Connection.ExecuteScalarAsync<long>(new CommandDefinition(dialect.Render(CreateSql),
            new { Name = name, CreatedAt = write.Now, CreatedBy = write.By.UserId }, write.Transaction, cancellationToken: cancellationToken));
        await write.AuditAsync(AuditActions.EditSurveyRounds, "survey-round", id.ToString(CultureInfo.InvariantCulture),
            details: $"回答ラウンド「{name}」を作成");
        return (int)id;
    }

    private const string FindByIdSql = """
        SELECT RoundId, Name, CreatedAt, ClosedAt
          FROM SurveyRounds
         WHERE RoundId = @RoundId
        """;

    internal static Task<SurveyRound?> FindAsync(DbConnection connection, DbTransaction? transaction, int roundId, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<SurveyRound>(new CommandDefinition(FindByIdSql, new { RoundId = roundId }, transaction, cancellationToken: cancellationToken));

    private const string SetClosedSql = """
        UPDATE SurveyRounds
           SET ClosedAt = @ClosedAt
         WHERE RoundId = @RoundId
        """;

    /// <summary>
    /// Closes a round (it takes no more answers; its answers stay) or reopens it. Returns the refusal in Japanese, or
    /// null when done (or when it already was so).
    /// </summary>
    public async Task<string?> SetClosedAsync(int roundId, bool closed, OperatorContext by, CancellationToken cancellationToken = default)
    {
        await using var write = await AuditedWrite.BeginAsync(connections, time, by, cancellationToken);
        if (await FindAsync(write.Connection, write.Transaction, roundId, cancellationToken) is not { } round)
        {
            return "この回答ラウンドは見つかりません。画面を開き直してください。";
        }
        if (round.IsOpen != closed)
        {
            return null;
        }
        await write.Connection.ExecuteAsync(new CommandDefinition(SetClosedSql, new { ClosedAt = closed ? write.Now : (DateTime?)null, RoundId = roundId },
            write.Transaction, cancellationToken: cancellationToken));
        await write.AuditAsync(AuditActions.EditSurveyRounds, "survey-round", roundId.ToString(CultureInfo.InvariantCulture),
            details: closed ? $"回答ラウンド「{round.Name}」を締め切り" : $"回答ラウンド「{round.Name}」を再開");
        await write.CommitAsync();
        return null;
    }

    private static string Taken(string name) => $"回答ラウンド「{name}」は既にあります。別の名前にしてください。";
}
