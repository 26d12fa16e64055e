using System.Globalization;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Reports;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Data.Inquiries;

/// <summary>
/// Inquiries (照会): who asked about whom, what was told, and messages for the resident. Recording checks what
/// was told against the consent rules again, on the reports as they are at that moment, so that nothing beyond
/// the person's consent can be put on record as disclosed; every inquiry and every handled message is audited
/// in the same transaction.
/// </summary>
public sealed class InquiryRepository(ConnectionFactory connections, TimeProvider time)
{
    /// <summary>The most rows one page of the log returns.</summary>
    public const int MaxPageSize = 200;

    private const string ResidentSql = """
        SELECT ResidentNo, FamilyName, GivenName, PendingStatus, MergedIntoResidentId
          FROM Residents
         WHERE ResidentId = @ResidentId
        """;

    private const string ConsentSql = """
        SELECT s.ReportId, s.ReportedAt, s.ConsentRelatives, s.ConsentAcquaintances, s.ConsentPublic, a.State AS Approval
          FROM SafetyReports s
          LEFT JOIN ReportApprovals a ON a.ReportId = s.ReportId
         WHERE s.ResidentId = @ResidentId
            OR s.ResidentId IN (SELECT m.ResidentId FROM Residents m WHERE m.MergedIntoResidentId = @ResidentId)
        """;

    private const string InsertSql = """
        INSERT INTO Inquiries (ResidentId, CallId, InquirerName, InquirerRelation, InquirerType, InquirerContact,
                               InquirerContactKey, IdentityCheck, Disclosed, Message, MessageOpen, OperatorUserId, Site,
                               InquiredAt, Note)
             VALUES (@ResidentId, @CallId, @InquirerName, @InquirerRelation, @InquirerType, @InquirerContact,
                     @InquirerContactKey, @IdentityCheck, @Disclosed, @Message, @MessageOpen, @OperatorUserId, @Site,
                     @InquiredAt, @Note);
        {last_id}
        """;

    private const string CallExistsSql = """
        SELECT COUNT(*)
          FROM Calls
         WHERE CallId = @CallId
        """;

    // The call may already be about this resident (an inquiry taken during a call recorded for them): link once.
    private const string LinkResidentSql = """
        INSERT INTO CallResidents (CallId, ResidentId)
             SELECT @CallId, @ResidentId
              WHERE NOT EXISTS (SELECT 1 FROM CallResidents WHERE CallId = @CallId AND ResidentId = @ResidentId)
        """;

