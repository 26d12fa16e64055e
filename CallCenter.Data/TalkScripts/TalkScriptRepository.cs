using System.Globalization;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using Dapper;

namespace CallCenter.Data.TalkScripts;

/// <summary>
/// Talk scripts and FAQ (応対スクリプト・よくある質問): supervisors and admins write, change and retire them (each change one
/// <see cref="AuditedWrite"/> with an append-only revision holding the script as it was before, and an audit row);
/// operators search them from the call form (<see cref="SearchAsync"/>, not audited: they hold no personal data).
/// </summary>
public sealed class TalkScriptRepository(ConnectionFactory connections, TimeProvider time)
{
    /// <summary>Longest title, in characters.</summary>
    public const int MaxTitleLength = 100;

    /// <summary>Longest body, in characters.</summary>
    public const int MaxBodyLength = 4000;

    /// <summary>Longest keywords text, in characters.</summary>
    public const int MaxKeywordsLength = 200;

    /// <summary>How many hits a search returns at most.</summary>
    public const int MaxHits = 20;

    /// <summary>The message when someone else changed the script after the editor loaded it.</summary>
    public const string ConflictMessage = "他の職員が先にこのスクリプトを変更しました。画面を読み直してください。";

    private const string AuditTarget = "talk-script";

    private const string ListSql = """
           SELECT s.TalkScriptId, s.Kind, s.CategoryId, c.Label AS CategoryLabel, s.Title, s.Body, s.Keywords, s.SearchText,
                  s.UpdatedAt, u.DisplayName AS UpdatedByName, s.RetiredAt, s.Version
             FROM TalkScripts s
        LEFT JOIN RequestCategories c ON c.CategoryId = s.CategoryId
        LEFT JOIN Users u ON u.UserId = s.UpdatedBy
            WHERE (@Kind IS NULL OR s.Kind = @Kind)
              AND (@CategoryId IS NULL OR s.CategoryId = @CategoryId)
              AND (@IncludeRetired = 1 OR s.RetiredAt IS NULL)
              AND (@Pattern IS NULL OR s.SearchText LIKE @Pattern ESCAPE '\')
         ORDER BY s.Kind, c.SortOrder, s.Title, s.TalkScriptId
        """;

    /// <summary>The scripts the editor lists, by kind, category and title; words are matched as the search matches them.</summary>
    public async Task<IReadOnlyList<TalkScript>> ListAsync(TalkScriptFilter filter, CancellationToken cancellationToken = default)
    {
        var terms = TalkScriptText.Terms(filter.Words);
        var rows = await QueryAsync(new
        {
            Kind = (int?)filter.Kind,
            filter.CategoryId,
            IncludeRetired = filter.IncludeRetired ? 1 : 0,
            Pattern = terms.Count == 0 ? null : LikePattern(terms.MaxBy(t => t.Length)!),
        }, cancellationToken);
        return rows.Where(r => terms.All(t => r.SearchText.Contains(t, StringComparison.Ordinal))).Select(r => r.ToScript()).ToList();
    }

    /// <summary>
    /// Active scripts matching every word of <paramref name="query"/> in their title, keywords or body (folded: width,
    /// case, hiragana/katakana), best first: a word in the title counts most, then in the keywords, then in the body;
    /// a title that starts with a word ranks higher still. At most <see cref="MaxHits"/>.
    /// </summary>
    public async Task<IReadOnlyList<TalkScript>> SearchAsync(string? query, CancellationToken cancellationToken = default)
    {
        var terms = TalkScriptText.Terms(query);
        if (terms.Count == 0)
        {
            return [];
        }
        var rows = await QueryAsync(new
        {
            Kind = (int?)null,
            CategoryId = (int?)null,
            IncludeRetired = 0,
            Pattern = LikePattern(terms.MaxBy(t => t.Length)!),
        }, cancellationToken);
        return rows
            .Select(r => (Row: r, Score: Score(r, terms)))
            .Where(x => x.Score > 0)
            .OrderByDescending(x => x.Score)
            .ThenBy(x => x.Row.Title.Length)
            .ThenBy(x => x.Row.TalkScriptId)
            .Take(MaxHits)
            .Select(x => x.Row.ToScript())
            .ToList();
    }

