using System.Data.Common;
using CallCenter.Data.Database;
using Dapper;

namespace CallCenter.Data.Accounts;

/// <summary>The outcome of reserving a password check: whether it may run, the failures counted so far with it, and the lock.</summary>
/// <param name="Reserved">True when the password may be checked; false when the name is locked for this address.</param>
/// <param name="Failures">Failures counted for the name and address, this attempt included when reserved.</param>
/// <param name="LockedUntil">When the lock ends (set once the reserved attempt is the last one allowed), or null.</param>
public sealed record SignInReservation(bool Reserved, int Failures, DateTime? LockedUntil);

/// <summary>A user name locked from at least one client address, and until when (the latest lock).</summary>
public sealed record SignInLock
{
    /// <summary>The locked user name.</summary>
    public required string UserName { get; init; }
    /// <summary>When the latest lock ends (UTC).</summary>
    public DateTime LockedUntil { get; init; }
    /// <summary>From how many client addresses it is locked.</summary>
    public int Addresses { get; init; }
}

/// <summary>
/// Counts failed sign-ins per user name and client address (table <c>SignInFailures</c>). A password is checked
/// only after <see cref="TryReserveAsync"/> has counted the attempt as a failure in the database, in one atomic
/// statement: however many attempts arrive at once, at most <c>maxFailures</c> passwords are checked for a name
/// and address per lock period. A successful sign-in gives the attempt back (<see cref="ClearAsync"/>).
/// Names are counted whether or not an account has them, so an unknown name behaves exactly like a real one.
/// </summary>
public sealed class SignInFailureRepository(ConnectionFactory connections)
{
    /// <summary>The longest user name or address kept (the columns' width); longer input is cut.</summary>
    public const int MaxNameLength = 50;

    /// <summary>The longest client address kept.</summary>
    public const int MaxAddressLength = 64;

    // A row whose lock has ended, or whose last failure is older than one lock period, starts counting again at 1.
    // The WHERE refuses a row that is locked: its count stays where it is and no password is checked.
    private const string ReserveSql = """
        UPDATE SignInFailures
           SET Failures = CASE WHEN LockedUntil <= @Now OR LastFailureAt <= @StaleBefore THEN 1 ELSE Failures + 1 END,
               LockedUntil = CASE WHEN (CASE WHEN LockedUntil <= @Now OR LastFailureAt <= @StaleBefore THEN 1 ELSE Failures + 1 END) >= @MaxFailures
                                  THEN @LockUntil
                                  ELSE NULL
                             END,
               LastFailureAt = @Now
         WHERE UserName = @UserName
           AND ClientAddress = @ClientAddress
           AND (LockedUntil IS NULL OR LockedUntil <= @Now)
        """;

    private const string InsertFirstSql = """
        INSERT INTO SignInFailures (UserName, ClientAddress, Failures, LastFailureAt, LockedUntil)
             SELECT @UserName, @ClientAddress, 1, @Now, CASE WHEN 1 >= @MaxFailures THEN @LockUntil ELSE NULL END
              WHERE NOT EXISTS (SELECT 1
                                  FROM SignInFailures
                                 WHERE UserName = @UserName
                                   AND ClientAddress = @ClientAddress)
        """;

    private const string ReadSql = """
        SELECT Failures, LockedUntil
          FROM SignInFailures
         WHERE UserName = @UserName
           AND ClientAddress = @ClientAddress
        """;

    // Rows of names nobody has tried for a lock period and whose lock has ended: unknown names do not pile up.
    private const string PruneSql = """
        DELETE FROM SignInFailures
         WHERE LastFailureAt <= @StaleBefore
           AND (LockedUntil IS NULL OR LockedUntil <= @Now)
        """;

    /// <summary>
    /// Counts one failure for the name and address before its password is checked, unless the pair is locked.
    /// The attempt that reaches <paramref name="maxFailures"/> locks the pair until <c>now + lockout</c>; failures
    /// older than <paramref name="lockout"/> are forgotten.
    /// </summary>
    public async Task<SignInReservation> TryReserveAsync(string userName, string clientAddress, int maxFailures,
        DateTime now, TimeSpan lockout, CancellationToken cancellationToken = default)
    {
        var parameters = new
        {
            UserName = Cut(userName, MaxNameLength),
            ClientAddress = Cut(clientAddress, MaxAddressLength),
            MaxFailures = Math.Max(1, maxFailures),
            Now = now,
            StaleBefore = now - lockout,
            LockUntil = now + lockout,
        };
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await connections.OpenAsync(cancellationToken);
            await using var transaction = await connections.BeginWriteAsync(connection, cancellationToken);
            try
            {
                var reserved = await connection.ExecuteAsync(new CommandDefinition(ReserveSql, parameters, transaction, cancellationToken: cancellationToken)) == 1;
                if (!reserved)
                {
                    reserved = await connection.ExecuteAsync(new CommandDefinition(InsertFirstSql, parameters, transaction, cancellationToken: cancellationToken)) == 1;
                    if (reserved)
                    {
                        await connection.ExecuteAsync(new CommandDefinition(PruneSql, parameters, transaction, cancellationToken: cancellationToken));
                    }
                }
                var row = await connection.QuerySingleAsync<FailureRow>(
                    new CommandDefinition(ReadSql, parameters, transaction, cancellationToken: cancellationToken));
                await transaction.CommitAsync(cancellationToken);
                return new SignInReservation(reserved, row.Failures, row.LockedUntil);
            }
            catch (DbException e) when (attempt < 3 && connections.Dialect.IsDuplicateKey(e))
            {
                // Two first failures of the same pair at once on SQL Server: both saw no row, one insert lost on
                // the primary key. Again: the row now exists and the UPDATE counts this attempt. (SQLite's
                // BEGIN IMMEDIATE serialises the two, so it never gets here.)
            }
        }
    }

    private const string ClearSql = """
        DELETE FROM SignInFailures
         WHERE UserName = @UserName
           AND ClientAddress = @ClientAddress
        """;

    /// <summary>Forgets the failures of a name from an address (after a successful sign-in there).</summary>
    public async Task ClearAsync(string userName, string clientAddress, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(ClearSql,
            new { UserName = Cut(userName, MaxNameLength), ClientAddress = Cut(clientAddress, MaxAddressLength) }, cancellationToken: cancellationToken));
    }

    private const string UnlockSql = """
        DELETE FROM SignInFailures
         WHERE UserName = @UserName
        """;

    /// <summary>Forgets every failure and lock of a name, from every address (an admin's unlock). Returns the addresses cleared.</summary>
    public async Task<int> UnlockAsync(string userName, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(UnlockSql,
            new { UserName = Cut(userName, MaxNameLength) }, cancellationToken: cancellationToken));
    }

    private const string LocksSql = """
          SELECT UserName, MAX(LockedUntil) AS LockedUntil, COUNT(*) AS Addresses
            FROM SignInFailures
           WHERE LockedUntil > @Now
        GROUP BY UserName
        """;

    /// <summary>The names locked now from at least one address.</summary>
    public async Task<IReadOnlyList<SignInLock>> LocksAsync(DateTime now, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<SignInLock>(new CommandDefinition(LocksSql, new { Now = now }, cancellationToken: cancellationToken))).AsList();
    }

    private sealed class FailureRow
    {
        public int Failures { get; init; }
        public DateTime? LockedUntil { get; init; }
    }

    /// <summary>The text as the table keeps it: at most <paramref name="length"/> characters.</summary>
    public static string Cut(string text, int length) => text.Length <= length ? text : text[..length];
}
