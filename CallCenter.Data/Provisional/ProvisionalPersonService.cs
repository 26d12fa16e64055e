using System.Data.Common;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Residents;
using Dapper;

namespace CallCenter.Data.Provisional;

/// <summary>What an operator knows about someone not in the register.</summary>
public sealed record ProvisionalPersonDraft(string? FamilyName, string? GivenName, string? FamilyNameKana, string? GivenNameKana,
    string? BirthDate, Sex Sex, string? Phone, string? Note, int? TownId = null);

/// <summary>
/// Persons not in the register (a visitor, a newborn, someone missing from the list): created from a call as
/// 仮登録 with a number P + their id, listed for supervisors, and merged into a registered resident once
/// identified. Merging keeps every report and call: they stay on the provisional person, which points at
/// the resident, and the resident page shows both.
/// </summary>
public sealed class ProvisionalPersonService(ConnectionFactory connections, TimeProvider time)
{
    private const string InsertSql = """
        INSERT INTO Residents (ResidentNo, FamilyName, GivenName, FamilyNameKana, GivenNameKana, BirthDate, Sex, Phone,
                               PhoneKey, IsProvisional, VulnerableReason, FamilyNameKey, GivenNameKey, NameKey,
                               FamilyKanaKey, GivenKanaKey, KanaKey, CreatedAt, UpdatedAt, TownId)
             VALUES (@TemporaryNo, @FamilyName, @GivenName, @FamilyNameKana, @GivenNameKana, @BirthDate, @Sex, @Phone,
                     @PhoneKey, 1, NULL, @FamilyNameKey, @GivenNameKey, @NameKey, @FamilyKanaKey, @GivenKanaKey,
                     @KanaKey, @Now, @Now, @TownId);
        {last_id}
        """;

    private const string NumberSql = """
        UPDATE Residents
           SET ResidentNo = @ResidentNo
         WHERE ResidentId = @ResidentId
        """;

    /// <summary>Creates a provisional person; returns its resident number, or the problems.</summary>
    public async Task<(string? ResidentNo, IReadOnlyList<string> Errors)> CreateAsync(ProvisionalPersonDraft draft, OperatorContext by,
        CancellationToken cancellationToken = default)
    {
        var errors = new List<string>();
        Required(errors, draft.FamilyName, "氏");
        Required(errors, draft.FamilyNameKana, "氏（カナ）");
        var familyKana = NameKey.Reading(draft.FamilyNameKana);
        var givenKana = NameKey.Reading(draft.GivenNameKana);
        if (familyKana.Length > 0 && !NameKey.IsKatakanaReading(familyKana) || givenKana.Length > 0 && !NameKey.IsKatakanaReading(givenKana))
        {
            errors.Add("カナにはひらがなかカタカナを入力してください。");
        }
        DateOnly? birthDate = null;
        if (!string.IsNullOrWhiteSpace(draft.BirthDate))
        {
            if (JapaneseDates.TryParse(draft.BirthDate, out var d, out var dateError))
            {
                birthDate = d;
            }
            else
            {
                errors.Add($"生年月日: {dateError}");
            }
        }
        if (!string.IsNullOrWhiteSpace(draft.Phone) && PhoneNumbers.Key(draft.Phone) is null)
        {
            errors.Add($"電話番号を読めません（{draft.Phone.Trim()}）。");
        }
        foreach (var (value, label) in new[] { (draft.FamilyName, "氏"), (draft.GivenName, "名"), (draft.FamilyNameKana, "氏（カナ）"), (draft.GivenNameKana, "名（カナ）") })
        {
            if (value?.Trim().Length > 50)
            {
                errors.Add($"{label}は50文字以内にしてください。");
            }
        }
        TextSafety.AddProblems(errors, ("氏", draft.FamilyName), ("名", draft.GivenName), ("氏（カナ）", draft.FamilyNameKana),
            ("名（カナ）", draft.GivenNameKana), ("生年月日", draft.BirthDate), ("電話番号", draft.Phone), ("メモ", draft.Note));
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        var family = draft.FamilyName!.Trim();
        var given = draft.GivenName?.Trim() ?? "";
        await using var write = await AuditedWrite.BeginAsync(connections, time, by, cancellationToken);
        var (connection, transaction, now) = (write.Connection, write.Transaction, write.Now);
        // With several towns the person's town must be chosen (and exist); nothing is written otherwise.
        var (town, joint, _) = await Towns.TownRepository.ImportTownAsync(connection, transaction, draft.TownId, cancellationToken);
        if (town is null)
        {
            return (null, [draft.TownId is null && joint ? "町を選んでください（町が複数あります）。" : "選んだ町は登録されていません。町を選び直してください。"]);
        }
        var (id, residentNo) = await InsertAsync(connection, transaction, connections.Dialect, family, given, familyKana, givenKana,
            birthDate, draft.Sex, draft.Phone, now, cancellationToken, town.TownId);
        await write.AuditAsync(AuditActions.CreateProvisional, "resident", residentNo, id, draft.Note);
        await write.CommitAsync();
        return (residentNo, []);
    }

