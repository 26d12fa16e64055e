using System.Data.Common;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using Dapper;

namespace CallCenter.Data.Calls;

/// <summary>Stores phone calls.</summary>
public sealed class CallRepository
{
    private const string InsertSql = """
        INSERT INTO Calls (Direction, CallerName, CallerPhone, CallerPhoneKey, CallerRelation, OperatorUserId, Site,
                           StartedAt, EndedAt, Note, WrapUpCodeId)
             VALUES (@Direction, @CallerName, @CallerPhone, @CallerPhoneKey, @CallerRelation, @OperatorUserId, @Site,
                     @StartedAt, @EndedAt, @Note, @WrapUpCodeId);
        {last_id}
        """;

    /// <summary>Inserts a call inside the caller's transaction and returns its id.</summary>
    public static Task<long> InsertAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, NewCall call,
        CancellationToken cancellationToken)
    {
        TextSafety.Ensure(("通話相手の氏名", call.CallerName), ("通話相手の電話番号", call.CallerPhone), ("続柄・関係", call.CallerRelation),
            ("拠点", call.Site), ("通話メモ", call.Note));
        return connection.ExecuteScalarAsync<long>(new CommandDefinition(dialect.Render(InsertSql), new
        {
            Direction = (byte)call.Direction,
            call.CallerName,
            call.CallerPhone,
            CallerPhoneKey = PhoneNumbers.Key(call.CallerPhone),
            call.CallerRelation,
            call.OperatorUserId,
            call.Site,
            call.StartedAt,
            call.EndedAt,
            call.Note,
            call.WrapUpCodeId,
        }, transaction, cancellationToken: cancellationToken));
    }
}
