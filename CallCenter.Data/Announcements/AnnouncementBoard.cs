using System.Globalization;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Reports;
using Dapper;

namespace CallCenter.Data.Announcements;

/// <summary>
/// The announcements (お知らせ) supervisors write: list, create, edit (optimistic on <c>Version</c>, like requests) and
/// withdraw, each change one <see cref="AuditedWrite"/> with its audit row. Checks run before the first write and come
/// back in Japanese naming the field; targets must name real districts, prefectures and whereabouts types.
/// </summary>
public sealed class AnnouncementBoard(ConnectionFactory connections, TimeProvider time)
{
    /// <summary>The longest title.</summary>
    public const int MaxTitleLength = 100;

    /// <summary>The longest body.</summary>
    public const int MaxBodyLength = 4000;

    /// <summary>The message when another supervisor saved first.</summary>
    public const string ConflictMessage = "他の職員が先に更新しました。画面を読み直してください。";

    /// <summary>Today in Japan, the date validity is read against.</summary>
    public DateOnly Today => JapanTime.Today(time);

    private const string ListSql = """
          SELECT a.AnnouncementId, a.Title, a.Body, a.ValidFrom, a.ValidTo, a.Priority, a.IsPublic, a.ForVulnerable,
                 a.CreatedAt, cu.DisplayName AS CreatedByName, a.UpdatedAt, uu.DisplayName AS UpdatedByName, a.WithdrawnAt, a.Version
            FROM Announcements a
            LEFT JOIN Users cu ON cu.UserId = a.CreatedBy
            LEFT JOIN Users uu ON uu.UserId = a.UpdatedBy
        ORDER BY a.ValidFrom DESC, a.AnnouncementId DESC
        """;

    private const string TargetsSql = """
          SELECT AnnouncementId, Kind, Value
            FROM AnnouncementTargets
        ORDER BY AnnouncementId, Kind, Value
        """;