    /// <summary>
    /// Checks and records an inquiry with its audit row; nothing is written when anything is wrong. An inquiry
    /// arrives as a phone call: unless the draft names a call already on record (<see cref="InquiryDraft.CallId"/>,
    /// which is then reused), the inbound call is recorded too, in the same transaction, linked to the resident
    /// asked about, so that call history, the calls export and the per-operator call counts include it.
    /// </summary>
    public async Task<InquirySaveResult> RecordAsync(InquiryDraft draft, OperatorContext by, CancellationToken cancellationToken = default)
    {
        var errors = Validate(draft);
        if (errors.Count > 0)
        {
            return new InquirySaveResult(null, errors);
        }
        await using var write = await AuditedWrite.BeginAsync(connections, time, by, cancellationToken);
        var (connection, transaction, now) = (write.Connection, write.Transaction, write.Now);
        var resident = await connection.QuerySingleOrDefaultAsync<ResidentRow>(new CommandDefinition(ResidentSql,
            new { draft.ResidentId }, transaction, cancellationToken: cancellationToken));
        if (resident is null)
        {
            return new InquirySaveResult(null, ["この人は見つかりません。画面を開き直してください。"]);
        }
        if (resident.MergedIntoResidentId is not null)
        {
            return new InquirySaveResult(null, ["この仮登録者は住民に統合されました。統合先の画面から記録してください。"]);
        }
        var reports = await connection.QueryAsync<SafetyReport>(new CommandDefinition(ConsentSql,
            new { draft.ResidentId }, transaction, cancellationToken: cancellationToken));
        var decision = ConsentRules.Decide(draft.InquirerType, ConsentRules.LatestConsent(reports), (SafetyStatus?)resident.PendingStatus);
        if (!decision.Permits(draft.Disclosed))
        {
            var beyond = draft.Disclosed & ~decision.Allowed;
            return new InquirySaveResult(null, [$"本人の同意の範囲を超えています（{beyond.ShortLabel()}）。同意が変わった可能性があります。画面を開き直してください。"]);
        }
        var callId = draft.CallId;
        if (callId is { } existing)
        {
            var found = await connection.ExecuteScalarAsync<int>(new CommandDefinition(CallExistsSql, new { CallId = existing },
                transaction, cancellationToken: cancellationToken));
            if (found == 0)
            {
                return new InquirySaveResult(null, ["この照会の通話が見つかりません。画面を開き直してください。"]);
            }
        }
        else
        {
            callId = await CallRepository.InsertAsync(connection, transaction, connections.Dialect, new NewCall(
                CallDirection.Inbound, Trim(draft.InquirerName), PhoneNumbers.Display(draft.InquirerContact), Trim(draft.InquirerRelation),
                by.UserId, by.Site, now, now, $"照会: {resident.FamilyName}　{resident.GivenName}"), cancellationToken);
            await write.AuditAsync(AuditActions.RecordCall, "call", callId.Value.ToString(CultureInfo.InvariantCulture),
                draft.ResidentId, AuditDetails.Join("着信", "照会"));
        }
        await connection.ExecuteAsync(new CommandDefinition(LinkResidentSql, new { CallId = callId, draft.ResidentId },
            transaction, cancellationToken: cancellationToken));
        var message = Trim(draft.Message);
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(connections.Dialect.Render(InsertSql), new
        {
            draft.ResidentId,
            CallId = callId,
            InquirerName = Trim(draft.InquirerName),
            InquirerRelation = Trim(draft.InquirerRelation),
            InquirerType = (byte)draft.InquirerType,
            InquirerContact = PhoneNumbers.Display(draft.InquirerContact),
            InquirerContactKey = PhoneNumbers.Key(draft.InquirerContact),
            IdentityCheck = Trim(draft.IdentityCheck),
            Disclosed = (int)draft.Disclosed,
            Message = message,
            MessageOpen = message is not null,
            OperatorUserId = by.UserId,
            by.Site,
            InquiredAt = now,
            Note = Trim(draft.Note),
        }, transaction, cancellationToken: cancellationToken));
        await write.AuditAsync(AuditActions.RecordInquiry, "inquiry", id.ToString(CultureInfo.InvariantCulture), draft.ResidentId,
            AuditDetails.Join(AuditDetails.Labelled("照会者", draft.InquirerType.Label()), AuditDetails.Labelled("伝えた内容", draft.Disclosed.ShortLabel()),
                message is null ? null : "伝言あり", $"通話 #{callId}"));
        await write.CommitAsync();
        return new InquirySaveResult(id, []);
    }

    /// <summary>Checks the fields of a draft; returns every problem, in Japanese.</summary>
    public static IReadOnlyList<string> Validate(InquiryDraft draft)
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(draft.InquirerType))
        {
            errors.Add("照会者の種別（親族・知人・その他）を選んでください。");
        }
        if (string.IsNullOrWhiteSpace(draft.InquirerName))
        {
            errors.Add("照会者の氏名を入力してください。");
        }
        Length(errors, "照会者の氏名", draft.InquirerName, 100);
        Length(errors, "続柄・関係", draft.InquirerRelation, 50);
        Length(errors, "本人確認の方法", draft.IdentityCheck, 200);
        Length(errors, "伝言", draft.Message, 1000);
        Length(errors, "メモ", draft.Note, 2000);
        TextSafety.AddProblems(errors, ("照会者の連絡先", draft.InquirerContact));
        if (!string.IsNullOrWhiteSpace(draft.InquirerContact) && PhoneNumbers.Key(draft.InquirerContact) is not { Length: >= 6 and <= 15 })
        {
            errors.Add($"照会者の連絡先を電話番号として読めません（{draft.InquirerContact.Trim()}）。");
        }
        if ((draft.Disclosed & ~(DisclosureItems)ConsentRules.AllItems.Sum(i => (int)i)) != DisclosureItems.None)
        {
            errors.Add("伝えた項目を選び直してください。");
        }
        if ((draft.Disclosed & (DisclosureItems.Whereabouts | DisclosureItems.Contact)) != DisclosureItems.None
            && string.IsNullOrWhiteSpace(draft.IdentityCheck))
        {
            errors.Add("所在・連絡先を伝えたときは、照会者の本人確認の方法を入力してください。");
        }
        if (!string.IsNullOrWhiteSpace(draft.Message) && string.IsNullOrWhiteSpace(draft.InquirerContact))
        {
            errors.Add("伝言を預かるときは、折り返し先（照会者の連絡先）を入力してください。");
        }
        return errors;
    }

    private const string Columns = """
        i.InquiryId, i.ResidentId, r.ResidentNo, r.FamilyName, r.GivenName, i.CallId, i.InquirerName, i.InquirerRelation,
        i.InquirerType, i.InquirerContact, i.IdentityCheck, i.Disclosed, i.Message, i.MessageOpen, i.MessageHandledAt,
        h.DisplayName AS MessageHandledBy, i.MessageHandledNote, u.DisplayName AS OperatorName, i.Site, i.InquiredAt, i.Note, r.TownId
        """;

    // The columns of an Inquiry with the resident's number and name and the operators' names; every list reads this.
    private const string Select = $"""
          SELECT {Columns}
            FROM Inquiries i
            JOIN Residents r ON r.ResidentId = i.ResidentId
            LEFT JOIN Users u ON u.UserId = i.OperatorUserId
            LEFT JOIN Users h ON h.UserId = i.MessageHandledByUserId
        """;

    private const string ForResidentSql = $"""
        {Select}
           WHERE i.ResidentId = @ResidentId
        ORDER BY i.InquiredAt DESC, i.InquiryId DESC
        """;

    /// <summary>The inquiries about one resident, newest first (the resident page shows open messages from them).</summary>
    public async Task<IReadOnlyList<Inquiry>> ForResidentAsync(int residentId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Inquiry>(new CommandDefinition(ForResidentSql, new { ResidentId = residentId },
            cancellationToken: cancellationToken))).AsList();
    }

    private const string OpenMessagesSql = $"""
        {Select}
           WHERE i.MessageOpen = 1 /*towns*/
        ORDER BY i.InquiredAt, i.InquiryId
        {"{page}"}
        """;

    /// <summary>Messages (伝言) not yet handled, oldest first: what the outbound worklist will call back (every town).</summary>
    public Task<IReadOnlyList<Inquiry>> OpenMessagesAsync(int skip = 0, int take = 100, CancellationToken cancellationToken = default) =>
        OpenMessagesAsync(TownScope.All, skip, take, cancellationToken);

    /// <summary>
    /// Messages (伝言) not yet handled about residents of <paramref name="scope"/>'s towns, oldest first: what the outbound
    /// worklist will call back. Another town's messages are not listed.
    /// </summary>
    public async Task<IReadOnlyList<Inquiry>> OpenMessagesAsync(TownScope scope, int skip = 0, int take = 100, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Inquiry>(new CommandDefinition(
            connections.Dialect.Render(Dashboard.TownFilter.Apply(OpenMessagesSql, scope, "r.TownId")),
            new { Skip = Math.Max(0, skip), Take = Math.Clamp(take, 1, MaxPageSize), scope.TownIds }, cancellationToken: cancellationToken))).AsList();
    }

    private const string OpenMessagesForHouseholdSql = $"""
        {Select}
           WHERE r.HouseholdId = @HouseholdId
             AND i.MessageOpen = 1
        ORDER BY i.InquiredAt, i.InquiryId
        """;

    /// <summary>
    /// Messages (伝言) not yet handled for any member of a household, oldest first: the outbound worklist shows them
    /// on the household it hands out, so the operator can pass them on while on the phone.
    /// </summary>
    public async Task<IReadOnlyList<Inquiry>> OpenMessagesForHouseholdAsync(int householdId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Inquiry>(new CommandDefinition(OpenMessagesForHouseholdSql, new { HouseholdId = householdId },
            cancellationToken: cancellationToken))).AsList();
    }

    private const string HandleMessageSql = """
        UPDATE Inquiries
           SET MessageOpen = 0, MessageHandledAt = @Now, MessageHandledByUserId = @UserId, MessageHandledNote = @Note
         WHERE InquiryId = @InquiryId
           AND MessageOpen = 1
        """;

    private const string InquiryResidentSql = """
        SELECT ResidentId
          FROM Inquiries
         WHERE InquiryId = @InquiryId
        """;

    private const string InquiryTownSql = """
        SELECT r.TownId
          FROM Inquiries i
          JOIN Residents r ON r.ResidentId = i.ResidentId
         WHERE i.InquiryId = @InquiryId
        """;

    /// <summary>
    /// Marks a message handled (passed on, called back); returns null or why it could not. A message about a resident
    /// outside <paramref name="scope"/> (all towns when null) is not found.
    /// </summary>
    public async Task<string?> HandleMessageAsync(long inquiryId, string? note, OperatorContext by, TownScope? scope = null,
        CancellationToken cancellationToken = default)
    {
        note = Trim(note);
        if (note is { Length: > 500 })
        {
            return "対応メモは500文字以内にしてください。";
        }
        if (TextSafety.FieldProblem("対応メモ", note) is { } problem)
        {
            return problem;
        }
        await using var write = await AuditedWrite.BeginAsync(connections, time, by, cancellationToken);
        var (connection, transaction, now) = (write.Connection, write.Transaction, write.Now);
        // Another town's message is not found, as an unknown one is (never "forbidden").
        var inScope = scope is null || scope.IsAll
            || await connection.ExecuteScalarAsync<int?>(new CommandDefinition(InquiryTownSql, new { InquiryId = inquiryId }, transaction,
                cancellationToken: cancellationToken)) is { } townId && scope.Includes(townId);
        if (!inScope)
        {
            return "この伝言はすでに対応済みか、見つかりません。画面を開き直してください。";
        }
        var handled = await connection.ExecuteAsync(new CommandDefinition(HandleMessageSql,
            new { InquiryId = inquiryId, Now = now, by.UserId, Note = note }, transaction, cancellationToken: cancellationToken));
        if (handled != 1)
        {
            return "この伝言はすでに対応済みか、見つかりません。画面を開き直してください。";
        }
        var residentId = await connection.ExecuteScalarAsync<int>(new CommandDefinition(InquiryResidentSql,
            new { InquiryId = inquiryId }, transaction, cancellationToken: cancellationToken));
        await write.AuditAsync(AuditActions.HandleMessage, "inquiry", inquiryId.ToString(CultureInfo.InvariantCulture), residentId, note);
        await write.CommitAsync();
        return null;
    }

    // One statement for every filter: each part is off when its parameter is null.
    private const string LogWhere = """
         WHERE (@From IS NULL OR i.InquiredAt >= @From)
           AND (@To IS NULL OR i.InquiredAt < @To)
           AND (@InquirerType IS NULL OR i.InquirerType = @InquirerType)
           AND (@OpenOnly = 0 OR i.MessageOpen = 1)
           AND (@DisclosedOnly = 0 OR i.Disclosed <> 0)
           AND (@ResidentNo IS NULL OR r.ResidentNo = @ResidentNo)/*town*/
        """;

    private const string LogSql = $"""
        {Select}
        {LogWhere}
        ORDER BY i.InquiredAt DESC, i.InquiryId DESC
        {"{page}"}
        """;

    private const string LogCountSql = $"""
          SELECT COUNT(*)
            FROM Inquiries i
            JOIN Residents r ON r.ResidentId = i.ResidentId
        {LogWhere}
        """;

    /// <summary>
    /// One page of the inquiry log about residents of <paramref name="scope"/>, newest first, and the number of inquiries
    /// the filter matches there.
    /// </summary>
    public async Task<InquiryPage> LogAsync(InquiryFilter filter, TownScope scope, int skip, int take, CancellationToken cancellationToken = default)
    {
        var parameters = new
        {
            scope.TownIds,
            From = filter.From is { } from ? JapanTime.StartOfDayUtc(from) : (DateTime?)null,
            To = filter.To is { } to ? JapanTime.StartOfDayUtc(to.AddDays(1)) : (DateTime?)null,
            InquirerType = filter.InquirerType is { } type ? (byte?)type : null,
            OpenOnly = filter.OpenMessagesOnly ? 1 : 0,
            DisclosedOnly = filter.DisclosedOnly ? 1 : 0,
            ResidentNo = string.IsNullOrWhiteSpace(filter.ResidentNo) ? null : filter.ResidentNo.Trim(),
            Skip = Math.Max(0, skip),
            Take = Math.Clamp(take, 1, MaxPageSize),
        };
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<Inquiry>(new CommandDefinition(connections.Dialect.Render(Scoped(LogSql, scope)), parameters,
            cancellationToken: cancellationToken))).AsList();
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(Scoped(LogCountSql, scope), parameters, cancellationToken: cancellationToken));
        return new InquiryPage(rows, total);
    }

    private static string Scoped(string sql, TownScope scope) => sql.Replace("/*town*/", scope.Filter("r.TownId"), StringComparison.Ordinal);

    /// <summary>The statements a limited scope sends (the SQL Server checks parse and bind each).</summary>
    public static IEnumerable<(string Name, string Sql)> TownStatements() =>
    [
        ("Log.towns", TownSql.Expanded(Scoped(LogSql, TownScope.Only([1, 2])))),
        ("LogCount.towns", TownSql.Expanded(Scoped(LogCountSql, TownScope.Only([1, 2])))),
        ("InquiryTown.towns", InquiryTownSql),
    ];

    private static string? Trim(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static void Length(List<string> errors, string label, string? value, int max)
    {
        if (value is not null && value.Trim().Length > max)
        {
            errors.Add($"{label}は{max}文字以内にしてください。");
        }
        TextSafety.AddProblems(errors, (label, value));
    }

    private sealed class ResidentRow
    {
        public string ResidentNo { get; init; } = "";
        public string FamilyName { get; init; } = "";
        public string GivenName { get; init; } = "";
        public byte? PendingStatus { get; init; }
        public int? MergedIntoResidentId { get; init; }
    }
}
