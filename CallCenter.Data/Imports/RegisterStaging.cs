using System.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Residents;

namespace CallCenter.Data.Imports;

/// <summary>
/// The validated rows of a register file, kept in temporary tables private to the import's connection (SQLite's
/// temp schema, SQL Server's #tables), so memory stays flat for a register of a million rows and what the file
/// means is worked out in SQL: duplicates within the file (<see cref="DuplicatesAsync"/>), the households the file
/// names with the row that decides each one's district and address (<see cref="GroupHouseholdsAsync"/>), then the
/// set-based comparison and upsert (<c>ResidentImportService.RegisterWriter</c>). The staging tables have no
/// secondary index: rows are appended in line order, which is their key.
/// </summary>
/// <remarks>
/// Writing a temporary table takes no lock on the register: on SQLite the temp schema is its own file, so a check
/// under a read snapshot still blocks no operator. The tables live as long as the connection, so they are dropped
/// on dispose (a pooled connection is reused).
/// </remarks>
internal sealed class RegisterStaging : IAsyncDisposable
{
    private const string DropRowsSql = """
        DROP TABLE IF EXISTS {temp}RegisterRows
        """;

    private const string DropHouseholdsSql = """
        DROP TABLE IF EXISTS {temp}RegisterHouseholds
        """;

    // Text columns compare exactly ({bin}); a row's line is its key, so rows go in in key order.
    private const string CreateRowsSql = """
        CREATE TABLE {temp}RegisterRows (
            Line             INTEGER       NOT NULL PRIMARY KEY,
            ResidentNo       NVARCHAR(20)  {bin} NOT NULL,
            HouseholdNo      NVARCHAR(20)  {bin} NOT NULL,
            IsHead           INTEGER       NOT NULL,
            Relationship     NVARCHAR(20)  {bin} NULL,
            FamilyName       NVARCHAR(50)  {bin} NOT NULL,
            GivenName        NVARCHAR(50)  {bin} NOT NULL,
            FamilyNameKana   NVARCHAR(50)  {bin} NOT NULL,
            GivenNameKana    NVARCHAR(50)  {bin} NOT NULL,
            BirthDate        DATE          NULL,
            Sex              INTEGER       NOT NULL,
            District         NVARCHAR(50)  {bin} NULL,
            Address          NVARCHAR(200) {bin} NULL,
            Phone            NVARCHAR(30)  {bin} NULL,
            PhoneKey         NVARCHAR(20)  {bin} NULL,
            IsVulnerable     INTEGER       NULL,
            VulnerableReason NVARCHAR(200) {bin} NULL,
            FamilyNameKey    NVARCHAR(50)  {bin} NOT NULL,
            GivenNameKey     NVARCHAR(50)  {bin} NOT NULL,
            NameKey          NVARCHAR(100) {bin} NOT NULL,
            FamilyKanaKey    NVARCHAR(50)  {bin} NOT NULL,
            GivenKanaKey     NVARCHAR(50)  {bin} NOT NULL,
            KanaKey          NVARCHAR(100) {bin} NOT NULL
        )
        """;

    private const string CreateHouseholdsSql = """
        CREATE TABLE {temp}RegisterHouseholds (
            HouseholdNo      NVARCHAR(20)  {bin} NOT NULL PRIMARY KEY,
            FirstLine        INTEGER       NOT NULL,
            District         NVARCHAR(50)  {bin} NULL,
            Address          NVARCHAR(200) {bin} NULL
        )
        """;

    private const string StageRowSql = """
        INSERT INTO {temp}RegisterRows (Line, ResidentNo, HouseholdNo, IsHead, Relationship, FamilyName, GivenName,
                                        FamilyNameKana, GivenNameKana, BirthDate, Sex, District, Address, Phone, PhoneKey,
                                        IsVulnerable, VulnerableReason, FamilyNameKey, GivenNameKey, NameKey,
                                        FamilyKanaKey, GivenKanaKey, KanaKey)
             VALUES (@Line, @ResidentNo, @HouseholdNo, @IsHead, @Relationship, @FamilyName, @GivenName,
                     @FamilyNameKana, @GivenNameKana, @BirthDate, @Sex, @District, @Address, @Phone, @PhoneKey,
                     @IsVulnerable, @VulnerableReason, @FamilyNameKey, @GivenNameKey, @NameKey,
                     @FamilyKanaKey, @GivenKanaKey, @KanaKey)
        """;

    private static readonly string[] StageRowParameters =
    [
        "Line", "ResidentNo", "HouseholdNo", "IsHead", "Relationship", "FamilyName", "GivenName", "FamilyNameKana",
        "GivenNameKana", "BirthDate", "Sex", "District", "Address", "Phone", "PhoneKey", "IsVulnerable",
        "VulnerableReason", "FamilyNameKey", "GivenNameKey", "NameKey", "FamilyKanaKey", "GivenKanaKey", "KanaKey",
    ];

    // Every later row with a resident number an earlier valid row already has, with that earlier row's line.
    private const string DuplicatesSql = """
        SELECT s.Line, s.ResidentNo, f.FirstLine
          FROM {temp}RegisterRows s
          JOIN (SELECT ResidentNo, MIN(Line) AS FirstLine
                  FROM {temp}RegisterRows
                 GROUP BY ResidentNo
                HAVING COUNT(*) > 1) f ON f.ResidentNo = s.ResidentNo
         WHERE s.Line > f.FirstLine
         ORDER BY s.Line
        """;

