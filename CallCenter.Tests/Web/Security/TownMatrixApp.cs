using System.Text;
using CallCenter.Data.Accounts;
using CallCenter.Data.Announcements;
using CallCenter.Data.ApiKeys;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Imports;
using CallCenter.Data.Inquiries;
using CallCenter.Data.Provisional;
using CallCenter.Data.Reports;
using CallCenter.Data.Requests;
using CallCenter.Data.Residents;
using CallCenter.Data.Towns;
using CallCenter.Tests.Browser;
using CallCenter.Tests.Data.Announcements;
using CallCenter.Tests.Data.Calls;
using CallCenter.Web.Security;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Security;

/// <summary>
/// The real app as a joint center of two towns whose registers collide: 汐見町 (079995, town 1) and 大熊町 (075451) both
/// have resident 0000001 in household H0001, each town one number the other lacks. Each town has a call (with a
/// 死亡 report waiting for approval and a request), an inquiry and a provisional person, all naming people of that town only;
/// an announcement limited to each town and one naming no town.
/// Accounts: operator, supervisor and admin limited to 汐見町 (<c>t1-…</c>) and the same roles for all towns (the shared
/// <c>test-…</c> accounts); API keys read and export, limited to 汐見町 and for all towns.
/// </summary>
public sealed class TownMatrixApp : IAsyncLifetime
{
    public const string FirstCode = "079995";
    public const string SecondCode = "075451";

    /// <summary>Town 1's register: 0000001 collides with town 2's, 0000002 is town 1's only.</summary>
    private const string FirstRegister = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
        0000001,H0001,世帯主,真鍋 浩太郎,マナベ コウタロウ,1948-02-11,男,汐見一区,汐見町汐見1-1,0240-11-1111
        0000002,H0002,世帯主,鷹野 澄江,タカノ スミエ,1956-06-06,女,中浜,汐見町中浜2-2,0240-22-2222
        """;

    /// <summary>Town 2's register: the same 0000001/H0001, and 0000003 that town 1 lacks.</summary>
    private const string SecondRegister = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
        0000001,H0001,世帯主,鬼塚 霧子,オニヅカ キリコ,1939-09-09,女,夫沢,大熊町夫沢9-9,0240-99-9999
        0000003,H0003,世帯主,剣持 鶴吉,ケンモチ ツルキチ,1944-04-04,男,熊川,大熊町熊川4-4,0240-44-4444
        """;

    /// <summary>Strings only town 2's people carry (names, readings, addresses, phones, callers): a town-1 answer must hold none.</summary>
    public static readonly string[] SecondTownMarks =
    [
        "鬼塚", "霧子", "オニヅカ", "キリコ", "剣持", "鶴吉", "ケンモチ", "ツルキチ", "大熊町夫沢", "大熊町熊川",
        "0240-99-9999", "0240999999", "0240-44-4444", "0240444444", "1939-09-09", "1939/09/09", "1944-04-04", "1944/04/04",
    ];

    /// <summary>Strings of town 1's people, to show that an answer had data at all.</summary>
    public static readonly string[] FirstTownMarks = ["真鍋", "鷹野", "マナベ", "タカノ"];

    public CallCenterAppFactory App { get; } = new(new Dictionary<string, string?> { ["Town:Code"] = FirstCode, ["Town:Name"] = "汐見町" });

    public int SecondTownId { get; private set; }

    /// <summary>Ids of the call and request of each town (index 0: 汐見町, 1: 大熊町).</summary>
    public long[] CallIds { get; } = new long[2];

    public long[] RequestIds { get; } = new long[2];

    /// <summary>Ids of announcements limited to each town (index 0: 汐見町, 1: 大熊町) and, at 2, one naming no town.</summary>
    public int[] AnnouncementIds { get; } = new int[3];

    /// <summary>API keys by name: read-t1, read-all, export-t1, export-all.</summary>
    public Dictionary<string, string> Keys { get; } = [];

    /// <summary>The signed-in clients by user name.</summary>
    public Dictionary<string, StaffClient> Clients { get; } = [];

    /// <summary>Accounts: user name, role, limited to 汐見町 (true) or all towns.</summary>
    public static readonly (string UserName, UserRole Role, bool FirstTownOnly)[] Accounts =
    [
        ("t1-operator", UserRole.Operator, true),
        ("t1-supervisor", UserRole.Supervisor, true),
        ("t1-admin", UserRole.Admin, true),
        ("test-operator", UserRole.Operator, false),
        ("test-supervisor", UserRole.Supervisor, false),
        ("test-admin", UserRole.Admin, false),
    ];

    /// <summary>Keys: name, scope, limited to 汐見町 (true) or all towns.</summary>
    public static readonly (string Name, ApiKeyScope Scope, bool FirstTownOnly)[] KeyKinds =
    [
        ("read-t1", ApiKeyScope.Read, true),
        ("read-all", ApiKeyScope.Read, false),
        ("export-t1", ApiKeyScope.Export, true),
        ("export-all", ApiKeyScope.Export, false),
    ];

