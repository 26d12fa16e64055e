using CallCenter.Data.Common;
using CallCenter.Data.Calls;
using CallCenter.Data.Accounts;
using CallCenter.Data.Inquiries;
using CallCenter.Data.Provisional;
using CallCenter.Data.Residents;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Tests.Data.Calls;

/// <summary>
/// Provisional persons and inquiries with two towns whose resident numbers collide: a provisional person needs its
/// town once several exist, and the inquiry log of a one-town account lists its own town's inquiries only.
/// </summary>
public abstract class TwoTownProvisionalAndInquiryTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private readonly TestClock clock = new(new DateTimeOffset(2026, 3, 14, 1, 30, 0, TimeSpan.Zero));
    private TwoTownData towns = null!;
    private OperatorContext operatorShiomi = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        towns = await TwoTownData.CreateAsync(Connections);
        operatorShiomi = await CallTestData.StaffAsync(Connections, clock, "op-shiomi", "汐見 一子", UserRole.Operator, "いわき");
    }

    private static ProvisionalPersonDraft Draft(int? townId) =>
        new("山田", "太郎", "ヤマダ", "タロウ", "1980-01-01", Sex.Male, null, "避難所で名乗った", townId);

    private async Task<int> ResidentCountAsync()
    {
        await using var connection = await Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM Residents");
    }

    [SkippableFact]
    public async Task Provisional_WithTwoTowns_NeedsTheTown_And_BelongsToTheTownChosen()
    {
        var service = new ProvisionalPersonService(Connections, clock);
        var before = await ResidentCountAsync();
        var (none, errors) = await service.CreateAsync(Draft(null), operatorShiomi);
        Assert.Null(none);
        Assert.Equal(["町を選んでください（町が複数あります）。"], errors);
        var (unknown, unknownErrors) = await service.CreateAsync(Draft(99), operatorShiomi);
        Assert.Null(unknown);
        Assert.Equal(["選んだ町は登録されていません。町を選び直してください。"], unknownErrors);
        Assert.Equal(before, await ResidentCountAsync());

        var (number, ok) = await service.CreateAsync(Draft(towns.Okuma.TownId), operatorShiomi);
        Assert.Empty(ok);
        var person = (await new ResidentRepository(Connections).GetDetailAsync(number!, TownScope.All, null))!.Summary;
        Assert.Equal((towns.Okuma.TownId, true), (person.TownId, person.IsProvisional));
        Assert.Null(await new ResidentRepository(Connections).GetDetailAsync(number!, towns.OnlyShiomi, null));
    }

    [SkippableFact]
    public async Task InquiryLog_OfAOneTownAccount_ListsItsTownsInquiriesOnly()
    {
        var inquiries = new InquiryRepository(Connections, clock);
        foreach (var townId in new[] { towns.Shiomi.TownId, towns.Okuma.TownId })
        {
            var resident = await TwoTownData.ResidentAsync(Connections, "K0001", townId);
            var result = await inquiries.RecordAsync(new InquiryDraft(resident.ResidentId, InquirerType.Relative, "佐藤 一郎", "兄",
                "090-1111-2222", "生年月日で確認", DisclosureItems.None, "電話をください", null), operatorShiomi);
            Assert.True(result.Errors.Count == 0, string.Join(" ", result.Errors));
        }
        var all = await inquiries.LogAsync(new InquiryFilter(ResidentNo: "K0001"), TownScope.All, 0, 50);
        Assert.Equal(2, all.Total);
        Assert.Equal([towns.Shiomi.TownId, towns.Okuma.TownId], all.Inquiries.Select(i => i.TownId).Order());
        var okuma = await inquiries.LogAsync(new InquiryFilter(ResidentNo: "K0001"), towns.OnlyOkuma, 0, 50);
        Assert.Equal((1, "渡辺　花子"), (okuma.Total, Assert.Single(okuma.Inquiries).ResidentName));
        var shiomiMessage = (await inquiries.LogAsync(new InquiryFilter(), towns.OnlyShiomi, 0, 50)).Inquiries.Single();
        var okumaMessage = okuma.Inquiries.Single();

        // Handling another town's message by its id: not found, still open.
        Assert.Equal("この伝言はすでに対応済みか、見つかりません。画面を開き直してください。",
            await inquiries.HandleMessageAsync(okumaMessage.InquiryId, "折り返した", operatorShiomi, towns.OnlyShiomi));
        Assert.Equal(2, (await inquiries.LogAsync(new InquiryFilter(OpenMessagesOnly: true), TownScope.All, 0, 50)).Total);
        Assert.Null(await inquiries.HandleMessageAsync(shiomiMessage.InquiryId, "折り返した", operatorShiomi, towns.OnlyShiomi));
        Assert.Equal(0, (await inquiries.LogAsync(new InquiryFilter(OpenMessagesOnly: true), TownScope.Only([]), 0, 50)).Total);
    }
}

public sealed class TwoTownProvisionalAndInquiryTestsOnSqlite : TwoTownProvisionalAndInquiryTests<OnSqlite>;

public sealed class TwoTownProvisionalAndInquiryTestsOnSqlServer : TwoTownProvisionalAndInquiryTests<OnSqlServer>;