    // The head's row (世帯主 or 本人) decides a household's district and address, the last one if several; a
    // household without a head row in the file takes its last member's row.
    private const string GroupHouseholdsSql = """
        INSERT INTO {temp}RegisterHouseholds (HouseholdNo, FirstLine, District, Address)
        SELECT d.HouseholdNo, d.FirstLine, d.District, d.Address
          FROM (SELECT HouseholdNo, District, Address,
                       MIN(Line) OVER (PARTITION BY HouseholdNo) AS FirstLine,
                       ROW_NUMBER() OVER (PARTITION BY HouseholdNo ORDER BY IsHead DESC, Line DESC) AS Pick
                  FROM {temp}RegisterRows) d
         WHERE d.Pick = 1
        """;

    private readonly DbConnection connection;
    private readonly DbTransaction? transaction;
    private readonly SqlDialect dialect;
    private RowAppender? stage;

    private RegisterStaging(DbConnection connection, DbTransaction? transaction, SqlDialect dialect)
    {
        this.connection = connection;
        this.transaction = transaction;
        this.dialect = dialect;
    }

    /// <summary>Number of rows staged.</summary>
    public int Count { get; private set; }

    /// <summary>
    /// Creates the staging tables on <paramref name="connection"/>, inside <paramref name="transaction"/> when the
    /// caller owns one (they are then dropped inside it too); any left by an earlier import on this pooled connection go first.
    /// </summary>
    public static async Task<RegisterStaging> CreateAsync(DbConnection connection, DbTransaction? transaction, SqlDialect dialect,
        CancellationToken cancellationToken)
    {
        var staging = new RegisterStaging(connection, transaction, dialect);
        await staging.ExecuteAsync(cancellationToken, DropRowsSql, DropHouseholdsSql, CreateRowsSql, CreateHouseholdsSql);
        return staging;
    }

    /// <summary>
    /// A validated row as the values of one staged row, with the normalized keys it will be stored with (the search's
    /// keys normalize each name: the costly part, done by whoever calls this, not by the thread that writes).
    /// </summary>
    public static object?[] Values(int line, ResidentRegisterRow row) =>
    [
        line,
        row.ResidentNo,
        row.HouseholdNo,
        row.Relationship is "世帯主" or "本人" ? 1 : 0,
        row.Relationship,
        row.FamilyName,
        row.GivenName,
        row.FamilyNameKana,
        row.GivenNameKana,
        row.BirthDate,
        (int)row.Sex,
        row.District,
        row.Address,
        row.Phone,
        Common.PhoneNumbers.Key(row.Phone),
        row.IsVulnerable is { } vulnerable ? (vulnerable ? 1 : 0) : null,
        row.VulnerableReason,
        NameKey.Kanji(row.FamilyName),
        NameKey.Kanji(row.GivenName),
        NameKey.Kanji(row.FamilyName + row.GivenName),
        NameKey.Kana(row.FamilyNameKana),
        NameKey.Kana(row.GivenNameKana),
        NameKey.Kana(row.FamilyNameKana + row.GivenNameKana),
    ];

    /// <summary>Appends a row made by <see cref="Values"/> inside <paramref name="current"/>.</summary>
    public async Task AddAsync(object?[] values, DbTransaction current, CancellationToken cancellationToken)
    {
        stage ??= dialect.CreateAppender(connection, current, dialect.Render(StageRowSql), StageRowParameters);
        await stage.AppendAsync(values, cancellationToken);
        Count++;
    }

    /// <summary>Adds an error for every row whose resident number an earlier row of the file already has.</summary>
    public async Task DuplicatesAsync(DbTransaction current, List<ImportError> errors, CancellationToken cancellationToken)
    {
        await using var command = new PreparedCommand(connection, current, dialect.Render(DuplicatesSql));
        await using var reader = await command.ReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var line = Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);
            var first = Convert.ToInt32(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture);
            errors.Add(new ImportError(line, "住民番号", $"ファイル内で重複しています（{first}行目と同じ {reader.GetString(1)}）"));
        }
    }

    /// <summary>Fills the households table: each household the file names, with the row that decides its values.</summary>
    public async Task GroupHouseholdsAsync(DbTransaction current, CancellationToken cancellationToken)
    {
        await using var command = new PreparedCommand(connection, current, dialect.Render(GroupHouseholdsSql));
        await command.ExecuteAsync(cancellationToken);
    }

    private async Task ExecuteAsync(CancellationToken cancellationToken, params string[] statements)
    {
        foreach (var sql in statements)
        {
            await using var command = new PreparedCommand(connection, transaction, dialect.Render(sql));
            await command.ExecuteAsync(cancellationToken);
        }
    }

    /// <summary>Drops the staging tables (inside the caller's transaction when it owns one).</summary>
    public async ValueTask DisposeAsync()
    {
        if (stage is not null)
        {
            await stage.DisposeAsync();
        }
        if (connection.State != System.Data.ConnectionState.Open)
        {
            return;
        }
        try
        {
            await ExecuteAsync(CancellationToken.None, DropRowsSql, DropHouseholdsSql);
        }
        catch (DbException)
        {
            // Leaving after a failure: the import's own exception matters, and the next import on this pooled
            // connection drops the tables before it creates them.
        }
    }
}