    public async Task InitializeAsync()
    {
        App.Start();
        var services = App.Services;
        var connections = services.GetRequiredService<ConnectionFactory>();
        var towns = services.GetRequiredService<TownRepository>();
        var added = await towns.AddAsync(SecondCode, "大熊町");
        Assert.True(added.Added, added.Message);
        SecondTownId = added.Town!.TownId;
        services.GetRequiredService<TownAccess>().Forget();
        var import = services.GetRequiredService<ResidentImportService>();
        foreach (var (register, townId) in new[] { (FirstRegister, 1), (SecondRegister, SecondTownId) })
        {
            var result = await import.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(register)), dryRun: false, townId: townId);
            Assert.True(result.Committed, string.Join("; ", result.Errors));
        }

        var users = services.GetRequiredService<UserRepository>();
        foreach (var (userName, role, firstTownOnly) in Accounts.Where(a => a.FirstTownOnly))
        {
            var id = await users.CreateAsync(userName, $"汐見 {role.Label()}", role, "いわき", SignInService.HashPassword(CallCenterAppFactory.TestPassword));
            await towns.SetUserScopeAsync(id!.Value, TownScope.Only([1]));
        }
        var keys = services.GetRequiredService<ApiKeyRepository>();
        foreach (var (name, scope, firstTownOnly) in KeyKinds)
        {
            var (key, secret) = await keys.CreateAsync(name, scope, "test");
            if (firstTownOnly)
            {
                await towns.SetApiKeyScopeAsync(key.ApiKeyId, TownScope.Only([1]));
            }
            Keys[name] = secret;
        }

        var admin = new OperatorContext((await users.FindByNameAsync("test-admin"))!.UserId, "test-admin", "会津若松");
        // A survey round, so the intention summaries and files have something to answer (none at all is a 404).
        Assert.Null(await services.GetRequiredService<CallCenter.Data.Intentions.SurveyRounds>().CreateAsync("第1回", admin));
        var residents = new ResidentRepository(connections);
        var callService = services.GetRequiredService<CallRecordingService>();
        var inquiries = services.GetRequiredService<InquiryRepository>();
        var provisional = services.GetRequiredService<ProvisionalPersonService>();
        var people = new[]
        {
            (TownId: 1, No: "0000001", Caller: "真鍋 浩太郎", Inquirer: "鷹野 澄江", Family: "蛭田", Given: "一葉", Kana: "ヒルタ"),
            (TownId: SecondTownId, No: "0000001", Caller: "鬼塚 霧子", Inquirer: "剣持 鶴吉", Family: "鬼塚", Given: "雪乃", Kana: "オニヅカ"),
        };
        for (var town = 0; town < 2; town++)
        {
            var person = people[town];
            var resident = (await residents.GetDetailAsync(person.No, TownScope.All, person.TownId))!.Summary;
            var saved = await callService.SaveAsync(new CallDraft(CallDirection.Inbound, person.Caller, "090-0000-000" + town, "本人", "町の試験",
                [CallTestData.Report(resident, SafetyStatus.Deceased)], WrapUpCodeId: CallTestData.SafetyReportCode,
                Requests: [new RequestDraft(resident.HouseholdId!.Value, resident.ResidentId, 5, 1, false, person.Caller + "さんの相談")]), admin);
            Assert.True(saved.Saved, string.Join(" ", saved.Errors.Select(e => e.Message)));
            CallIds[town] = saved.CallId!.Value;
            RequestIds[town] = (await App.QueryAsync<long>("SELECT RequestId FROM Requests WHERE ResidentId = @ResidentId", new { resident.ResidentId })).Single();

            var inquiry = await inquiries.RecordAsync(new InquiryDraft(resident.ResidentId, InquirerType.Relative, person.Inquirer, "兄弟",
                "022-000-000" + town, null, DisclosureItems.None, person.Inquirer + "が心配しています", null), admin);
            Assert.True(inquiry.Saved, string.Join(" ", inquiry.Errors));

            var (provisionalNo, problems) = await provisional.CreateAsync(new ProvisionalPersonDraft(person.Family, person.Given, person.Kana, "イチヨウ",
                "2011-03-01", Sex.Female, null, null, person.TownId), admin);
            Assert.True(provisionalNo is not null, string.Join(" ", problems));
        }

        var board = services.GetRequiredService<AnnouncementBoard>();
        foreach (var (index, code) in new[] { (0, FirstCode), (1, SecondCode), (2, (string?)null) })
        {
            var (announcementId, _, announcementErrors) = await board.SaveAsync(null, 0, AnnouncementTestData.Draft("町の試験のお知らせ" + index,
                code is null ? [] : [new AnnouncementTarget(TargetKind.Town, code)]), admin, TownScope.All);
            Assert.True(announcementId is not null, string.Join(" ", announcementErrors.Select(e => e.Message)));
            AnnouncementIds[index] = announcementId!.Value;
        }

        foreach (var (userName, _, _) in Accounts)
        {
            var client = App.NewClient();
            await client.SignInAsync(userName);
            Clients[userName] = client;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var client in Clients.Values)
        {
            client.Dispose();
        }
        await App.DisposeAsync();
    }
}