    /// <summary>Every announcement with its targets, newest validity first (the page sorts them into current, upcoming, ended).</summary>
    public async Task<IReadOnlyList<Announcement>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var list = (await connection.QueryAsync<Announcement>(new CommandDefinition(ListSql, cancellationToken: cancellationToken))).AsList();
        var targets = (await connection.QueryAsync<(long AnnouncementId, long Kind, string Value)>(new CommandDefinition(TargetsSql, cancellationToken: cancellationToken)))
            .ToLookup(t => (int)t.AnnouncementId, t => new AnnouncementTarget((TargetKind)t.Kind, t.Value));
        foreach (var a in list)
        {
            a.Targets = [.. targets[a.AnnouncementId]];
        }
        return list;
    }

    private const string OneSql = """
          SELECT a.AnnouncementId, a.Title, a.Body, a.ValidFrom, a.ValidTo, a.Priority, a.IsPublic, a.ForVulnerable,
                 a.CreatedAt, cu.DisplayName AS CreatedByName, a.UpdatedAt, uu.DisplayName AS UpdatedByName, a.WithdrawnAt, a.Version
            FROM Announcements a
            LEFT JOIN Users cu ON cu.UserId = a.CreatedBy
            LEFT JOIN Users uu ON uu.UserId = a.UpdatedBy
           WHERE a.AnnouncementId = @AnnouncementId
        """;

    private const string TargetsOfSql = """
          SELECT Kind, Value
            FROM AnnouncementTargets
           WHERE AnnouncementId = @AnnouncementId
        ORDER BY Kind, Value
        """;

    /// <summary>One announcement with its targets, or null.</summary>
    public async Task<Announcement?> GetAsync(int announcementId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var args = new { AnnouncementId = announcementId };
        var announcement = await connection.QuerySingleOrDefaultAsync<Announcement>(new CommandDefinition(OneSql, args, cancellationToken: cancellationToken));
        if (announcement is not null)
        {
            announcement.Targets = [.. (await connection.QueryAsync<(long Kind, string Value)>(new CommandDefinition(TargetsOfSql, args, cancellationToken: cancellationToken)))
                .Select(t => new AnnouncementTarget((TargetKind)t.Kind, t.Value))];
        }
        return announcement;
    }

    /// <summary>The announcements current today (Japan date), 重要 first, then the newest validity: the start page's list.</summary>
    public async Task<IReadOnlyList<Announcement>> CurrentAsync(CancellationToken cancellationToken = default)
    {
        var today = Today;
        return [.. (await ListAsync(cancellationToken)).Where(a => a.StateOn(today) == AnnouncementState.Current)
            .OrderBy(a => a.Priority).ThenByDescending(a => a.ValidFrom).ThenByDescending(a => a.AnnouncementId)];
    }

    private const string DistrictsSql = """
          SELECT DISTINCT District
            FROM Households
           WHERE District IS NOT NULL
        ORDER BY District
        """;

    /// <summary>The districts households are in, the values a 行政区 target may name.</summary>
    public async Task<IReadOnlyList<string>> DistrictsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<string>(new CommandDefinition(DistrictsSql, cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>The checks on a draft; <paramref name="districts"/>: the real districts (<see cref="DistrictsAsync"/>).</summary>
    public static IReadOnlyList<AnnouncementError> Validate(AnnouncementDraft draft, IReadOnlyCollection<string> districts)
    {
        var errors = new List<AnnouncementError>();
        var title = draft.Title?.Trim() ?? "";
        var body = NormalizeBody(draft.Body ?? "");
        if (title.Length == 0)
        {
            errors.Add(new("title", "件名を入力してください。"));
        }
        else if (title.Length > MaxTitleLength)
        {
            errors.Add(new("title", $"件名は{MaxTitleLength}文字以内にしてください。"));
        }
        else if (TextSafety.FieldProblem("件名", title) is { } titleProblem)
        {
            errors.Add(new("title", titleProblem));
        }
        if (body.Length == 0)
        {
            errors.Add(new("body", "本文を入力してください。"));
        }
        else if (body.Length > MaxBodyLength)
        {
            errors.Add(new("body", $"本文は{MaxBodyLength}文字以内にしてください。"));
        }
        else if (TextSafety.FieldProblem("本文", body) is { } bodyProblem)
        {
            errors.Add(new("body", bodyProblem));
        }
        if (draft.ValidFrom is null)
        {
            errors.Add(new("validFrom", "掲示開始日を入力してください。"));
        }
        if (draft.ValidFrom is { } from && draft.ValidTo is { } to && to < from)
        {
            errors.Add(new("validTo", "掲示終了日は掲示開始日以降の日にしてください。"));
        }
        if (!Enum.IsDefined(draft.Priority))
        {
            errors.Add(new("priority", "重要度を選んでください。"));
        }
        foreach (var t in draft.Targets.Distinct())
        {
            var known = t.Kind switch
            {
                TargetKind.District => districts.Contains(t.Value),
                TargetKind.Prefecture => byte.TryParse(t.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var code)
                                         && code.ToString(CultureInfo.InvariantCulture) == t.Value && Prefectures.Name(code) is not null,
                TargetKind.Whereabouts => byte.TryParse(t.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var type)
                                          && type.ToString(CultureInfo.InvariantCulture) == t.Value && Enum.IsDefined((WhereaboutsType)type),
                _ => false,
            };
            if (!known)
            {
                errors.Add(new("targets", Enum.IsDefined(t.Kind)
                    ? $"対象の{t.Kind.Label()}「{t.Value}」はありません。選び直してください。"
                    : "対象の種類が正しくありません。選び直してください。"));
            }
        }
        return errors;
    }

    private const string InsertSql = """
        INSERT INTO Announcements (Title, Body, ValidFrom, ValidTo, Priority, IsPublic, ForVulnerable, CreatedAt, CreatedBy, UpdatedAt, UpdatedBy, Version)
             VALUES (@Title, @Body, @ValidFrom, @ValidTo, @Priority, @IsPublic, @ForVulnerable, @Now, @UserId, @Now, @UserId, 0);
        {last_id}
        """;

    private const string UpdateSql = """
        UPDATE Announcements
           SET Title = @Title,
               Body = @Body,
               ValidFrom = @ValidFrom,
               ValidTo = @ValidTo,
               Priority = @Priority,
               IsPublic = @IsPublic,
               ForVulnerable = @ForVulnerable,
               UpdatedAt = @Now,
               UpdatedBy = @UserId,
               Version = Version + 1
         WHERE AnnouncementId = @AnnouncementId
           AND Version = @ExpectedVersion
           AND WithdrawnAt IS NULL
        """;

    private const string DeleteTargetsSql = """
        DELETE FROM AnnouncementTargets
              WHERE AnnouncementId = @AnnouncementId
        """;

    private const string InsertTargetSql = """
        INSERT INTO AnnouncementTargets (AnnouncementId, Kind, Value)
             VALUES (@AnnouncementId, @Kind, @Value)
        """;

    private const string StateSql = """
        SELECT Title, ValidFrom, ValidTo, WithdrawnAt, Version
          FROM Announcements
         WHERE AnnouncementId = @AnnouncementId
        """;

    /// <summary>
    /// Creates (<paramref name="announcementId"/> null) or edits an announcement with its targets and an audit row, in one
    /// transaction. An edit names the version the supervisor saw; when another saved first nothing is written and
    /// <see cref="ConflictMessage"/> comes back.
    /// </summary>
    /// <returns>The announcement's id and new version, or the errors (nothing written).</returns>
    public async Task<(int? AnnouncementId, int Version, IReadOnlyList<AnnouncementError> Errors)> SaveAsync(int? announcementId, int expectedVersion,
        AnnouncementDraft draft, OperatorContext by, CancellationToken cancellationToken = default)
    {
        var errors = Validate(draft, [.. await DistrictsAsync(cancellationToken)]);
        if (errors.Count > 0)
        {
            return (null, expectedVersion, errors);
        }
        var targets = draft.Targets.Distinct().OrderBy(t => t.Kind).ThenBy(t => t.Value, StringComparer.Ordinal).ToList();
        await using var write = await AuditedWrite.BeginAsync(connections, time, by, cancellationToken);
        var (connection, transaction) = (write.Connection, write.Transaction);
        var args = new DynamicParameters(new
        {
            Title = draft.Title!.Trim(),
            Body = NormalizeBody(draft.Body!),
            ValidFrom = draft.ValidFrom!.Value,
            draft.ValidTo,
            Priority = (byte)draft.Priority,
            draft.IsPublic,
            draft.ForVulnerable,
            write.Now,
            by.UserId,
            ExpectedVersion = expectedVersion,
        });
        int id;
        if (announcementId is { } existing)
        {
            id = existing;
            args.Add("AnnouncementId", id);
            if (await connection.ExecuteAsync(new CommandDefinition(UpdateSql, args, transaction, cancellationToken: cancellationToken)) != 1)
            {
                var state = await connection.QuerySingleOrDefaultAsync<StoredState>(new CommandDefinition(StateSql,
                    new { AnnouncementId = id }, transaction, cancellationToken: cancellationToken));
                return (null, expectedVersion, [new("version", state is null ? "このお知らせは見つかりません。"
                    : state.WithdrawnAt is not null ? "このお知らせは取り下げられています。" : ConflictMessage)]);
            }
            await connection.ExecuteAsync(new CommandDefinition(DeleteTargetsSql, new { AnnouncementId = id }, transaction, cancellationToken: cancellationToken));
        }
        else
        {
            id = (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition(connections.Dialect.Render(InsertSql), args, transaction,
                cancellationToken: cancellationToken));
        }
        foreach (var t in targets)
        {
            await connection.ExecuteAsync(new CommandDefinition(InsertTargetSql, new { AnnouncementId = id, Kind = (byte)t.Kind, t.Value }, transaction,
                cancellationToken: cancellationToken));
        }
        await write.AuditAsync(announcementId is null ? AuditActions.CreateAnnouncement : AuditActions.EditAnnouncement, "announcement", Id(id),
            details: AuditDetails(draft.Title.Trim(), draft.ValidFrom.Value, draft.ValidTo, draft.Priority, draft.IsPublic, targets, draft.ForVulnerable));
        await write.CommitAsync();
        return (id, announcementId is null ? 0 : expectedVersion + 1, []);
    }

    private const string WithdrawSql = """
        UPDATE Announcements
           SET WithdrawnAt = @Now,
               UpdatedAt = @Now,
               UpdatedBy = @UserId,
               Version = Version + 1
         WHERE AnnouncementId = @AnnouncementId
           AND Version = @ExpectedVersion
           AND WithdrawnAt IS NULL
        """;

    private const string TitleSql = """
        SELECT Title
          FROM Announcements
         WHERE AnnouncementId = @AnnouncementId
        """;

    // Its campaigns end with it: a withdrawn announcement is no longer told.
    private const string EndCampaignsSql = """
        UPDATE OutboundCampaigns
           SET EndedAt = @Now
         WHERE AnnouncementId = @AnnouncementId
           AND EndedAt IS NULL
        """;

    /// <summary>Withdraws an announcement (kept for its records) and ends its campaigns; the error in Japanese, or null.</summary>
    public async Task<string?> WithdrawAsync(int announcementId, int expectedVersion, OperatorContext by, CancellationToken cancellationToken = default)
    {
        await using var write = await AuditedWrite.BeginAsync(connections, time, by, cancellationToken);
        var (connection, transaction) = (write.Connection, write.Transaction);
        var args = new { AnnouncementId = announcementId, ExpectedVersion = expectedVersion, write.Now, by.UserId };
        if (await connection.ExecuteAsync(new CommandDefinition(WithdrawSql, args, transaction, cancellationToken: cancellationToken)) != 1)
        {
            var state = await connection.QuerySingleOrDefaultAsync<StoredState>(new CommandDefinition(StateSql, args, transaction,
                cancellationToken: cancellationToken));
            return state is null ? "このお知らせは見つかりません。" : state.WithdrawnAt is not null ? "このお知らせはすでに取り下げられています。" : ConflictMessage;
        }
        var ended = await connection.ExecuteAsync(new CommandDefinition(EndCampaignsSql, args, transaction, cancellationToken: cancellationToken));
        var title = await connection.ExecuteScalarAsync<string>(new CommandDefinition(TitleSql, args, transaction, cancellationToken: cancellationToken));
        await write.AuditAsync(AuditActions.WithdrawAnnouncement, "announcement", Id(announcementId),
            details: ended > 0 ? $"「{title}」を取り下げ・伝達キャンペーン{ended}件を終了" : $"「{title}」を取り下げ");
        await write.CommitAsync();
        return null;
    }

    /// <summary>The audit row's details: 「「一時帰宅の申込受付」・2026/03/01〜2026/03/31・重要・公開・行政区 浜区」.</summary>
    public static string AuditDetails(string title, DateOnly from, DateOnly? to, AnnouncementPriority priority, bool isPublic,
        IReadOnlyList<AnnouncementTarget> targets, bool forVulnerable) =>
        Audit.AuditDetails.Join($"「{title}」", AnnouncementLabels.Validity(from, to), priority.Label(), isPublic ? "公開" : null,
            AnnouncementLabels.Audience(targets, forVulnerable)) ?? "";

    /// <summary>The body as stored: trimmed, line breaks as <c>\n</c>.</summary>
    public static string NormalizeBody(string body) => body.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim();

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}

/// <summary>An announcement's state as a write reads it inside its transaction.</summary>
internal sealed class StoredState
{
    public string Title { get; init; } = "";
    public DateOnly ValidFrom { get; init; }
    public DateOnly? ValidTo { get; init; }
    public DateTime? WithdrawnAt { get; init; }
    public int Version { get; init; }

    /// <summary>Within its validity on <paramref name="today"/> and not withdrawn.</summary>
    public bool IsCurrentOn(DateOnly today) => WithdrawnAt is null && ValidFrom <= today && (ValidTo is not { } to || to >= today);
}
