using System.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.TalkScripts;
using Dapper;

namespace CallCenter.Data.Demo;

/// <summary>
/// The demo town's talk scripts and FAQ (応対スクリプト・よくある質問): the questions evacuees ask most (一時帰宅, 賠償,
/// 罹災証明書, 仮設住宅, 健康相談 …), each in its request category, with keywords and one created revision; one retired
/// script with its history. Written in the seeding transaction (a dozen rows: nothing to measure).
/// </summary>
internal static class DemoTalkScripts
{
    private sealed record Item(TalkScriptKind Kind, string Category, string Title, string Keywords, string Body);

    private static readonly Item[] Items =
    [
        new(TalkScriptKind.Script, "一時帰宅・立入り", "一時帰宅の申込方法", "一時帰宅 立入り 申込 いちじきたく",
            "一時帰宅のお申込みですね。ご案内します。\n1. 世帯の代表の方のお名前と世帯番号を確認します。\n2. 希望日を第3希望まで伺います（実施日は毎月第2・第4土曜日）。\n3. 同行される方の人数（1世帯3名まで）と、車で行かれるかを伺います。\n4. 申込は実施日の10日前までです。決定の通知を避難先の住所に郵送します。\n※ 防護服・線量計は中継基地でお渡しします。"),
        new(TalkScriptKind.Faq, "一時帰宅・立入り", "一時帰宅にペットを連れ帰れますか", "ペット 犬 猫 一時帰宅",
            "はい。一時帰宅の際に、残してきたペットを連れ帰ることができます。\n申込の際に「ペットの保護あり」とお伝えください。ケージは町で用意します。\n中継基地で動物のスクリーニング（線量測定）を受けてからのお持ち帰りになります。"),
        new(TalkScriptKind.Script, "賠償・補償", "賠償請求の窓口", "賠償 請求 東京電力 補償 相談窓口",
            "賠償のご相談は、東京電力の補償相談窓口が受け付けています。\n電話：0120-926-404（受付 9時〜21時、土日祝も受付）\n書類の書き方が分からない方には、町の役場出張所（会津若松・いわき）で毎週水曜日に記入相談会を開いています。予約はこの電話で承ります。"),
        new(TalkScriptKind.Faq, "賠償・補償", "賠償金はいつ振り込まれますか", "賠償 振込 時期 入金",
            "請求書が受理されてから、審査におよそ1〜2か月かかります。\n書類に不備があると遅れますので、東京電力から届く確認の連絡にお答えください。\n振込の予定は東京電力の窓口でしか分かりません。町ではお調べできないことをお伝えください。"),
        new(TalkScriptKind.Script, "各種手続き・証明", "罹災証明書の発行", "罹災証明書 りさい 証明 発行 申請",
            "罹災証明書の発行ですね。\n1. ご本人（または世帯の方）のお名前・生年月日・住民番号を確認します。\n2. 送付先（いまお住まいの住所）を伺います。\n3. 手数料は無料です。申請から1週間ほどで郵送します。\n※ 代理の方の申請は委任状が必要です。委任状の様式も一緒にお送りできます。"),
        new(TalkScriptKind.Script, "住まい・住宅", "仮設住宅の申込", "仮設住宅 応急仮設 かせつ 入居 申込",
            "応急仮設住宅（借り上げ住宅を含む）の申込ですね。\n1. 世帯の人数と、高齢の方・障害のある方がいるかを伺います。\n2. 希望する地域（会津若松市・いわき市・郡山市）を伺います。\n3. 申込書を避難先の住所に郵送します。返送の締切は毎月末日です。\n入居の決定は抽選ではなく、要配慮の世帯から順にご案内しています。"),
        new(TalkScriptKind.Faq, "住まい・住宅", "仮設住宅の入居期限は延びますか", "仮設住宅 期限 延長",
            "入居期限は現在、来年3月末までです。延長は国と県の決定を待っているところです。\n決まりしだい、広報しおみとお知らせでお伝えします。\n災害公営住宅への移行を希望される方は、担当（復興推進課）から折り返しご連絡します。"),
        new(TalkScriptKind.Script, "医療・健康", "健康相談の受付", "健康相談 保健師 体調 こころ 相談",
            "健康のご相談ですね。町の保健師が電話でお話を伺います。\n1. ご本人のお名前と、いまの体調（眠れない・食欲がない・持病の悪化など）を簡単に伺います。\n2. 保健師から折り返すのに都合のよい時間帯と電話番号を伺います。\n3. 急ぎの場合（胸の痛み・息苦しさなど）は、すぐに119番か近くの医療機関へ、とお伝えください。"),
        new(TalkScriptKind.Faq, "医療・健康", "避難先で持病の薬をもらえますか", "薬 処方 持病 お薬手帳 病院",
            "はい。避難先の医療機関で、保険証がなくても氏名・生年月日・住所を伝えれば受診できます（窓口負担は免除の対象です）。\nお薬手帳があれば持参してください。なければ、飲んでいる薬の名前を医師にお伝えください。"),
        new(TalkScriptKind.Faq, "教育・子育て", "避難先の学校に転校できますか", "転校 学校 区域外就学 子ども",
            "はい。避難先の市町村の教育委員会に申し出れば、住民票を移さずに転校できます（区域外就学）。\n町の教育委員会から在学証明書を避難先に送りますので、お子さんのお名前・学年と転校先の学校名を伺ってください。"),
        new(TalkScriptKind.Faq, "生活資金・支援金", "生活再建支援金の申請方法", "支援金 生活再建 申請 義援金",
            "被災者生活再建支援金は、罹災証明書の写しと振込先口座が分かるものを添えて申請します。\n申請書は郵送でお送りします。基礎支援金は世帯の人数により最大100万円です。\n義援金とは別の制度です。義援金の配分時期は決まりしだいお知らせします。"),
        new(TalkScriptKind.Script, "情報提供", "広報しおみの送付先変更", "広報 送付先 住所変更 郵送",
            "広報しおみや町からの郵便の送付先の変更ですね。\n1. 世帯番号と、世帯の代表の方のお名前を確認します。\n2. 新しい送付先（郵便番号・住所・宛名）を伺い、復唱して確認します。\n3. 次号から新しい送付先にお届けします。"),
    ];

