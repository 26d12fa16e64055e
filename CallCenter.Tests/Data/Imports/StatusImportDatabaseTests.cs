using System.Text;
using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Imports;
using CallCenter.Data.Reports;
using CallCenter.Tests.Data.Calls;
using Dapper;

namespace CallCenter.Tests.Data.Imports;

/// <summary>
/// What the status-list tests share (import, matching, review queue): the register of <see cref="StatusImportTestData"/>,
/// a supervisor and an operator, and the services on a real database.
/// </summary>
public abstract class StatusImportDatabaseTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    protected readonly TestClock clock = new(new DateTimeOffset(2026, 3, 14, 1, 30, 0, TimeSpan.Zero));
    protected OperatorContext supervisor = null!;
    protected OperatorContext operatorUser = null!;

    protected StatusListImportService Service => new(Connections, clock);

    protected StatusReviewQueue Queue => new(Connections, clock);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CallTestData.ImportAsync(Connections, StatusImportTestData.Register);
        var users = new UserRepository(Connections, clock);
        supervisor = new OperatorContext(await users.CreateAsync("sv-aizu", "会津 監督", UserRole.Supervisor, "会津若松", "x"), "sv-aizu", "会津若松");
        operatorUser = new OperatorContext(await users.CreateAsync("op-iwaki", "いわき 二郎", UserRole.Operator, "いわき", "x"), "op-iwaki", "いわき");
    }

    protected static MemoryStream Utf8(string csv, bool bom = true) =>
        new([.. (bom ? Encoding.UTF8.GetPreamble() : []), .. new UTF8Encoding(false).GetBytes(csv)]);

    protected Task<StatusImportPreview> PreviewAsync(string csv, ReportSource source = ReportSource.ShelterList) =>
        Service.PreviewAsync(Utf8(csv), "会津若松市避難所名簿_0313.csv", source);

    protected Task<StatusImportResult> CommitAsync(string csv, ReportSource source = ReportSource.ShelterList) =>
        Service.CommitAsync(Utf8(csv), "会津若松市避難所名簿_0313.csv", source, supervisor);

    protected async Task<long> CountAsync(string sql, object? parameters = null)
    {
        await using var connection = await Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }

    protected async Task AssertNothingWrittenAsync()
    {
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM SafetyReports"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM StatusImports"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM StatusImportRows"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM Residents WHERE Status <> 0 OR IsProvisional = 1"));
        // No committed import's row; a refused commit has its own audit row (TargetType "file", below).
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM AuditLog WHERE Action = @Action AND TargetType = 'status-import'", new { Action = AuditActions.ImportStatus }));
    }
}
