using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using Dapper;

namespace CallCenter.Tests.Data.Calls;

/// <summary>The supervisors' edits of the 要件 list: each one transaction with its Japanese audit row; refusals write nothing.</summary>
public abstract class WrapUpCodesTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private static readonly string[] Defaults = ["安否報告", "所在変更", "照会", "要望・相談", "問い合わせ", "苦情", "間違い電話", "その他"];

    private readonly TestClock clock = new(new DateTimeOffset(2026, 3, 14, 1, 30, 0, TimeSpan.Zero));
    private OperatorContext supervisor = null!;

    private WrapUpCodes Codes => new(Connections, clock);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        supervisor = await CallTestData.StaffAsync(Connections, clock, "sv-aizu", "会津 監督", UserRole.Supervisor, "会津若松");
    }

    private async Task<IReadOnlyList<string>> LabelsAsync(bool includeRetired = false) =>
        [.. (await Codes.ListAsync(includeRetired)).Select(c => c.Label)];

    private async Task<IReadOnlyList<string?>> AuditDetailsAsync()
    {
        await using var connection = await Connections.OpenAsync();
        return [.. await connection.QueryAsync<string?>("SELECT Details FROM AuditLog WHERE Action = @Action AND UserName = 'sv-aizu' ORDER BY AuditId",
            new { Action = AuditActions.EditWrapUpCodes })];
    }

    private async Task<int> IdOfAsync(string label) => (await Codes.ListAsync(includeRetired: true)).Single(c => c.Label == label).WrapUpCodeId;

    [SkippableFact]
    public async Task List_HasTheEightDefaults_InOrder()
    {
        Assert.Equal(Defaults, await LabelsAsync());
    }

    [SkippableFact]
    public async Task Add_PutsTheCodeLast_Offered_And_Audited()
    {
        Assert.Null(await Codes.AddAsync("  物資の要望 ", supervisor));

        Assert.Equal([.. Defaults, "物資の要望"], await LabelsAsync());
        Assert.True((await Codes.ListAsync()).Single(c => c.Label == "物資の要望").IsActive);
        Assert.Equal(["要件「物資の要望」を追加"], await AuditDetailsAsync());
    }

    public static TheoryData<string, string> BadLabels => new()
    {
        { "", "要件の名前を入力してください。" },
        { "   ", "要件の名前を入力してください。" },
        { new string('要', 31), "要件の名前は30文字以内にしてください。" },
        { "苦情\u202E", "要件の名前に使用できない制御文字 U+202E が含まれています。削除してから保存してください。" },
        { "苦情", "要件「苦情」は既にあります。別の名前にしてください。" },
    };

    [SkippableTheory]
    [MemberData(nameof(BadLabels))]
    public async Task Add_And_Rename_RefuseABadLabel_And_WriteNothing(string label, string message)
    {
        Assert.Equal(message, await Codes.AddAsync(label, supervisor));
        Assert.Equal(message, await Codes.RenameAsync(await IdOfAsync("照会"), label, supervisor));

        Assert.Equal(Defaults, await LabelsAsync());
        Assert.Empty(await AuditDetailsAsync());
    }

    [SkippableFact]
    public async Task Add_Accepts_ThirtyCharacters()
    {
        Assert.Null(await Codes.AddAsync(new string('要', 30), supervisor));
        Assert.Contains(new string('要', 30), await LabelsAsync());
    }

    [SkippableFact]
    public async Task Rename_KeepsTheId_SoOldCallsShowTheNewName()
    {
        var id = await IdOfAsync("問い合わせ");

        Assert.Null(await Codes.RenameAsync(id, "制度の問い合わせ", supervisor));
        Assert.Null(await Codes.RenameAsync(id, "制度の問い合わせ", supervisor));

        Assert.Equal("制度の問い合わせ", (await Codes.ListAsync()).Single(c => c.WrapUpCodeId == id).Label);
        Assert.Equal(["要件「問い合わせ」を「制度の問い合わせ」に名前を変更"], await AuditDetailsAsync());
    }

    [SkippableFact]
    public async Task Move_SwapsWithTheNeighbour_And_StopsAtTheEnds()
    {
        Assert.Null(await Codes.MoveAsync(await IdOfAsync("苦情"), -1, supervisor));
        Assert.Null(await Codes.MoveAsync(await IdOfAsync("安否報告"), +1, supervisor));
        Assert.Null(await Codes.MoveAsync(await IdOfAsync("所在変更"), -1, supervisor));
        Assert.Null(await Codes.MoveAsync(await IdOfAsync("その他"), +1, supervisor));

        Assert.Equal(["所在変更", "安否報告", "照会", "要望・相談", "苦情", "問い合わせ", "間違い電話", "その他"], await LabelsAsync());
        // Already first and already last: nothing moved, nothing audited.
        Assert.Equal(["要件「苦情」を上へ移動（5番目）", "要件「安否報告」を下へ移動（2番目）"], await AuditDetailsAsync());
    }

    [SkippableFact]
    public async Task Retire_HidesTheCodeFromNewCalls_KeepsItOnOldOnes_And_Restore_OffersItAgain()
    {
        await CallTestData.ImportAsync(Connections, CallTestData.FiveMemberRegister);
        var complaint = await IdOfAsync("苦情");
        var recorder = new CallRecordingService(Connections, clock);
        var old = await recorder.SaveAsync(CallTestData.Draft(CallTestData.Report(await CallTestData.ResidentAsync(Connections, "K0001")))
            with { WrapUpCodeId = complaint }, supervisor);
        Assert.True(old.Saved);

        Assert.Null(await Codes.SetActiveAsync(complaint, active: false, supervisor));

        Assert.DoesNotContain("苦情", await LabelsAsync());
        Assert.Contains("苦情", await LabelsAsync(includeRetired: true));
        var calls = await new CallCenter.Data.Residents.ResidentRepository(Connections).CallsAsync((await CallTestData.ResidentAsync(Connections, "K0001")).ResidentId, CallCenter.Data.Towns.TownScope.All);
        Assert.Equal("苦情", Assert.Single(calls).WrapUpLabel);

        Assert.Null(await Codes.SetActiveAsync(complaint, active: true, supervisor));

        Assert.Equal(Defaults, await LabelsAsync());
        Assert.Equal(["要件「苦情」の使用を停止", "要件「苦情」を再び使う"], await AuditDetailsAsync());
    }

    [SkippableFact]
    public async Task Edits_OfACodeThatIsNotThere_AreRefused()
    {
        const string missing = "この要件は見つかりません。画面を開き直してください。";
        Assert.Equal(missing, await Codes.RenameAsync(999, "新しい要件", supervisor));
        Assert.Equal(missing, await Codes.MoveAsync(999, -1, supervisor));
        Assert.Equal(missing, await Codes.SetActiveAsync(999, false, supervisor));
        Assert.Empty(await AuditDetailsAsync());
    }
}

public sealed class WrapUpCodesTestsOnSqlite : WrapUpCodesTests<OnSqlite>;

public sealed class WrapUpCodesTestsOnSqlServer : WrapUpCodesTests<OnSqlServer>;