    private const string RetiredTitle = "一時帰宅の申込方法（旧：電話のみ）";

    private const string CategorySql = """
        SELECT Label, CategoryId
          FROM RequestCategories
        """;

    private const string InsertSql = """
        INSERT INTO TalkScripts (Kind, CategoryId, Title, Body, Keywords, SearchText, CreatedAt, CreatedBy, UpdatedAt, UpdatedBy, RetiredAt, Version)
             VALUES (@Kind, @CategoryId, @Title, @Body, @Keywords, @SearchText, @CreatedAt, NULL, @UpdatedAt, NULL, @RetiredAt, @Version);
        {last_id}
        """;

    private const string InsertRevisionSql = """
        INSERT INTO TalkScriptRevisions (TalkScriptId, Version, Change, ChangedAt, ChangedBy, BeforeKind, BeforeCategoryId, BeforeTitle, BeforeBody, BeforeKeywords)
             VALUES (@TalkScriptId, @Version, @Change, @ChangedAt, NULL, @BeforeKind, @BeforeCategoryId, @BeforeTitle, @BeforeBody, @BeforeKeywords)
        """;

    public static async Task WriteAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, DateTime nowUtc, CancellationToken ct)
    {
        var categories = (await connection.QueryAsync<(string Label, long Id)>(new CommandDefinition(CategorySql, transaction: transaction, cancellationToken: ct)))
            .ToDictionary(c => c.Label, c => (int)c.Id);
        var written = nowUtc.AddDays(-20);
        foreach (var item in Items.Append(new Item(TalkScriptKind.Script, "一時帰宅・立入り", RetiredTitle, "一時帰宅",
                     "一時帰宅は電話でのみ受け付けます。（申込書の郵送が始まったため廃止）")))
        {
            var retired = item.Title == RetiredTitle;
            var categoryId = categories.TryGetValue(item.Category, out var id) ? id : (int?)null;
            var scriptId = await connection.ExecuteScalarAsync<int>(new CommandDefinition(dialect.Render(InsertSql), new
            {
                Kind = (int)item.Kind,
                CategoryId = categoryId,
                item.Title,
                item.Body,
                item.Keywords,
                SearchText = TalkScriptText.SearchTextOf(item.Title, item.Keywords, item.Body),
                CreatedAt = written,
                UpdatedAt = retired ? nowUtc.AddDays(-3) : written,
                RetiredAt = retired ? nowUtc.AddDays(-3) : (DateTime?)null,
                Version = retired ? 2 : 1,
            }, transaction, cancellationToken: ct));
            await RevisionAsync(connection, transaction, scriptId, 1, TalkScriptChange.Created, written, null, ct);
            if (retired)
            {
                await RevisionAsync(connection, transaction, scriptId, 2, TalkScriptChange.Retired, nowUtc.AddDays(-3), (item, categoryId), ct);
            }
            written = written.AddHours(5);
        }
    }

    private static Task RevisionAsync(DbConnection connection, DbTransaction transaction, int scriptId, int version, TalkScriptChange change,
        DateTime at, (Item Item, int? CategoryId)? before, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(InsertRevisionSql, new
        {
            TalkScriptId = scriptId,
            Version = version,
            Change = (int)change,
            ChangedAt = at,
            BeforeKind = before is { } b ? (int?)b.Item.Kind : null,
            BeforeCategoryId = before?.CategoryId,
            BeforeTitle = before?.Item.Title,
            BeforeBody = before?.Item.Body,
            BeforeKeywords = before?.Item.Keywords,
        }, transaction, cancellationToken: ct));
}