    /// <summary>0 when a word is missing; otherwise title hits × 100 (+ 50 when the title starts with it), keyword hits × 10, body hits.</summary>
    private static int Score(ScriptRow row, IReadOnlyList<string> terms)
    {
        var title = TalkScriptText.Fold(row.Title);
        var keywords = TalkScriptText.Fold(row.Keywords);
        var body = TalkScriptText.Fold(row.Body);
        var score = 0;
        foreach (var term in terms)
        {
            var inTitle = title.Contains(term, StringComparison.Ordinal);
            var inKeywords = keywords.Contains(term, StringComparison.Ordinal);
            var inBody = body.Contains(term, StringComparison.Ordinal);
            if (!inTitle && !inKeywords && !inBody)
            {
                return 0;
            }
            score += (inTitle ? 100 : 0) + (title.StartsWith(term, StringComparison.Ordinal) ? 50 : 0) + (inKeywords ? 10 : 0) + (inBody ? 1 : 0);
        }
        return score;
    }

    private const string FindSql = """
           SELECT s.TalkScriptId, s.Kind, s.CategoryId, c.Label AS CategoryLabel, s.Title, s.Body, s.Keywords, s.SearchText,
                  s.UpdatedAt, u.DisplayName AS UpdatedByName, s.RetiredAt, s.Version
             FROM TalkScripts s
        LEFT JOIN RequestCategories c ON c.CategoryId = s.CategoryId
        LEFT JOIN Users u ON u.UserId = s.UpdatedBy
            WHERE s.TalkScriptId = @TalkScriptId
        """;

    /// <summary>One script, retired or not; null when there is none.</summary>
    public async Task<TalkScript?> FindAsync(int talkScriptId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ScriptRow>(new CommandDefinition(
            connections.Dialect.Render(FindSql), new { TalkScriptId = talkScriptId }, cancellationToken: cancellationToken));
        return row?.ToScript();
    }

    private const string RevisionsSql = """
           SELECT r.RevisionId, r.Version, r.Change, r.ChangedAt, u.DisplayName AS ChangedByName,
                  r.BeforeKind, c.Label AS BeforeCategoryLabel, r.BeforeTitle, r.BeforeBody, r.BeforeKeywords
             FROM TalkScriptRevisions r
        LEFT JOIN Users u ON u.UserId = r.ChangedBy
        LEFT JOIN RequestCategories c ON c.CategoryId = r.BeforeCategoryId
            WHERE r.TalkScriptId = @TalkScriptId
         ORDER BY r.Version DESC, r.RevisionId DESC
        """;

