using System.Globalization;
using System.Security.Claims;
using Bunit.TestDoubles;
using CallCenter.Data;
using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;
using CallCenter.Tests.Data;
using CallCenter.Tests.Data.Calls;
using CallCenter.Web.Components.Pages.Calls;
using CallCenter.Web.Security;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Calls;

/// <summary>The call form's reads and save, on a real SQLite file with the five-member household, for 会津 一子.</summary>
public sealed class CallDeskTests : MudTestContext
{
    private readonly TestDatabase.SqliteTestDatabase db = TestDatabase.CreateSqlite();
    private readonly BunitAuthorizationContext auth;
    private int operatorId;

    public CallDeskTests()
    {
        db.Migrate();
        Services.AddCallCenterData(db.Configuration);
        Services.AddCallFormServices();
        auth = AddAuthorization();
    }

    public override async Task InitializeAsync() =>
        operatorId = await CallFormTestSetup.SignInOperatorAsync(db.Connections, auth);

    protected override ValueTask DisposeTestResourcesAsync() => db.DisposeAsync();

    private CallDesk NewDesk() => ActivatorUtilities.CreateInstance<CallDesk>(Services);

    private ClaimsPrincipal Operator => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, "op-aizu"), new Claim(ClaimTypes.NameIdentifier, operatorId.ToString(CultureInfo.InvariantCulture)),
         new Claim(CallCenterClaims.Site, "会津若松")], "test"));

    private async Task<IReadOnlyList<AuditEntry>> AuditAsync(string action) =>
        [.. (await new AuditRepository(db.Connections, TimeProvider.System).RecentAsync(100)).Where(e => e.Action == action)];

    private async Task<int> CountAsync(string table)
    {
        await using var connection = await db.Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM {table}");
    }

    private static CallForm FormFor(CallSubject subject, string residentNo)
    {
        var form = CallForm.For(subject.Person, subject.Household);
        form.CallerName = "佐藤 美穂";
        form.WrapUpCodeId = CallTestData.SafetyReportCode;
        var member = form.Members.Single(m => m.Resident.ResidentNo == residentNo);
        member.Status = SafetyStatus.Safe;
        member.SetWhereaboutsType(WhereaboutsType.Shelter);
        member.SetPrefecture(7);
        (member.Municipality, member.Place) = ("会津若松市", "会津若松市 第二中学校");
        return form;
    }

    [Fact]
    public async Task OpenAsync_ReadsThePersonAndHousehold_And_AuditsTheFormAsAReadOfThePerson()
    {
        var subject = await NewDesk().OpenAsync("K0003", Operator);

        Assert.NotNull(subject);
        Assert.Equal("K0003", subject.Person.ResidentNo);
        Assert.Equal(["K0001", "K0002", "K0003", "K0004", "K0005"], subject.Household.Select(m => m.ResidentNo));
        var audit = Assert.Single(await AuditAsync(AuditActions.ViewResident));
        Assert.Equal(("resident", "K0003", "通話記録の画面で表示", subject.Person.ResidentId), (audit.TargetType, audit.TargetId, audit.Details, audit.ResidentId));
        Assert.Equal((operatorId, "会津若松"), (audit.UserId, audit.Site));
    }

    [Fact]
    public async Task OpenAsync_ReturnsNull_And_AuditsNothing_When_TheNumberNamesNobody()
    {
        Assert.Null(await NewDesk().OpenAsync("K9999", Operator));

        Assert.Empty(await AuditAsync(AuditActions.ViewResident));
    }

    [Fact]
    public async Task SaveAsync_RecordsTheCallAndTheReport_InTheOperatorsName_WithTheirAuditRows()
    {
        var desk = NewDesk();
        var form = FormFor((await desk.OpenAsync("K0003", Operator))!, "K0003");

        var result = await desk.SaveAsync(form, Operator);

        Assert.True(result.Saved, string.Join(" ", result.Errors.Select(e => e.Message)));
        Assert.Equal((1, 1), (await CountAsync("Calls"), await CountAsync("SafetyReports")));
        var report = Assert.Single(await new ReportRepository(db.Connections, TimeProvider.System).HistoryAsync(form.OpenedResidentId));
        Assert.Equal((SafetyStatus.Safe, operatorId), (report.Status, report.OperatorUserId));
        Assert.Equal(operatorId, Assert.Single(await AuditAsync(AuditActions.RecordCall)).UserId);
        Assert.Equal(form.OpenedResidentId, Assert.Single(await AuditAsync(AuditActions.RecordReport)).ResidentId);
    }

    [Fact]
    public async Task SaveAsync_WritesNothing_And_NamesTheText_When_ATypedPrefectureStandsForNone()
    {
        var desk = NewDesk();
        var form = FormFor((await desk.OpenAsync("K0003", Operator))!, "K0003");
        var son = form.Members.Single(m => m.Resident.ResidentNo == "K0003");
        (son.PrefectureCode, son.PrefectureTyped, son.PrefectureProblem) = (null, "郡山", "「郡山」に該当する都道府県がありません。");

        var result = await desk.SaveAsync(form, Operator);

        Assert.False(result.Saved);
        var error = Assert.Single(result.Errors);
        Assert.Equal((son.Resident.ResidentId, "「郡山」に該当する都道府県がありません。"), (error.ResidentId, error.Message));
        Assert.Equal((0, 0), (await CountAsync("Calls"), await CountAsync("SafetyReports")));
    }

    [Fact]
    public async Task CopyingWhereabouts_OrChoosingAbroad_ForgetsATypedPrefecture()
    {
        var form = FormFor((await NewDesk().OpenAsync("K0003", Operator))!, "K0003");
        var (son, mother) = (form.Members.Single(m => m.Resident.ResidentNo == "K0003"), form.Members.Single(m => m.Resident.ResidentNo == "K0002"));
        (son.PrefectureTyped, son.PrefectureProblem) = ("郡山", "「郡山」に該当する都道府県がありません。");
        son.SetWhereaboutsType(WhereaboutsType.Abroad);
        Assert.Equal(((byte?)CallCenter.Data.Common.Prefectures.Abroad, (string?)null, (string?)null), (son.PrefectureCode, son.PrefectureTyped, son.PrefectureProblem));

        (mother.PrefectureTyped, mother.PrefectureProblem) = ("郡山", "「郡山」に該当する都道府県がありません。");
        mother.CopyWhereaboutsFrom(son);
        Assert.Equal(((byte?)CallCenter.Data.Common.Prefectures.Abroad, (string?)null, (string?)null), (mother.PrefectureCode, mother.PrefectureTyped, mother.PrefectureProblem));
        Assert.Empty(form.TypedErrors());
    }

    [Fact]
    public async Task KeepRefusal_KeepsTheFieldErrors_ByPerson()
    {
        var desk = NewDesk();
        var form = FormFor((await desk.OpenAsync("K0003", Operator))!, "K0003");
        var son = form.Members.Single(m => m.Resident.ResidentNo == "K0003");
        son.ContactPhone = "abc";

        var result = await desk.SaveAsync(form, Operator);
        await desk.KeepRefusalAsync(result);

        Assert.False(result.Saved);
        Assert.Equal(0, await CountAsync("SafetyReports"));
        Assert.NotEmpty(desk.ErrorsFor(son.Resident.ResidentId));
        Assert.Empty(desk.ErrorsFor(null));
        Assert.Equal(desk.ErrorsFor(son.Resident.ResidentId)[0].Message,
            desk.ErrorText(son.Resident.ResidentId, desk.ErrorsFor(son.Resident.ResidentId)[0].Field));
    }

    [Fact]
    public async Task KeepRefusal_OffersTheCodesAsTheyAreNow_When_TheChosenCodeWasRetiredMeanwhile()
    {
        var desk = NewDesk();
        var form = FormFor((await desk.OpenAsync("K0003", Operator))!, "K0003");
        var complaint = desk.Codes.Single(c => c.Label == "苦情");
        form.WrapUpCodeId = complaint.WrapUpCodeId;
        // A supervisor retires 苦情 while the operator is on the phone.
        Assert.Null(await Services.GetRequiredService<WrapUpCodes>().SetActiveAsync(complaint.WrapUpCodeId, false, new OperatorContext(null, "sv", null)));

        var result = await desk.SaveAsync(form, Operator);
        await desk.KeepRefusalAsync(result);

        Assert.Equal("要件「苦情」は使われなくなりました。要件を選び直してください。", desk.ErrorText(null, "wrapUpCode"));
        Assert.DoesNotContain(desk.Codes, c => c.Label == "苦情");
        Assert.Equal(7, desk.Codes.Count);
        Assert.Equal(0, await CountAsync("Calls"));
    }

    [Fact]
    public async Task NewerReport_IsShownWithItsOperatorsName_And_Reload_LetsTheSaveThrough()
    {
        var desk = NewDesk();
        var subject = (await desk.OpenAsync("K0003", Operator))!;
        var form = FormFor(subject, "K0003");
        var other = await CallTestData.StaffAsync(db.Connections, TimeProvider.System, "op-iwaki", "いわき 二郎", UserRole.Operator, "いわき");
        var recorder = Services.GetRequiredService<CallRecordingService>();
        Assert.True((await recorder.SaveAsync(CallTestData.Draft(CallTestData.Report(subject.Person, SafetyStatus.Injured)), other)).Saved);

        var refused = await desk.SaveAsync(form, Operator);
        await desk.KeepRefusalAsync(refused);

        Assert.False(refused.Saved);
        var newer = Assert.Single(desk.Newer);
        Assert.Equal((subject.Person.ResidentId, other.UserId), (newer.ResidentId, newer.Newest?.OperatorUserId));
        Assert.Equal("いわき 二郎", desk.OperatorNames[other.UserId!.Value]);
        Assert.Equal(1, await CountAsync("SafetyReports"));

        var person = await desk.ReloadAsync("K0003", subject.Person, form);

        Assert.Empty(desk.Newer);
        Assert.Empty(desk.Errors);
        Assert.Equal(person.Version, form.Members.Single(m => m.Resident.ResidentNo == "K0003").ExpectedVersion);
        Assert.Equal(SafetyStatus.Safe, form.Members.Single(m => m.Resident.ResidentNo == "K0003").Status);
        Assert.True((await desk.SaveAsync(form, Operator)).Saved);
        Assert.Equal(2, await CountAsync("SafetyReports"));
    }
}
