using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Requests;
using CallCenter.Tests.Data.Calls;
using Dapper;

namespace CallCenter.Tests.Data.Requests;

/// <summary>The admins' edits of the request categories (分類) and departments (担当課): one shared editor, audited in Japanese.</summary>
public abstract class EditableListTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private static readonly string[] DefaultCategories = ["住まい・住宅", "仕事・雇用", "教育・子育て", "医療・健康", "介護・福祉", "賠償・補償",
        "生活資金・支援金", "一時帰宅・立入り", "除染・放射線", "情報提供", "各種手続き・証明", "その他"];

    private static readonly string[] DefaultDepartments = ["総務課", "住民課", "税務課", "健康介護課", "教育委員会", "復興推進課"];

    private readonly TestClock clock = new(new DateTimeOffset(2026, 3, 14, 1, 30, 0, TimeSpan.Zero));
    private OperatorContext admin = null!;

    private RequestCategories Categories => new(Connections, clock);

    private Departments Departments => new(Connections, clock);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        admin = await CallTestData.StaffAsync(Connections, clock, "admin-town", "町 管理", UserRole.Admin, "役場");
    }

    private static async Task<IReadOnlyList<string>> LabelsAsync(EditableList list, bool includeRetired = false) =>
        [.. (await list.ListAsync(includeRetired)).Select(c => c.Label)];

    private async Task<IReadOnlyList<(string TargetType, string Details)>> AuditAsync()
    {
        await using var connection = await Connections.OpenAsync();
        return [.. await connection.QueryAsync<(string, string)>(
            "SELECT TargetType, Details FROM AuditLog WHERE Action = @Action AND UserName = 'admin-town' ORDER BY AuditId",
            new { Action = AuditActions.EditRequestLists })];
    }

    private static async Task<int> IdOfAsync(EditableList list, string label) =>
        (await list.ListAsync(includeRetired: true)).Single(c => c.Label == label).Id;

    [SkippableFact]
    public async Task List_HasTheDefaults_InOrder()
    {
        Assert.Equal(DefaultCategories, await LabelsAsync(Categories));
        Assert.Equal(DefaultDepartments, await LabelsAsync(Departments));
    }

    [SkippableFact]
    public async Task Add_Rename_Move_Retire_Restore_AreAudited_InJapanese()
    {
        Assert.Null(await Departments.AddAsync(" 産業振興課 ", admin));
        var id = await IdOfAsync(Departments, "産業振興課");
        Assert.Null(await Departments.RenameAsync(id, "商工観光課", admin));
        Assert.Null(await Departments.MoveAsync(id, -1, admin));
        Assert.Null(await Departments.SetActiveAsync(id, false, admin));

        Assert.Equal(["総務課", "住民課", "税務課", "健康介護課", "教育委員会", "復興推進課"], await LabelsAsync(Departments));
        Assert.Equal(["総務課", "住民課", "税務課", "健康介護課", "教育委員会", "商工観光課", "復興推進課"], await LabelsAsync(Departments, includeRetired: true));

        Assert.Null(await Departments.SetActiveAsync(id, true, admin));
        Assert.Null(await Categories.SetActiveAsync(await IdOfAsync(Categories, "その他"), false, admin));

        Assert.Equal([
            ("department", "担当課「産業振興課」を追加"),
            ("department", "担当課「産業振興課」を「商工観光課」に名前を変更"),
            ("department", "担当課「商工観光課」を上へ移動（6番目）"),
            ("department", "担当課「商工観光課」の使用を停止"),
            ("department", "担当課「商工観光課」を再び使う"),
            ("request-category", "分類「その他」の使用を停止"),
        ], await AuditAsync());
        Assert.DoesNotContain("その他", await LabelsAsync(Categories));
    }

    public static TheoryData<string, string> BadLabels => new()
    {
        { "", "分類の名前を入力してください。" },
        { new string('分', 31), "分類の名前は30文字以内にしてください。" },
        { "住まい\u202E", "分類の名前に使用できない制御文字 U+202E が含まれています。削除してから保存してください。" },
        { "情報提供", "分類「情報提供」は既にあります。別の名前にしてください。" },
    };

    [SkippableTheory]
    [MemberData(nameof(BadLabels))]
    public async Task Add_IsRefused_InJapanese_AndWritesNothing(string label, string message)
    {
        Assert.Equal(message, await Categories.AddAsync(label, admin));

        Assert.Equal(DefaultCategories, await LabelsAsync(Categories, includeRetired: true));
        Assert.Empty(await AuditAsync());
    }

    [SkippableFact]
    public async Task Rename_ToAnotherDepartmentsName_IsRefused()
    {
        Assert.Equal("担当課「税務課」は既にあります。別の名前にしてください。",
            await Departments.RenameAsync(await IdOfAsync(Departments, "総務課"), "税務課", admin));
        Assert.Equal("この担当課は見つかりません。画面を開き直してください。", await Departments.SetActiveAsync(999, false, admin));
        Assert.Empty(await AuditAsync());
    }
}

public sealed class EditableListTestsOnSqlite : EditableListTests<OnSqlite>;

public sealed class EditableListTestsOnSqlServer : EditableListTests<OnSqlServer>;
