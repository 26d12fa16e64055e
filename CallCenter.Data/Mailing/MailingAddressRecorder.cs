using System.Data.Common;
using System.Globalization;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using Dapper;

namespace CallCenter.Data.Mailing;

/// <summary>
/// Records a household's mailing address (送付先): the address row (MailingAddresses, append-only: the history), the
/// household's current address (HouseholdMailing: AddressId the new one, ReturnedOn cleared) and the audit row, in one
/// transaction — on its own from the resident page (<see cref="SaveAsync"/>) or inside a call's transaction
/// (<see cref="AppendAsync"/>, called by <see cref="CallRecordingService"/>). An address identical to the current one
/// (every field equal) is not written again, and the 宛所不明 mark stays. Every check runs before the first write; a
/// refused address writes nothing and names the field in Japanese.
/// </summary>
public sealed class MailingAddressRecorder(ConnectionFactory connections, TimeProvider time)
{
    /// <summary>The field key of a mailing field in a <see cref="DraftError"/>: <c>mailing.postalCode</c>.</summary>
    public static string FieldKey(string field) => "mailing." + field;

    /// <summary>The checks that need no database, as <see cref="DraftError"/>s keyed by <see cref="FieldKey"/>; none for a null draft.</summary>
    public static IReadOnlyList<DraftError> Validate(MailingAddressDraft? draft, DateOnly today)
    {
        if (draft is null)
        {
            return [];
        }
        var problems = new List<(string Field, string Message)>();
        MailingAddressRules.Check(draft, today, problems);
        return [.. problems.Select(p => new DraftError(null, FieldKey(p.Field), p.Message))];
    }

    /// <summary>Saves an address from the resident page (source 画面), or the field errors (nothing written).</summary>
    /// <returns>The new address id, null with no errors when it equals the current address (nothing written), or the errors.</returns>
    public async Task<(long? AddressId, IReadOnlyList<DraftError> Errors)> SaveAsync(MailingAddressDraft draft, OperatorContext by,
        CancellationToken cancellationToken = default)
    {
        var errors = Validate(draft, JapanTime.Today(time));
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        await using var write = await AuditedWrite.BeginAsync(connections, time, by, cancellationToken);
        var (id, refused) = await AppendAsync(write, connections.Dialect, draft, MailingSource.Screen, null, cancellationToken);
        if (refused.Count > 0)
        {
            return (null, refused);
        }
        await write.CommitAsync();
        return (id, []);
    }

    private const string HouseholdSql = """
        SELECT HouseholdNo
          FROM Households
         WHERE HouseholdId = @HouseholdId
        """;

    /// <summary>
    /// Checks and writes <paramref name="draft"/> inside <paramref name="write"/>'s transaction (the caller commits):
    /// the household exists; an address identical to the current one writes nothing (id null). When a check fails
    /// nothing is written and the errors are returned; the caller must not commit.
    /// </summary>
    public static async Task<(long? AddressId, IReadOnlyList<DraftError> Errors)> AppendAsync(AuditedWrite write, SqlDialect dialect,
        MailingAddressDraft? draft, MailingSource source, long? callId, CancellationToken cancellationToken = default)
    {
        if (draft is null)
        {
            return (null, []);
        }
        var problems = new List<(string Field, string Message)>();
        var value = MailingAddressRules.Check(draft, DateOnly.FromDateTime(JapanTime.FromUtc(write.Now)), problems);
        if (value is null)
        {
            return (null, [.. problems.Select(p => new DraftError(null, FieldKey(p.Field), p.Message))]);
        }
        var householdNo = await write.Connection.ExecuteScalarAsync<string?>(new CommandDefinition(HouseholdSql, new { draft.HouseholdId },
            write.Transaction, cancellationToken: cancellationToken));
        if (householdNo is null)
        {
            return (null, [new DraftError(null, FieldKey("household"), "この世帯は見つかりません。画面を開き直してください。")]);
        }
        var current = await MailingAddresses.CurrentAsync(write.Connection, write.Transaction, draft.HouseholdId, cancellationToken);
        if (value.SameAs(current?.Address))
        {
            return (null, []);
        }
        var id = await Writer.WriteAsync(write.Connection, write.Transaction, dialect, value, source, callId, write.Now, write.By.UserId,
            current is not null, cancellationToken);
        await write.AuditAsync(AuditActions.RecordMailingAddress, "household", householdNo, details: AuditDetails(source, value, callId));
        return (id, []);
    }

    /// <summary>The audit row's details: 「送付先 〒979-1306・通話 #12」 (no name nor street: the row says which household).</summary>
    public static string AuditDetails(MailingSource source, MailingAddressValue value, long? callId) =>
        Audit.AuditDetails.Join($"送付先 {PostalCodes.Display(value.PostalCode)}", MailingAddressRules.Label(source),
            callId is { } id ? $"通話 #{id.ToString(CultureInfo.InvariantCulture)}" : null) ?? "";

    /// <summary>The two statements of one recorded address: the history row and the household's current address.</summary>
    internal static class Writer
    {
        private const string InsertSql = """
            INSERT INTO MailingAddresses (HouseholdId, Addressee, PostalCode, Address1, Address2, ConfirmedOn, Source, CallId, RecordedAt, RecordedBy)
                 VALUES (@HouseholdId, @Addressee, @PostalCode, @Address1, @Address2, @ConfirmedOn, @Source, @CallId, @Now, @UserId);
            {last_id}
            """;

        private const string UpdateCurrentSql = """
            UPDATE HouseholdMailing
               SET AddressId = @AddressId, ReturnedOn = NULL
             WHERE HouseholdId = @HouseholdId
            """;

        private const string InsertCurrentSql = """
            INSERT INTO HouseholdMailing (HouseholdId, AddressId, ReturnedOn)
                 VALUES (@HouseholdId, @AddressId, NULL)
            """;

        /// <summary>Writes the address and makes it current (<paramref name="hasCurrent"/>: update, else insert); returns its id.</summary>
        public static async Task<long> WriteAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, MailingAddressValue v,
            MailingSource source, long? callId, DateTime now, int? userId, bool hasCurrent, CancellationToken cancellationToken)
        {
            var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(dialect.Render(InsertSql), new
            {
                v.HouseholdId, v.Addressee, v.PostalCode, v.Address1, v.Address2, v.ConfirmedOn, Source = (int)source, CallId = callId,
                Now = now, UserId = userId,
            }, transaction, cancellationToken: cancellationToken));
            var args = new { v.HouseholdId, AddressId = id };
            if (!hasCurrent || await connection.ExecuteAsync(new CommandDefinition(UpdateCurrentSql, args, transaction, cancellationToken: cancellationToken)) == 0)
            {
                await connection.ExecuteAsync(new CommandDefinition(InsertCurrentSql, args, transaction, cancellationToken: cancellationToken));
            }
            return id;
        }
    }
}
