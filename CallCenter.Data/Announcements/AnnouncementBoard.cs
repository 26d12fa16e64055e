using System.Globalization;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Reports;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Data.Announcements;

/// <summary>
/// The announcements (お知らせ) supervisors write: list, create, edit (optimistic on <c>Version</c>, like requests) and
/// withdraw, each change one <see cref="AuditedWrite"/> with its audit row. Checks run before the first write and come
/// back in Japanese naming the field; targets must name real districts, prefectures, whereabouts types and towns.
/// <para>Towns: in a joint center a 行政区 target needs a 町 target naming a town that has the district (district names
/// repeat across towns). A supervisor whose scope is not every town sees only the announcements that can reach its towns
/// (no 町 target, or one of its towns), and creates, edits and withdraws only announcements limited to its towns.</para>
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
           WHERE 1 = 1 /*towns*/
        ORDER BY a.ValidFrom DESC, a.AnnouncementId DESC
        """;

    private const string TargetsSql = """
          SELECT AnnouncementId, Kind, Value
            FROM AnnouncementTargets
        ORDER BY AnnouncementId, Kind, Value
        """;

    /// <summary>
    /// The announcements that can reach <paramref name="scope"/>'s towns (all of them for every town) with their targets,
    /// newest validity first (the page sorts them into current, upcoming, ended).
    /// </summary>
    public async Task<IReadOnlyList<Announcement>> ListAsync(TownScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await connections.OpenAsync(cancellationToken);
        var list = (await connection.QueryAsync<Announcement>(new CommandDefinition(AnnouncementTargeting.ReachesScope(ListSql, scope), new { scope.TownIds },
            cancellationToken: cancellationToken))).AsList();
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
           WHERE a.AnnouncementId = @AnnouncementId /*towns*/
        """;

    private const string TargetsOfSql = """
          SELECT Kind, Value
            FROM AnnouncementTargets
           WHERE AnnouncementId = @AnnouncementId
        ORDER BY Kind, Value
        """;

    /// <summary>One announcement with its targets, or null (also when it cannot reach <paramref name="scope"/>'s towns).</summary>
    public async Task<Announcement?> GetAsync(int announcementId, TownScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await connections.OpenAsync(cancellationToken);
        var args = new { AnnouncementId = announcementId, scope.TownIds };
        var announcement = await connection.QuerySingleOrDefaultAsync<Announcement>(new CommandDefinition(AnnouncementTargeting.ReachesScope(OneSql, scope), args,
            cancellationToken: cancellationToken));
        if (announcement is not null)
        {
            announcement.Targets = [.. (await connection.QueryAsync<(long Kind, string Value)>(new CommandDefinition(TargetsOfSql, args, cancellationToken: cancellationToken)))
                .Select(t => new AnnouncementTarget((TargetKind)t.Kind, t.Value))];
        }
        return announcement;
    }

    /// <summary>
    /// The announcements current today (Japan date) that can reach <paramref name="scope"/>'s towns, 重要 first, then the
    /// newest validity: the start page's list.
    /// </summary>
    public async Task<IReadOnlyList<Announcement>> CurrentAsync(TownScope scope, CancellationToken cancellationToken = default)
    {
        var today = Today;
        return [.. (await ListAsync(scope, cancellationToken)).Where(a => a.StateOn(today) == AnnouncementState.Current)
            .OrderBy(a => a.Priority).ThenByDescending(a => a.ValidFrom).ThenByDescending(a => a.AnnouncementId)];
    }

    private const string DistrictsSql = """
          SELECT DISTINCT TownId, District
            FROM Households
           WHERE District IS NOT NULL /*towns*/
        ORDER BY TownId, District
        """;

    /// <summary>
    /// The districts households of <paramref name="scope"/>'s towns are in, each with its town (a district of the same name
    /// in two towns is two districts): the values a 行政区 target may name.
    /// </summary>
    public async Task<IReadOnlyList<AnnouncementDistrict>> DistrictsAsync(TownScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<(long TownId, string District)>(new CommandDefinition(Dashboard.TownFilter.Apply(DistrictsSql, scope),
                new { scope.TownIds }, cancellationToken: cancellationToken)))
            .Select(d => new AnnouncementDistrict((int)d.TownId, d.District)).ToList();
    }

    /// <summary>Whether <paramref name="scope"/> covers every town of the installation (always so with one town).</summary>
    public static bool CoversAll(TownScope scope, IReadOnlyList<Town> towns) => scope.IsAll || towns.All(t => scope.Includes(t.TownId));

    /// <summary>
    /// The checks on a draft. <paramref name="districts"/>: the real districts with their towns (<see cref="DistrictsAsync"/>);
    /// <paramref name="towns"/>: the installation's towns; <paramref name="author"/>: the writer's scope. With several
    /// towns, 行政区 targets need 町 targets whose towns have them, and a writer not of every town must limit the
    /// announcement to its own towns.
    /// </summary>
    public static IReadOnlyList<AnnouncementError> Validate(AnnouncementDraft draft, IReadOnlyCollection<AnnouncementDistrict> districts,
        IReadOnlyList<Town> towns, TownScope author)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(towns);
        ArgumentNullException.ThrowIfNull(author);
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
        var joint = towns.Count > 1;
        var chosenTowns = draft.Targets.Where(t => t.Kind == TargetKind.Town).Select(t => towns.FirstOrDefault(w => w.Code.Length > 0 && w.Code == t.Value))
            .OfType<Town>().Distinct().ToList();
        foreach (var t in draft.Targets.Distinct())
        {
            var known = t.Kind switch
            {
                TargetKind.District => districts.Any(d => d.District == t.Value),
                TargetKind.Town => towns.Any(w => w.Code.Length > 0 && w.Code == t.Value),
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
        if (joint)
        {
            var chosenDistricts = draft.Targets.Where(t => t.Kind == TargetKind.District).Select(t => t.Value).Distinct().ToList();
            if (chosenDistricts.Count > 0 && chosenTowns.Count == 0)
            {
                errors.Add(new("targets", "行政区を選ぶときは、その行政区の町も選んでください（同じ名前の行政区が町ごとにあります）。"));
            }
            else
            {
                foreach (var district in chosenDistricts.Where(d => districts.Any(x => x.District == d)
                                                                    && !districts.Any(x => x.District == d && chosenTowns.Any(w => w.TownId == x.TownId))))
                {
                    errors.Add(new("targets", $"対象の行政区「{district}」は選んだ町（{string.Join("・", chosenTowns.Select(w => w.Name))}）にありません。選び直してください。"));
                }
            }
        }
        if (!CoversAll(author, towns))
        {
            var own = towns.Where(w => author.Includes(w.TownId)).Select(w => w.Name).ToList();
            if (chosenTowns.Count == 0)
            {
                errors.Add(new("towns", $"対象の町を選んでください。担当の町（{string.Join("・", own)}）の世帯に限ったお知らせだけを掲示できます。"));
            }
            foreach (var outside in chosenTowns.Where(w => !author.Includes(w.TownId)))
            {
                errors.Add(new("towns", $"{outside.Name}は担当の町ではありません。対象の町から外してください。"));
            }
        }
        return errors;
    }

    private const string StoredTownsSql = """
        SELECT t.Value AS Code, tw.TownId
          FROM AnnouncementTargets t
          LEFT JOIN Towns tw ON tw.Code = t.Value
         WHERE t.AnnouncementId = @AnnouncementId
           AND t.Kind = 4
        """;

    /// <summary>
    /// Why a writer of <paramref name="author"/>'s towns may not change a stored announcement, or null: it must be limited
    /// to the writer's towns (one it cannot even see is not found). Read inside the change's transaction.
    /// </summary>
    private static async Task<string?> OutsideAuthorAsync(AuditedWrite write, int announcementId, TownScope author, IReadOnlyList<Town> towns,
        CancellationToken cancellationToken)
    {
        if (CoversAll(author, towns))
        {
            return null;
        }
        var stored = (await write.Connection.QueryAsync<(string Code, long? TownId)>(new CommandDefinition(StoredTownsSql,
            new { AnnouncementId = announcementId }, write.Transaction, cancellationToken: cancellationToken))).ToList();
        if (stored.Count > 0 && !stored.Any(s => s.TownId is { } id && author.Includes((int)id)))
        {
            return "このお知らせは見つかりません。";
        }
        return stored.Count > 0 && stored.All(s => s.TownId is { } id && author.Includes((int)id))
            ? null
            : "このお知らせは担当外の町の世帯にも届くため、変更・取り下げできません。全町を担当する職員に依頼してください。";
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
        AnnouncementDraft draft, OperatorContext by, TownScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var towns = await new TownRepository(connections, time).ListAsync(cancellationToken);
        var errors = Validate(draft, [.. await DistrictsAsync(TownScope.All, cancellationToken)], towns, scope);
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
            if (await OutsideAuthorAsync(write, id, scope, towns, cancellationToken) is { } outside)
            {
                return (null, expectedVersion, [new("version", outside)]);
            }
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
            details: AuditDetails(draft.Title.Trim(), draft.ValidFrom.Value, draft.ValidTo, draft.Priority, draft.IsPublic, targets, draft.ForVulnerable, towns));
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
    public async Task<string?> WithdrawAsync(int announcementId, int expectedVersion, OperatorContext by, TownScope scope,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var towns = await new TownRepository(connections, time).ListAsync(cancellationToken);
        await using var write = await AuditedWrite.BeginAsync(connections, time, by, cancellationToken);
        var (connection, transaction) = (write.Connection, write.Transaction);
        if (await OutsideAuthorAsync(write, announcementId, scope, towns, cancellationToken) is { } outside)
        {
            return outside;
        }
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
        IReadOnlyList<AnnouncementTarget> targets, bool forVulnerable, IReadOnlyList<Town>? towns = null) =>
        Audit.AuditDetails.Join($"「{title}」", AnnouncementLabels.Validity(from, to), priority.Label(), isPublic ? "公開" : null,
            AnnouncementLabels.Audience(targets, forVulnerable, towns)) ?? "";

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

/// <summary>A district a 行政区 target may name, with its town (district names repeat across towns).</summary>
/// <param name="TownId">The town.</param>
/// <param name="District">The district's name.</param>
public sealed record AnnouncementDistrict(int TownId, string District);
