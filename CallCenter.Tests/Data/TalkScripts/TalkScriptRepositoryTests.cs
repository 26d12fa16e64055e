using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.TalkScripts;
using CallCenter.Tests.Data.Calls;
using Dapper;

namespace CallCenter.Tests.Data.TalkScripts;

public abstract class TalkScriptRepositoryTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private readonly TestClock clock = new(new DateTimeOffset(2026, 3, 14, 1, 30, 0, TimeSpan.Zero));
    private OperatorContext supervisor = null!;
    private OperatorContext admin = null!;

    private TalkScriptRepository Scripts => new(Connections, clock);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        supervisor = await CallTestData.StaffAsync(Connections, clock, "sv", "監督 三郎", UserRole.Supervisor, "会津若松");
        admin = await CallTestData.StaffAsync(Connections, clock, "adm", "管理 花子", UserRole.Admin, "いわき");
    }

    private async Task<int> CategoryAsync(string label)
    {
        await using var connection = await Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT CategoryId FROM RequestCategories WHERE Label = @label", new { label });
    }

    private async Task<int> AddAsync(string title, string body, string keywords = "", TalkScriptKind kind = TalkScriptKind.Faq, int? categoryId = null)
    {
        var result = await Scripts.SaveAsync(new TalkScriptDraft(null, 0, kind, categoryId, title, body, keywords), supervisor);
        Assert.True(result.Saved, string.Join(" ", result.Errors));
        return result.TalkScriptId!.Value;
    }

    [SkippableFact]
    public async Task Create_Edit_Retire_Restore_KeepEveryChangeInTheHistory_WithWhoWhenAndWhatBefore()
    {
        var homeVisit = await CategoryAsync("一時帰宅・立入り");
        var id = await AddAsync("一時帰宅の申込方法", "申込書を郵送します。\n受付は平日9時から17時です。", "一時帰宅 立入り 申込", TalkScriptKind.Script, homeVisit);
        clock.Advance(TimeSpan.FromHours(1));

        var edited = await Scripts.SaveAsync(new TalkScriptDraft(id, 1, TalkScriptKind.Script, homeVisit, "一時帰宅の申込方法",
            "申込書を郵送します。\n受付は平日9時から16時です。", "一時帰宅 申込"), admin);
        Assert.True(edited.Saved);
        Assert.Equal(2, edited.Version);
        clock.Advance(TimeSpan.FromHours(1));
        Assert.True((await Scripts.SetRetiredAsync(id, 2, retire: true, supervisor)).Saved);
        Assert.True((await Scripts.SetRetiredAsync(id, 3, retire: false, supervisor)).Saved);

        var script = await Scripts.FindAsync(id);
        Assert.NotNull(script);
        Assert.Equal("受付は平日9時から16時です。", script.Body.Split('\n')[1]);
        Assert.Equal("一時帰宅・立入り", script.CategoryLabel);
        Assert.Equal(4, script.Version);
        Assert.True(script.IsActive);

        var history = await Scripts.RevisionsAsync(id);
        Assert.Equal([TalkScriptChange.Restored, TalkScriptChange.Retired, TalkScriptChange.Edited, TalkScriptChange.Created], history.Select(h => h.Change));
        var edit = history[2];
        Assert.Equal("管理 花子", edit.ChangedByName);
        Assert.Equal(new DateTime(2026, 3, 14, 2, 30, 0, DateTimeKind.Utc), edit.ChangedAt);
        Assert.Equal("申込書を郵送します。\n受付は平日9時から17時です。", edit.Before!.Body);
        Assert.Equal("一時帰宅 立入り 申込", edit.Before.Keywords);
        Assert.Null(history[3].Before);

        await using var connection = await Connections.OpenAsync();
        var audit = (await connection.QueryAsync<(string UserName, string Details)>(
            "SELECT UserName, Details FROM AuditLog WHERE Action = @action ORDER BY AuditId", new { action = AuditActions.EditTalkScript })).AsList();
        Assert.Equal(4, audit.Count);
        Assert.Contains(audit, r => r.UserName == "adm" && r.Details.Contains("本文・キーワードを変更", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Revisions_AreAppendOnly()
    {
        var id = await AddAsync("賠償請求の窓口", "東京電力の相談窓口をご案内します。");
        await using var connection = await Connections.OpenAsync();

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => connection.ExecuteAsync("UPDATE TalkScriptRevisions SET BeforeTitle = 'x'"));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => connection.ExecuteAsync("DELETE FROM TalkScriptRevisions"));
        Assert.Single(await Scripts.RevisionsAsync(id));
    }

    [SkippableFact]
    public async Task Save_RefusesWithJapaneseMessages_NamingTheField_AndWritesNothing()
    {
        var empty = await Scripts.SaveAsync(new TalkScriptDraft(null, 0, TalkScriptKind.Faq, null, " ", "", ""), supervisor);
        Assert.Equal(["題名を入力してください。", "本文を入力してください。"], empty.Errors);
        var tooLong = await Scripts.SaveAsync(new TalkScriptDraft(null, 0, TalkScriptKind.Faq, null, new string('あ', 101), "本文", ""), supervisor);
        Assert.Equal("題名は100文字以内で入力してください（いま101文字）。", Assert.Single(tooLong.Errors));
        var control = await Scripts.SaveAsync(new TalkScriptDraft(null, 0, TalkScriptKind.Faq, null, "題名", "本文\u202E", ""), supervisor);
        Assert.StartsWith("本文に使用できない制御文字", Assert.Single(control.Errors), StringComparison.Ordinal);
        var badCategory = await Scripts.SaveAsync(new TalkScriptDraft(null, 0, TalkScriptKind.Faq, 9999, "題名", "本文", ""), supervisor);
        Assert.Equal("分類が見つかりません。選び直してください。", Assert.Single(badCategory.Errors));

        Assert.Empty(await Scripts.ListAsync(new TalkScriptFilter(IncludeRetired: true)));
    }

    [SkippableFact]
    public async Task Save_RefusesAStaleVersion_When_SomeoneElseChangedItFirst()
    {
        var id = await AddAsync("罹災証明書", "申請方法をご案内します。");
        Assert.True((await Scripts.SaveAsync(new TalkScriptDraft(id, 1, TalkScriptKind.Faq, null, "罹災証明書の申請", "申請方法をご案内します。", ""), admin)).Saved);

        var stale = await Scripts.SaveAsync(new TalkScriptDraft(id, 1, TalkScriptKind.Faq, null, "罹災証明書（古い画面）", "x", ""), supervisor);

        Assert.Equal(TalkScriptRepository.ConflictMessage, Assert.Single(stale.Errors));
        Assert.Equal("罹災証明書の申請", (await Scripts.FindAsync(id))!.Title);
        Assert.Equal(2, (await Scripts.RevisionsAsync(id)).Count);
    }

    [SkippableFact]
    public async Task Search_RanksTitleBeforeKeywordsBeforeBody_FoldsKanaAndWidth_AndSkipsRetired()
    {
        var inBody = await AddAsync("健康相談のご案内", "一時帰宅の前後に体調が悪いときも相談できます。");
        var inKeywords = await AddAsync("立入りの持ち物", "線量計と身分証を持参してください。", "一時帰宅 持ち物");
        var inTitle = await AddAsync("一時帰宅の申込方法", "申込書を郵送します。", kind: TalkScriptKind.Script);
        var retired = await AddAsync("一時帰宅（旧制度）", "廃止された手続きです。");
        Assert.True((await Scripts.SetRetiredAsync(retired, 1, retire: true, supervisor)).Saved);
        await AddAsync("仮設住宅の申込", "申込書は役場で配布します。", "かせつ");

        Assert.Equal([inTitle, inKeywords, inBody], (await Scripts.SearchAsync("一時帰宅")).Select(s => s.TalkScriptId));
        // Two words: both must match (AND).
        Assert.Equal([inKeywords], (await Scripts.SearchAsync("一時帰宅　持ち物")).Select(s => s.TalkScriptId));
        // Hiragana finds katakana and the other way; full-width Latin finds half-width.
        var kana = await AddAsync("サテライト窓口", "ＦＡＱ：窓口は平日のみ", "まどぐち");
        Assert.Equal([kana], (await Scripts.SearchAsync("さてらいと")).Select(s => s.TalkScriptId));
        Assert.Equal([kana], (await Scripts.SearchAsync("マドグチ faq")).Select(s => s.TalkScriptId));
        Assert.Empty(await Scripts.SearchAsync("旧制度"));
        Assert.Empty(await Scripts.SearchAsync("  "));
        // LIKE wildcards are plain characters.
        Assert.Empty(await Scripts.SearchAsync("%"));
    }

    [SkippableFact]
    public async Task List_FiltersByKindCategoryAndWords_AndShowsRetiredOnlyWhenAsked()
    {
        var compensation = await CategoryAsync("賠償・補償");
        var script = await AddAsync("賠償請求の窓口", "相談窓口の電話番号をご案内します。", "賠償", TalkScriptKind.Script, compensation);
        var faq = await AddAsync("賠償金の振込時期", "審査後およそ1か月です。", "賠償", TalkScriptKind.Faq, compensation);
        var other = await AddAsync("健康相談", "保健師が対応します。");
        Assert.True((await Scripts.SetRetiredAsync(other, 1, retire: true, supervisor)).Saved);

        Assert.Equal([script, faq], (await Scripts.ListAsync(new TalkScriptFilter(CategoryId: compensation))).Select(s => s.TalkScriptId));
        Assert.Equal([faq], (await Scripts.ListAsync(new TalkScriptFilter(Kind: TalkScriptKind.Faq))).Select(s => s.TalkScriptId));
        Assert.Equal([script], (await Scripts.ListAsync(new TalkScriptFilter(Words: "電話 窓口"))).Select(s => s.TalkScriptId));
        Assert.DoesNotContain(other, (await Scripts.ListAsync(new TalkScriptFilter())).Select(s => s.TalkScriptId));
        Assert.Contains(other, (await Scripts.ListAsync(new TalkScriptFilter(IncludeRetired: true))).Select(s => s.TalkScriptId));
    }
}

public sealed class TalkScriptRepositoryTestsOnSqlite : TalkScriptRepositoryTests<OnSqlite>;

public sealed class TalkScriptRepositoryTestsOnSqlServer : TalkScriptRepositoryTests<OnSqlServer>;
