using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Inquiries;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;
using CallCenter.Tests.Data.Calls;
using Dapper;

namespace CallCenter.Tests.Data.Inquiries;

public abstract class InquiryRepositoryTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private readonly TestClock clock = new(new DateTimeOffset(2026, 3, 15, 2, 0, 0, TimeSpan.Zero));
    private OperatorContext iwaki = null!;

    private InquiryRepository Inquiries => new(Connections, clock);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CallTestData.ImportAsync(Connections, CallTestData.FiveMemberRegister);
        iwaki = await CallTestData.StaffAsync(Connections, clock, "op-iwaki", "いわき 二郎", UserRole.Operator, "いわき");
        // The head was reached at a shelter; relatives may be told (⑫ yes), acquaintances not asked, nobody else (⑭ no).
        var head = await ResidentAsync("K0001");
        var saved = await new CallRecordingService(Connections, clock).SaveAsync(CallTestData.Draft(CallTestData.Report(head)), iwaki);
        Assert.True(saved.Saved);
        clock.Advance(TimeSpan.FromHours(1));
    }

    private Task<ResidentSummary> ResidentAsync(string no) => CallTestData.ResidentAsync(Connections, no);

    private static InquiryDraft Draft(int residentId, InquirerType type, DisclosureItems disclosed, string? message = null) => new(
        residentId, type, "佐藤 和子", "妹", "03-3456-7890", "生年月日と旧住所を答えてもらい一致", disclosed, message, "東京から");

    private async Task<int> CountAsync(string sql, object? parameters = null)
    {
        await using var connection = await Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<int>(sql, parameters);
    }

    [SkippableFact]
    public async Task Record_SavesInquiryDisclosureAndAudit_When_WithinConsent()
    {
        var head = await ResidentAsync("K0001");

        var result = await Inquiries.RecordAsync(Draft(head.ResidentId, InquirerType.Relative,
            DisclosureItems.Safety | DisclosureItems.Whereabouts | DisclosureItems.Contact, "妹の和子さんに電話してほしい"), iwaki);

        Assert.True(result.Saved, string.Join(" ", result.Errors));
        var saved = Assert.Single(await Inquiries.ForResidentAsync(head.ResidentId));
        Assert.Equal(("佐藤 和子", "妹", InquirerType.Relative, "03-3456-7890", DisclosureItems.Safety | DisclosureItems.Whereabouts | DisclosureItems.Contact),
            (saved.InquirerName, saved.InquirerRelation, saved.InquirerType, saved.InquirerContact, saved.Disclosed));
        Assert.Equal(("妹の和子さんに電話してほしい", true, "いわき 二郎", "いわき"), (saved.Message, saved.MessageOpen, saved.OperatorName, saved.Site));
        Assert.Equal(clock.GetUtcNow().UtcDateTime, saved.InquiredAt);
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM AuditLog WHERE Action = @Action AND ResidentId = @ResidentId AND UserName = 'op-iwaki'",
            new { Action = AuditActions.RecordInquiry, head.ResidentId }));
        Assert.Single(await Inquiries.OpenMessagesAsync());
        var household = await CountAsync("SELECT HouseholdId FROM Residents WHERE ResidentId = @ResidentId", new { head.ResidentId });
        Assert.Equal("妹の和子さんに電話してほしい", Assert.Single(await Inquiries.OpenMessagesForHouseholdAsync(household)).Message);
        Assert.Empty(await Inquiries.OpenMessagesForHouseholdAsync(household + 1000));
    }

    [SkippableFact]
    public async Task Record_RefusesDisclosureBeyondConsent_And_WritesNothing()
    {
        var head = await ResidentAsync("K0001");
        // The wife told the center that her relatives must not be told anything (⑫ no).
        var wife = await ResidentAsync("K0002");
        var declined = CallTestData.Report(wife) with { Consent = new Consent(false, null, null) };
        Assert.True((await new CallRecordingService(Connections, clock).SaveAsync(CallTestData.Draft(declined), iwaki)).Saved);
        var before = await CountAsync("SELECT COUNT(*) FROM AuditLog");
        var callsBefore = await CountAsync("SELECT COUNT(*) FROM Calls");
        var linksBefore = await CountAsync("SELECT COUNT(*) FROM CallResidents");

        var acquaintance = await Inquiries.RecordAsync(Draft(head.ResidentId, InquirerType.Acquaintance, DisclosureItems.Safety | DisclosureItems.Whereabouts), iwaki);
        var other = await Inquiries.RecordAsync(Draft(head.ResidentId, InquirerType.Other, DisclosureItems.Safety), iwaki);
        var relativeOfDecliner = await Inquiries.RecordAsync(Draft(wife.ResidentId, InquirerType.Relative, DisclosureItems.Safety), iwaki);

        var error = Assert.Single(acquaintance.Errors);
        Assert.StartsWith("本人の同意の範囲を超えています（", error, StringComparison.Ordinal);
        Assert.Contains("所在", error, StringComparison.Ordinal);
        Assert.DoesNotContain("安否", error, StringComparison.Ordinal);
        Assert.False(other.Saved);
        Assert.False(relativeOfDecliner.Saved);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM Inquiries"));
        Assert.Equal(before, await CountAsync("SELECT COUNT(*) FROM AuditLog"));
        Assert.Equal(callsBefore, await CountAsync("SELECT COUNT(*) FROM Calls"));
        Assert.Equal(linksBefore, await CountAsync("SELECT COUNT(*) FROM CallResidents"));
    }

    [SkippableFact]
    public async Task Record_RecordsTheInboundCall_LinkedToTheResidentAndTheInquiry()
    {
        var head = await ResidentAsync("K0001");
        var callsBefore = await CountAsync("SELECT COUNT(*) FROM Calls");

        // Typed the way callers read numbers out: full-width digits and parentheses.
        var result = await Inquiries.RecordAsync(Draft(head.ResidentId, InquirerType.Relative, DisclosureItems.Safety)
            with { InquirerContact = "０３（３４５６）７８９０" }, iwaki);

        Assert.True(result.Saved, string.Join(" ", result.Errors));
        Assert.Equal(callsBefore + 1, await CountAsync("SELECT COUNT(*) FROM Calls"));
        var inquiry = Assert.Single(await Inquiries.ForResidentAsync(head.ResidentId));
        var callId = Assert.IsType<long>(inquiry.CallId);
        await using (var connection = await Connections.OpenAsync())
        {
            var call = await connection.QuerySingleAsync<(int Direction, string CallerName, string CallerPhone, string CallerPhoneKey, string CallerRelation, string Site)>(
                "SELECT Direction, CallerName, CallerPhone, CallerPhoneKey, CallerRelation, Site FROM Calls WHERE CallId = @CallId", new { CallId = callId });
            Assert.Equal(((int)CallDirection.Inbound, "佐藤 和子", "03(3456)7890", "0334567890", "妹", "いわき"), call);
            Assert.Equal(iwaki.UserId, await connection.ExecuteScalarAsync<int>("SELECT OperatorUserId FROM Calls WHERE CallId = @CallId", new { CallId = callId }));
            Assert.Equal([head.ResidentId], (await connection.QueryAsync<int>("SELECT ResidentId FROM CallResidents WHERE CallId = @CallId", new { CallId = callId })).AsList());
            Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM SafetyReports WHERE CallId = @CallId", new { CallId = callId }));
        }
        // The resident page's call history shows it, newest first, with what the call was about.
        var history = await new ResidentRepository(Connections).CallsAsync(head.ResidentId, CallCenter.Data.Towns.TownScope.All);
        Assert.Equal(2, history.Count);
        Assert.Equal((callId, CallDirection.Inbound, $"照会: {head.FamilyName}　{head.GivenName}", clock.GetUtcNow().UtcDateTime),
            (history[0].CallId, history[0].Direction, history[0].Note, history[0].StartedAt));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM AuditLog WHERE Action = @Action AND TargetId = @Id",
            new { Action = AuditActions.RecordCall, Id = callId.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
    }

    [SkippableFact]
    public async Task Record_WritesNoCall_When_FieldsAreWrong()
    {
        var wife = await ResidentAsync("K0002");
        var callsBefore = await CountAsync("SELECT COUNT(*) FROM Calls");

        var bad = await Inquiries.RecordAsync(new InquiryDraft(wife.ResidentId, InquirerType.Other, " ", null, "12", null,
            DisclosureItems.None, null, null), iwaki);
        var gone = await Inquiries.RecordAsync(Draft(wife.ResidentId + 1000, InquirerType.Relative, DisclosureItems.None), iwaki);

        Assert.False(bad.Saved);
        Assert.False(gone.Saved);
        Assert.Equal(callsBefore, await CountAsync("SELECT COUNT(*) FROM Calls"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM Inquiries"));
    }

    [SkippableFact]
    public async Task Record_ReusesTheCallGiven_And_LinksTheResidentOnce()
    {
        // The call recorded for the head in InitializeAsync: during it, the caller also asked about the wife, and the head again.
        var head = await ResidentAsync("K0001");
        var wife = await ResidentAsync("K0002");
        var callId = Assert.Single(await new ResidentRepository(Connections).CallsAsync(head.ResidentId, CallCenter.Data.Towns.TownScope.All)).CallId;
        var callsBefore = await CountAsync("SELECT COUNT(*) FROM Calls");

        var aboutWife = await Inquiries.RecordAsync(Draft(wife.ResidentId, InquirerType.Relative, DisclosureItems.Safety) with { CallId = callId }, iwaki);
        var aboutHead = await Inquiries.RecordAsync(Draft(head.ResidentId, InquirerType.Relative, DisclosureItems.Safety) with { CallId = callId }, iwaki);
        var unknownCall = await Inquiries.RecordAsync(Draft(wife.ResidentId, InquirerType.Relative, DisclosureItems.Safety) with { CallId = callId + 1000 }, iwaki);

        Assert.True(aboutWife.Saved, string.Join(" ", aboutWife.Errors));
        Assert.True(aboutHead.Saved, string.Join(" ", aboutHead.Errors));
        Assert.Equal(["この照会の通話が見つかりません。画面を開き直してください。"], unknownCall.Errors);
        Assert.Equal(callsBefore, await CountAsync("SELECT COUNT(*) FROM Calls"));
        Assert.Equal(callId, Assert.Single(await Inquiries.ForResidentAsync(wife.ResidentId)).CallId);
        Assert.Equal(callId, Assert.Single(await Inquiries.ForResidentAsync(head.ResidentId)).CallId);
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM CallResidents WHERE CallId = @CallId", new { CallId = callId }));
        Assert.Equal(callId, Assert.Single(await new ResidentRepository(Connections).CallsAsync(wife.ResidentId, CallCenter.Data.Towns.TownScope.All)).CallId);
    }

    [SkippableFact]
    public async Task Record_AcceptsATiersItems_When_TheQuestionWasNeverAsked()
    {
        // The wife has no report at all: ⑫ and ⑬ hold unless declined, so her sister may be told her tier's items.
        var wife = await ResidentAsync("K0002");

        var result = await Inquiries.RecordAsync(Draft(wife.ResidentId, InquirerType.Relative, DisclosureItems.Identity | DisclosureItems.Safety), iwaki);

        Assert.True(result.Saved, string.Join(" ", result.Errors));
        Assert.Equal(DisclosureItems.Identity | DisclosureItems.Safety, Assert.Single(await Inquiries.ForResidentAsync(wife.ResidentId)).Disclosed);
    }

    [SkippableFact]
    public async Task Record_KeepsAnInquiryWithNothingDisclosed_And_ChecksFields()
    {
        var wife = await ResidentAsync("K0002");

        var bad = await Inquiries.RecordAsync(new InquiryDraft(wife.ResidentId, InquirerType.Other, " ", null, "12", null,
            DisclosureItems.None, "連絡がほしい", null), iwaki);
        var noContact = await Inquiries.RecordAsync(new InquiryDraft(wife.ResidentId, InquirerType.Other, "福島民報 記者", null, null, null,
            DisclosureItems.None, "取材の依頼", null), iwaki);
        var fine = await Inquiries.RecordAsync(new InquiryDraft(wife.ResidentId, InquirerType.Other, "福島民報 記者", "報道", "024-531-4111", null,
            DisclosureItems.None, null, "同意未確認のため回答せず"), iwaki);

        Assert.Equal(["照会者の氏名を入力してください。", "照会者の連絡先を電話番号として読めません（12）。"], bad.Errors);
        Assert.Equal(["伝言を預かるときは、折り返し先（照会者の連絡先）を入力してください。"], noContact.Errors);
        Assert.True(fine.Saved, string.Join(" ", fine.Errors));
        var saved = Assert.Single(await Inquiries.ForResidentAsync(wife.ResidentId));
        Assert.Equal((DisclosureItems.None, false), (saved.Disclosed, saved.MessageOpen));
    }

    [SkippableFact]
    public async Task Record_NeedsIdentityCheck_When_WhereaboutsAreTold()
    {
        var head = await ResidentAsync("K0001");

        var result = await Inquiries.RecordAsync(Draft(head.ResidentId, InquirerType.Relative, DisclosureItems.Whereabouts) with { IdentityCheck = null }, iwaki);

        Assert.Equal(["所在・連絡先を伝えたときは、照会者の本人確認の方法を入力してください。"], result.Errors);
    }

    [SkippableFact]
    public async Task HandleMessage_ClosesItOnce_WithAudit()
    {
        var head = await ResidentAsync("K0001");
        var id = (await Inquiries.RecordAsync(Draft(head.ResidentId, InquirerType.Relative, DisclosureItems.Safety, "折り返しをお願いします"), iwaki)).InquiryId!.Value;
        clock.Advance(TimeSpan.FromHours(3));

        Assert.Null(await Inquiries.HandleMessageAsync(id, "本人に伝えた。本人から妹に電話するとのこと", iwaki));
        Assert.Equal("この伝言はすでに対応済みか、見つかりません。画面を開き直してください。", await Inquiries.HandleMessageAsync(id, null, iwaki));

        var saved = Assert.Single(await Inquiries.ForResidentAsync(head.ResidentId));
        Assert.Equal((false, "いわき 二郎", "本人に伝えた。本人から妹に電話するとのこと"), (saved.MessageOpen, saved.MessageHandledBy, saved.MessageHandledNote));
        Assert.Equal(clock.GetUtcNow().UtcDateTime, saved.MessageHandledAt);
        Assert.Empty(await Inquiries.OpenMessagesAsync());
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM AuditLog WHERE Action = @Action", new { Action = AuditActions.HandleMessage }));
    }

    [SkippableFact]
    public async Task Log_FiltersAndPages()
    {
        var head = await ResidentAsync("K0001");
        for (var i = 0; i < 5; i++)
        {
            Assert.True((await Inquiries.RecordAsync(Draft(head.ResidentId, InquirerType.Relative, DisclosureItems.Safety, i % 2 == 0 ? "伝言" : null), iwaki)).Saved);
            clock.Advance(TimeSpan.FromDays(1));
        }
        Assert.True((await Inquiries.RecordAsync(Draft((await ResidentAsync("K0003")).ResidentId, InquirerType.Other, DisclosureItems.None), iwaki)).Saved);

        var all = await Inquiries.LogAsync(new InquiryFilter(), CallCenter.Data.Towns.TownScope.All, 0, 4);
        Assert.Equal((6, 4), (all.Total, all.Inquiries.Count));
        Assert.Equal("K0003", all.Inquiries[0].ResidentNo);
        Assert.Equal(2, (await Inquiries.LogAsync(new InquiryFilter(), CallCenter.Data.Towns.TownScope.All, 4, 4)).Inquiries.Count);
        Assert.Equal(3, (await Inquiries.LogAsync(new InquiryFilter(OpenMessagesOnly: true), CallCenter.Data.Towns.TownScope.All, 0, 50)).Total);
        Assert.Equal(1, (await Inquiries.LogAsync(new InquiryFilter(InquirerType: InquirerType.Other), CallCenter.Data.Towns.TownScope.All, 0, 50)).Total);
        Assert.Equal(5, (await Inquiries.LogAsync(new InquiryFilter(DisclosedOnly: true), CallCenter.Data.Towns.TownScope.All, 0, 50)).Total);
        Assert.Equal(5, (await Inquiries.LogAsync(new InquiryFilter(ResidentNo: "K0001"), CallCenter.Data.Towns.TownScope.All, 0, 50)).Total);
        // Japan dates: the first inquiry was on 3/15 JST, one a day after it.
        var day = CallCenter.Data.Common.JapanTime.Today(clock);
        Assert.Equal(2, (await Inquiries.LogAsync(new InquiryFilter(From: day.AddDays(-1), To: day), CallCenter.Data.Towns.TownScope.All, 0, 50)).Total);
    }
}

public sealed class InquiryRepositoryTestsOnSqlite : InquiryRepositoryTests<OnSqlite>;

public sealed class InquiryRepositoryTestsOnSqlServer : InquiryRepositoryTests<OnSqlServer>;