    /// <summary>
    /// Inserts a provisional person inside the caller's transaction (a call, or a status-list line an operator
    /// could not match) and returns its id and number (P + id). The caller has validated the values.
    /// </summary>
    internal static async Task<(int ResidentId, string ResidentNo)> InsertAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect,
        string family, string given, string familyKana, string givenKana, DateOnly? birthDate, Sex sex, string? phone, DateTime now,
        CancellationToken cancellationToken, int? townId = null)
    {
        // A provisional person belongs to a town like everyone else; with one town it is that one.
        var (town, _, _) = await Towns.TownRepository.ImportTownAsync(connection, transaction, townId, cancellationToken);
        townId = town?.TownId ?? throw new InvalidOperationException("A provisional person needs its town when several towns exist.");
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(dialect.Render(InsertSql), new
        {
            TemporaryNo = "tmp-" + Guid.NewGuid().ToString("N")[..12],
            FamilyName = family, GivenName = given, FamilyNameKana = familyKana, GivenNameKana = givenKana,
            BirthDate = birthDate, Sex = (byte)sex, Phone = PhoneNumbers.Display(phone), PhoneKey = PhoneNumbers.Key(phone),
            FamilyNameKey = NameKey.Kanji(family), GivenNameKey = NameKey.Kanji(given), NameKey = NameKey.Kanji(family + given),
            FamilyKanaKey = NameKey.Kana(familyKana), GivenKanaKey = NameKey.Kana(givenKana), KanaKey = NameKey.Kana(familyKana + givenKana),
            Now = now, TownId = townId,
        }, transaction, cancellationToken: cancellationToken));
        var residentNo = $"P{id:D6}";
        await connection.ExecuteAsync(new CommandDefinition(NumberSql, new { ResidentNo = residentNo, ResidentId = id }, transaction, cancellationToken: cancellationToken));
        return ((int)id, residentNo);
    }

    private const string MergeTargetSql = """
        SELECT ResidentId, IsProvisional, MergedIntoResidentId, StatusReportedAt
          FROM Residents
         WHERE ResidentId = @ResidentId
        """;

    private const string MarkMergedSql = """
        UPDATE Residents
           SET MergedIntoResidentId = @TargetId, Version = Version + 1, UpdatedAt = @Now
         WHERE ResidentId = @ProvisionalId
           AND MergedIntoResidentId IS NULL
        """;

    // When the provisional person's newest report is newer than the resident's, it becomes the resident's
    // current status, as if it had been recorded on the resident.
    private const string TakeNewerStatusSql = """
        UPDATE Residents
           SET Status = (SELECT p.Status FROM Residents p WHERE p.ResidentId = @ProvisionalId),
               StatusReportId = (SELECT p.StatusReportId FROM Residents p WHERE p.ResidentId = @ProvisionalId),
               StatusReportedAt = (SELECT p.StatusReportedAt FROM Residents p WHERE p.ResidentId = @ProvisionalId),
               StatusSource = (SELECT p.StatusSource FROM Residents p WHERE p.ResidentId = @ProvisionalId),
               WhereaboutsType = (SELECT p.WhereaboutsType FROM Residents p WHERE p.ResidentId = @ProvisionalId),
               PrefectureCode = (SELECT p.PrefectureCode FROM Residents p WHERE p.ResidentId = @ProvisionalId),
               Municipality = (SELECT p.Municipality FROM Residents p WHERE p.ResidentId = @ProvisionalId),
               Place = (SELECT p.Place FROM Residents p WHERE p.ResidentId = @ProvisionalId),
               ContactPhone = (SELECT p.ContactPhone FROM Residents p WHERE p.ResidentId = @ProvisionalId),
               ContactPhoneKey = (SELECT p.ContactPhoneKey FROM Residents p WHERE p.ResidentId = @ProvisionalId),
               Version = Version + 1, UpdatedAt = @Now
         WHERE ResidentId = @TargetId
        """;

    // The resident was first confirmed by whichever came first: their own reports or the provisional person's.
    private const string TakeEarlierConfirmationSql = """
        UPDATE Residents
           SET FirstConfirmedAt = (SELECT p.FirstConfirmedAt FROM Residents p WHERE p.ResidentId = @ProvisionalId)
         WHERE ResidentId = @TargetId
           AND (SELECT p.FirstConfirmedAt FROM Residents p WHERE p.ResidentId = @ProvisionalId) IS NOT NULL
           AND (FirstConfirmedAt IS NULL
                OR FirstConfirmedAt > (SELECT p.FirstConfirmedAt FROM Residents p WHERE p.ResidentId = @ProvisionalId))
        """;

    /// <summary>Merges a provisional person into a registered resident; returns null or the reason it cannot.</summary>
    public async Task<string?> MergeAsync(int provisionalId, int targetId, OperatorContext by, CancellationToken cancellationToken = default)
    {
        if (provisionalId == targetId)
        {
            return "同じ人には統合できません。";
        }
        await using var write = await AuditedWrite.BeginAsync(connections, time, by, cancellationToken);
        var (connection, transaction, now) = (write.Connection, write.Transaction, write.Now);
        var provisional = await connection.QuerySingleOrDefaultAsync<MergeRow>(new CommandDefinition(MergeTargetSql, new { ResidentId = provisionalId }, transaction, cancellationToken: cancellationToken));
        var target = await connection.QuerySingleOrDefaultAsync<MergeRow>(new CommandDefinition(MergeTargetSql, new { ResidentId = targetId }, transaction, cancellationToken: cancellationToken));
        if (provisional is null || !provisional.IsProvisional)
        {
            return "統合できるのは仮登録者だけです。";
        }
        if (provisional.MergedIntoResidentId is not null)
        {
            return "この仮登録者はすでに統合されています。";
        }
        if (target is null || target.IsProvisional || target.MergedIntoResidentId is not null)
        {
            return "統合先には住民登録のある人を選んでください。";
        }
        await connection.ExecuteAsync(new CommandDefinition(MarkMergedSql, new { ProvisionalId = provisionalId, TargetId = targetId, Now = now }, transaction, cancellationToken: cancellationToken));
        if (provisional.StatusReportedAt is { } p && (target.StatusReportedAt is null || p > target.StatusReportedAt))
        {
            await connection.ExecuteAsync(new CommandDefinition(TakeNewerStatusSql, new { ProvisionalId = provisionalId, TargetId = targetId, Now = now }, transaction, cancellationToken: cancellationToken));
        }
        await connection.ExecuteAsync(new CommandDefinition(TakeEarlierConfirmationSql, new { ProvisionalId = provisionalId, TargetId = targetId }, transaction, cancellationToken: cancellationToken));
        // A 死亡/行方不明 report about the provisional person still waiting for approval now waits for the resident.
        await Approvals.ApprovalService.RefreshPendingAsync(connection, transaction, connections.Dialect, targetId, now, cancellationToken);
        await write.AuditAsync(AuditActions.MergeProvisional, "resident", provisionalId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            targetId, $"仮登録（住民ID {provisionalId}）を住民（住民ID {targetId}）に統合");
        await write.CommitAsync();
        return null;
    }

    private static void Required(List<string> errors, string? value, string label)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{label}を入力してください。");
        }
    }

    private sealed class MergeRow
    {
        public int ResidentId { get; init; }
        public bool IsProvisional { get; init; }
        public int? MergedIntoResidentId { get; init; }
        public DateTime? StatusReportedAt { get; init; }
    }
}
