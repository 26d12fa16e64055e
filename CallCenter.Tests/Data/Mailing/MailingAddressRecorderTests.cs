using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Mailing;
using CallCenter.Data.Residents;
using CallCenter.Tests.Data.Calls;
using Dapper;

namespace CallCenter.Tests.Data.Mailing;

/// <summary>
/// Recording mailing addresses: on their own (address + current + audit row in one transaction) and inside a call's
/// transaction (all or nothing with the call); an identical address is not written again; the history keeps them all;
/// a new address clears 宛所不明.
/// </summary>
public abstract class MailingAddressRecorderTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    // 2026-03-14 10:30 in Japan.
    private readonly TestClock clock = new(new DateTimeOffset(2026, 3, 14, 1, 30, 0, TimeSpan.Zero));
    private OperatorContext aizu = null!;
    private ResidentSummary head = null!;

    private MailingAddressRecorder Recorder => new(Connections, clock);

    private MailingAddresses Reads => new(Connections);

    private CallRecordingService Calls => new(Connections, clock);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CallTestData.ImportAsync(Connections, CallTestData.FiveMemberRegister);
        aizu = await CallTestData.StaffAsync(Connections, clock, "op-aizu", "会津 一子", UserRole.Operator, "会津若松");
        head = await CallTestData.ResidentAsync(Connections, "K0001");
    }

    private int Household => head.HouseholdId!.Value;

    private MailingAddressDraft Draft(string addressee = "佐藤 正男", string postal = "９７９－１３０６", string address1 = "福島県双葉郡大熊町大川原南平1-1",
        string? address2 = "復興公営住宅 A-101", string? confirmed = "令和8年3月1日") => new(Household, addressee, postal, address1, address2, confirmed);

    private async Task<int> CountAsync(string sql)
    {
        await using var connection = await Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<int>(sql);
    }

    private async Task<IReadOnlyList<string>> AuditAsync()
    {
        await using var connection = await Connections.OpenAsync();
        return [.. await connection.QueryAsync<string>("SELECT Details FROM AuditLog WHERE Action = @A ORDER BY AuditId",
            new { A = AuditActions.RecordMailingAddress })];
    }

    [SkippableFact]
    public async Task Save_WritesTheAddress_MakesItCurrent_AndAudits()
    {
        var (id, errors) = await Recorder.SaveAsync(Draft(), aizu);

        Assert.Empty(errors);
        Assert.NotNull(id);
        var current = await Reads.CurrentAsync(Household);
        Assert.NotNull(current);
        var a = current.Address;
        Assert.Equal(("佐藤 正男", "9791306", "〒979-1306", "福島県双葉郡大熊町大川原南平1-1", "復興公営住宅 A-101", new DateOnly(2026, 3, 1)),
            (a.Addressee, a.PostalCode, a.PostalCodeDisplay, a.Address1, a.Address2, a.ConfirmedOn));
        Assert.Equal((MailingSource.Screen, "画面", "会津 一子", (long?)null), (a.Source, a.SourceLabel, a.RecordedBy, a.CallId));
        Assert.False(current.IsReturned);
        Assert.Equal(["送付先 〒979-1306・画面"], await AuditAsync());
    }

    [SkippableFact]
    public async Task Save_OfTheSameAddressAgain_WritesNothing_AndADifferentOne_KeepsTheHistory()
    {
        await Recorder.SaveAsync(Draft(), aizu);
        var (again, errors) = await Recorder.SaveAsync(Draft(postal: "979-1306"), aizu);
        Assert.Empty(errors);
        Assert.Null(again);
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM MailingAddresses"));

        clock.Advance(TimeSpan.FromHours(1));
        var (moved, _) = await Recorder.SaveAsync(Draft(postal: "9638041", address1: "福島県郡山市富田町字下亀田1", address2: null, confirmed: null), aizu);

        Assert.NotNull(moved);
        var history = await Reads.HistoryAsync(Household);
        Assert.Equal(["福島県郡山市富田町字下亀田1", "福島県双葉郡大熊町大川原南平1-1"], history.Select(h => h.Address1));
        Assert.Equal(moved, (await Reads.CurrentAsync(Household))!.Address.AddressId);
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM HouseholdMailing"));
        Assert.Equal(2, (await AuditAsync()).Count);
    }

    [SkippableFact]
    public async Task Save_OfANewAddress_ClearsTheReturnedMark()
    {
        var (first, _) = await Recorder.SaveAsync(Draft(), aizu);
        await using (var connection = await Connections.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE HouseholdMailing SET ReturnedOn = @On", new { On = new DateOnly(2026, 3, 10) });
        }
        Assert.Equal(new DateOnly(2026, 3, 10), (await Reads.CurrentAsync(Household))!.ReturnedOn);

        await Recorder.SaveAsync(Draft(address2: "復興公営住宅 B-202"), aizu);

        var current = (await Reads.CurrentAsync(Household))!;
        Assert.False(current.IsReturned);
        Assert.NotEqual(first, current.Address.AddressId);
    }

    [SkippableFact]
    public async Task Save_RefusesEveryBadField_InJapanese_AndWritesNothing()
    {
        var (id, errors) = await Recorder.SaveAsync(new MailingAddressDraft(Household, " ", "979-130", "", new string('あ', 121), "2026/03/15"), aizu);

        Assert.Null(id);
        Assert.Equal(
        [
            "mailing.addressee 宛名を入力してください。",
            "mailing.postalCode 郵便番号は7桁の数字で入力してください（979-130）。",
            "mailing.address1 住所1を入力してください。",
            "mailing.address2 住所2は120文字以内にしてください（121文字）。",
            "mailing.confirmedOn 確認日が未来の日付です（2026/03/15）。",
        ], errors.Select(e => $"{e.Field} {e.Message}"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM MailingAddresses"));
        Assert.Empty(await AuditAsync());
    }

    [SkippableFact]
    public async Task Save_ForAnUnknownHousehold_IsRefused()
    {
        var (_, errors) = await Recorder.SaveAsync(Draft() with { HouseholdId = 99999 }, aizu);

        Assert.Equal("この世帯は見つかりません。画面を開き直してください。", Assert.Single(errors).Message);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM MailingAddresses"));
    }

    [SkippableFact]
    public async Task CallSave_WritesTheAddress_LinkedToTheCall_InTheSameTransaction()
    {
        var draft = CallTestData.Draft(CallTestData.Report(head)) with { Mailing = Draft() };

        var result = await Calls.SaveAsync(draft, aizu);

        Assert.True(result.Saved, string.Join(" ", result.Errors.Select(e => e.Message)));
        var a = (await Reads.CurrentAsync(Household))!.Address;
        Assert.Equal((MailingSource.Call, result.CallId), (a.Source, a.CallId));
        Assert.Equal([$"送付先 〒979-1306・通話・通話 #{result.CallId}"], await AuditAsync());
    }

    [SkippableFact]
    public async Task CallSave_WithABadAddress_IsRefused_AndWritesNoCall()
    {
        var draft = CallTestData.Draft(CallTestData.Report(head)) with { Mailing = Draft(postal: "abc") };

        var result = await Calls.SaveAsync(draft, aizu);

        Assert.False(result.Saved);
        Assert.Equal("mailing.postalCode", Assert.Single(result.Errors).Field);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM Calls"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM MailingAddresses"));
    }

    [SkippableFact]
    public async Task CallSave_WhenTheAddressIsRefusedInTheTransaction_RollsBackTheCall()
    {
        var draft = CallTestData.Draft(CallTestData.Report(head)) with { Mailing = Draft() with { HouseholdId = 99999 } };

        var result = await Calls.SaveAsync(draft, aizu);

        Assert.False(result.Saved);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM Calls"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM SafetyReports"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM MailingAddresses"));
    }

    [SkippableFact]
    public async Task CallSave_WhenWritingTheCurrentAddressFails_RollsBackTheCall_AndTheHistoryRow()
    {
        Skip.If(Db.Provider != CallCenter.Data.Database.DatabaseProvider.Sqlite, "the failure is made by a SQLite trigger");
        await using (var connection = await Connections.OpenAsync())
        {
            await connection.ExecuteAsync("CREATE TRIGGER TR_Test_Fail BEFORE INSERT ON HouseholdMailing BEGIN SELECT RAISE(ABORT, 'disk says no'); END");
        }
        var draft = CallTestData.Draft(CallTestData.Report(head)) with { Mailing = Draft() };

        await Assert.ThrowsAnyAsync<Exception>(() => Calls.SaveAsync(draft, aizu));

        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM Calls"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM MailingAddresses"));
        Assert.Empty(await AuditAsync());
    }

    [SkippableFact]
    public async Task CallSave_WhenWritingAReportFails_WritesNoAddress()
    {
        Skip.If(Db.Provider != CallCenter.Data.Database.DatabaseProvider.Sqlite, "the failure is made by a SQLite trigger");
        await using (var connection = await Connections.OpenAsync())
        {
            await connection.ExecuteAsync("CREATE TRIGGER TR_Test_FailReport BEFORE INSERT ON SafetyReports BEGIN SELECT RAISE(ABORT, 'disk says no'); END");
        }
        var draft = CallTestData.Draft(CallTestData.Report(head)) with { Mailing = Draft() };

        await Assert.ThrowsAnyAsync<Exception>(() => Calls.SaveAsync(draft, aizu));

        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM MailingAddresses"));
    }
}

public sealed class MailingAddressRecorderTestsOnSqlite : MailingAddressRecorderTests<OnSqlite>;

public sealed class MailingAddressRecorderTestsOnSqlServer : MailingAddressRecorderTests<OnSqlServer>;