    /// <summary>The script's history, newest first: who changed it, when, how, and what it said before.</summary>
    public async Task<IReadOnlyList<TalkScriptRevision>> RevisionsAsync(int talkScriptId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<RevisionRow>(new CommandDefinition(
            RevisionsSql, new { TalkScriptId = talkScriptId }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRevision()).ToList();
    }

    private const string CategoryExistsSql = """
        SELECT COUNT(*)
          FROM RequestCategories
         WHERE CategoryId = @CategoryId
        """;

    private const string InsertSql = """
        INSERT INTO TalkScripts (Kind, CategoryId, Title, Body, Keywords, SearchText, CreatedAt, CreatedBy, UpdatedAt, UpdatedBy, Version)
             VALUES (@Kind, @CategoryId, @Title, @Body, @Keywords, @SearchText, @Now, @UserId, @Now, @UserId, 1);
        {last_id}
        """;

    private const string CurrentSql = """
        SELECT TalkScriptId, Kind, CategoryId, Title, Body, Keywords, RetiredAt, Version
          FROM TalkScripts
         WHERE TalkScriptId = @TalkScriptId
        """;

    private const string UpdateSql = """
        UPDATE TalkScripts
           SET Kind = @Kind,
               CategoryId = @CategoryId,
               Title = @Title,
               Body = @Body,
               Keywords = @Keywords,
               SearchText = @SearchText,
               UpdatedAt = @Now,
               UpdatedBy = @UserId,
               Version = Version + 1
         WHERE TalkScriptId = @TalkScriptId
           AND Version = @ExpectedVersion
        """;

    private const string InsertRevisionSql = """
        INSERT INTO TalkScriptRevisions (TalkScriptId, Version, Change, ChangedAt, ChangedBy,
                                         BeforeKind, BeforeCategoryId, BeforeTitle, BeforeBody, BeforeKeywords)
             VALUES (@TalkScriptId, @Version, @Change, @Now, @UserId,
                     @BeforeKind, @BeforeCategoryId, @BeforeTitle, @BeforeBody, @BeforeKeywords)
        """;

    /// <summary>
    /// Writes a new script or a change, with its revision and an audit row in one transaction. Refuses with Japanese
    /// messages naming the field (nothing written) when a field is empty or too long, the category does not exist, or
    /// someone else changed the script since <see cref="TalkScriptDraft.ExpectedVersion"/>. A change that changes
    /// nothing writes nothing.
    /// </summary>
    public async Task<TalkScriptSaveResult> SaveAsync(TalkScriptDraft draft, OperatorContext by, CancellationToken cancellationToken = default)
    {
        var title = (draft.Title ?? "").Trim();
        var body = (draft.Body ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        var keywords = string.Join(' ', (draft.Keywords ?? "").Split([' ', '　', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        var errors = Validate(draft.Kind, title, body, keywords);
        if (errors.Count > 0)
        {
            return new TalkScriptSaveResult(draft.TalkScriptId, draft.ExpectedVersion, errors);
        }

        await using var write = await AuditedWrite.BeginAsync(connections, time, by, cancellationToken);
        if (draft.CategoryId is { } categoryId && await write.Connection.ExecuteScalarAsync<int>(new CommandDefinition(CategoryExistsSql,
                new { CategoryId = categoryId }, write.Transaction, cancellationToken: cancellationToken)) == 0)
        {
            return new TalkScriptSaveResult(draft.TalkScriptId, draft.ExpectedVersion, ["分類が見つかりません。選び直してください。"]);
        }
        var values = new
        {
            Kind = (int)draft.Kind,
            draft.CategoryId,
            Title = title,
            Body = body,
            Keywords = keywords,
            SearchText = TalkScriptText.SearchTextOf(title, keywords, body),
            write.Now,
            by.UserId,
            draft.TalkScriptId,
            draft.ExpectedVersion,
        };

        if (draft.TalkScriptId is not { } id)
        {
            var newId = await write.Connection.ExecuteScalarAsync<int>(new CommandDefinition(connections.Dialect.Render(InsertSql), values,
                write.Transaction, cancellationToken: cancellationToken));
            await InsertRevisionAsync(write, newId, 1, TalkScriptChange.Created, null, cancellationToken);
            await write.AuditAsync(AuditActions.EditTalkScript, AuditTarget, Id(newId),
                details: AuditDetails.Join($"作成 {TalkScriptLabels.Of(draft.Kind)}", $"「{title}」"));
            await write.CommitAsync();
            return new TalkScriptSaveResult(newId, 1, []);
        }

        var current = await CurrentAsync(write, id, cancellationToken);
        if (current is null)
        {
            return new TalkScriptSaveResult(id, draft.ExpectedVersion, [$"スクリプト番号 {Id(id)} はありません。"]);
        }
        if (current.Version != draft.ExpectedVersion)
        {
            return new TalkScriptSaveResult(id, draft.ExpectedVersion, [ConflictMessage]);
        }
        if (current.Kind == (int)draft.Kind && current.CategoryId == draft.CategoryId && current.Title == title
            && current.Body == body && current.Keywords == keywords)
        {
            return new TalkScriptSaveResult(id, current.Version, []);
        }
        var updated = await write.Connection.ExecuteAsync(new CommandDefinition(UpdateSql, values, write.Transaction, cancellationToken: cancellationToken));
        if (updated != 1)
        {
            return new TalkScriptSaveResult(id, draft.ExpectedVersion, [ConflictMessage]);
        }
        await InsertRevisionAsync(write, id, current.Version + 1, TalkScriptChange.Edited, current, cancellationToken);
        await write.AuditAsync(AuditActions.EditTalkScript, AuditTarget, Id(id),
            details: AuditDetails.Join("変更", $"「{title}」", Changed(current, draft.Kind, draft.CategoryId, title, body, keywords)));
        await write.CommitAsync();
        return new TalkScriptSaveResult(id, current.Version + 1, []);
    }

    private const string SetRetiredSql = """
        UPDATE TalkScripts
           SET RetiredAt = @RetiredAt,
               UpdatedAt = @Now,
               UpdatedBy = @UserId,
               Version = Version + 1
         WHERE TalkScriptId = @TalkScriptId
           AND Version = @ExpectedVersion
        """;

    /// <summary>
    /// Retires a script (operators no longer find it; the editor still lists it with its history), or offers it again
    /// when <paramref name="retire"/> is false. One revision and one audit row.
    /// </summary>
    public async Task<TalkScriptSaveResult> SetRetiredAsync(int talkScriptId, int expectedVersion, bool retire, OperatorContext by,
        CancellationToken cancellationToken = default)
    {
        await using var write = await AuditedWrite.BeginAsync(connections, time, by, cancellationToken);
        var current = await CurrentAsync(write, talkScriptId, cancellationToken);
        if (current is null)
        {
            return new TalkScriptSaveResult(talkScriptId, expectedVersion, [$"スクリプト番号 {Id(talkScriptId)} はありません。"]);
        }
        if (current.Version != expectedVersion)
        {
            return new TalkScriptSaveResult(talkScriptId, expectedVersion, [ConflictMessage]);
        }
        if ((current.RetiredAt is not null) == retire)
        {
            return new TalkScriptSaveResult(talkScriptId, current.Version, []);
        }
        var updated = await write.Connection.ExecuteAsync(new CommandDefinition(SetRetiredSql, new
        {
            RetiredAt = retire ? write.Now : (DateTime?)null,
            write.Now,
            by.UserId,
            TalkScriptId = talkScriptId,
            ExpectedVersion = expectedVersion,
        }, write.Transaction, cancellationToken: cancellationToken));
        if (updated != 1)
        {
            return new TalkScriptSaveResult(talkScriptId, expectedVersion, [ConflictMessage]);
        }
        var change = retire ? TalkScriptChange.Retired : TalkScriptChange.Restored;
        await InsertRevisionAsync(write, talkScriptId, current.Version + 1, change, current, cancellationToken);
        await write.AuditAsync(AuditActions.EditTalkScript, AuditTarget, Id(talkScriptId),
            details: AuditDetails.Join(TalkScriptLabels.Of(change), $"「{current.Title}」"));
        await write.CommitAsync();
        return new TalkScriptSaveResult(talkScriptId, current.Version + 1, []);
    }

    private static List<string> Validate(TalkScriptKind kind, string title, string body, string keywords)
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(kind))
        {
            errors.Add("種類（スクリプト・FAQ）を選んでください。");
        }
        if (title.Length == 0)
        {
            errors.Add("題名を入力してください。");
        }
        else if (title.Length > MaxTitleLength)
        {
            errors.Add($"題名は{MaxTitleLength}文字以内で入力してください（いま{title.Length}文字）。");
        }
        if (body.Length == 0)
        {
            errors.Add("本文を入力してください。");
        }
        else if (body.Length > MaxBodyLength)
        {
            errors.Add($"本文は{MaxBodyLength}文字以内で入力してください（いま{body.Length}文字）。");
        }
        if (keywords.Length > MaxKeywordsLength)
        {
            errors.Add($"キーワードは{MaxKeywordsLength}文字以内で入力してください（いま{keywords.Length}文字）。");
        }
        TextSafety.AddProblems(errors, ("題名", title), ("本文", body), ("キーワード", keywords));
        return errors;
    }

    private static string? Changed(CurrentRow before, TalkScriptKind kind, int? categoryId, string title, string body, string keywords) =>
        string.Join("・", new[]
        {
            before.Kind != (int)kind ? "種類" : null,
            before.CategoryId != categoryId ? "分類" : null,
            before.Title != title ? "題名" : null,
            before.Body != body ? "本文" : null,
            before.Keywords != keywords ? "キーワード" : null,
        }.OfType<string>()) is { Length: > 0 } fields ? $"{fields}を変更" : null;

    private async Task<CurrentRow?> CurrentAsync(AuditedWrite write, int talkScriptId, CancellationToken cancellationToken) =>
        await write.Connection.QuerySingleOrDefaultAsync<CurrentRow>(new CommandDefinition(CurrentSql,
            new { TalkScriptId = talkScriptId }, write.Transaction, cancellationToken: cancellationToken));

    private static Task InsertRevisionAsync(AuditedWrite write, int talkScriptId, int version, TalkScriptChange change, CurrentRow? before,
        CancellationToken cancellationToken) =>
        write.Connection.ExecuteAsync(new CommandDefinition(InsertRevisionSql, new
        {
            TalkScriptId = talkScriptId,
            Version = version,
            Change = (int)change,
            write.Now,
            write.By.UserId,
            BeforeKind = before?.Kind,
            BeforeCategoryId = before?.CategoryId,
            BeforeTitle = before?.Title,
            BeforeBody = before?.Body,
            BeforeKeywords = before?.Keywords,
        }, write.Transaction, cancellationToken: cancellationToken));

    private async Task<IReadOnlyList<ScriptRow>> QueryAsync(object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ScriptRow>(new CommandDefinition(ListSql, parameters, cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>A LIKE pattern for a folded word: <c>%word%</c>, with <c>\</c>, <c>%</c>, <c>_</c> and <c>[</c> escaped.</summary>
    private static string LikePattern(string term) =>
        "%" + term.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal).Replace("[", "\\[", StringComparison.Ordinal) + "%";

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private sealed class ScriptRow
    {
        public int TalkScriptId { get; init; }
        public int Kind { get; init; }
        public int? CategoryId { get; init; }
        public string? CategoryLabel { get; init; }
        public string Title { get; init; } = "";
        public string Body { get; init; } = "";
        public string Keywords { get; init; } = "";
        public string SearchText { get; init; } = "";
        public DateTime UpdatedAt { get; init; }
        public string? UpdatedByName { get; init; }
        public DateTime? RetiredAt { get; init; }
        public int Version { get; init; }

        public TalkScript ToScript() => new(TalkScriptId, (TalkScriptKind)Kind, CategoryId, CategoryLabel, Title, Body, Keywords,
            DateTime.SpecifyKind(UpdatedAt, DateTimeKind.Utc), UpdatedByName,
            RetiredAt is { } retired ? DateTime.SpecifyKind(retired, DateTimeKind.Utc) : null, Version);
    }

    private sealed class CurrentRow
    {
        public int TalkScriptId { get; init; }
        public int Kind { get; init; }
        public int? CategoryId { get; init; }
        public string Title { get; init; } = "";
        public string Body { get; init; } = "";
        public string Keywords { get; init; } = "";
        public DateTime? RetiredAt { get; init; }
        public int Version { get; init; }
    }

    private sealed class RevisionRow
    {
        public long RevisionId { get; init; }
        public int Version { get; init; }
        public int Change { get; init; }
        public DateTime ChangedAt { get; init; }
        public string? ChangedByName { get; init; }
        public int? BeforeKind { get; init; }
        public string? BeforeCategoryLabel { get; init; }
        public string? BeforeTitle { get; init; }
        public string? BeforeBody { get; init; }
        public string? BeforeKeywords { get; init; }

        public TalkScriptRevision ToRevision() => new(RevisionId, Version, (TalkScriptChange)Change,
            DateTime.SpecifyKind(ChangedAt, DateTimeKind.Utc), ChangedByName,
            BeforeTitle is null ? null : new TalkScriptSnapshot((TalkScriptKind)(BeforeKind ?? 1), BeforeCategoryLabel, BeforeTitle,
                BeforeBody ?? "", BeforeKeywords ?? ""));
    }
}
