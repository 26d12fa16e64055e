using System.Text;
using CallCenter.Data.Imports;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;

namespace CallCenter.Tests.Data.Residents;

public abstract class ResidentSearchTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private const string Register = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
        0000001,H0001,世帯主,佐藤 花子,サトウ ハナコ,1970/3/12,女,汐見一区,汐見1-1,0240-12-3456
        0000002,H0001,夫,佐藤 健一,サトウ ケンイチ,1968/1/5,男,汐見一区,汐見1-1,
        0000003,H0002,世帯主,佐藤 花子,サトウ ハナコ,1952/7/1,女,請戸,請戸2-2,
        0000004,H0003,世帯主,大野 進,オオノ ススム,1944/8/8,男,浜通り,浜1,
        0000005,H0004,世帯主,髙橋 一郎,タカハシ イチロウ,1951/4/2,男,中浜,中浜3,
        0000006,H0005,世帯主,高橋 一郎,タカハシ イチロウ,1960/10/10,男,中浜,中浜4,
        0000007,H0006,世帯主,𠮷田 ハル,ヨシダ ハル,1925/2/3,女,北原,北原5,
        0000008,H0007,世帯主,吉田 春男,ヨシダ ハルオ,1930/6/6,男,北原,北原6,
        0000009,H0008,世帯主,齋藤 キヨ,サイトウ キヨ,1931/1/1,女,西山,西山7,
        0000010,H0009,世帯主,鈴木 花子,スズキ ハナコ,1970/3/12,女,新町,新町8,090-9999-0000
        0000011,H0009,子,鈴木 美月,スズキ ミヅキ,2001/9/9,女,新町,新町8,
        0000012,H0010,世帯主,山﨑 健,ヤマサキ ケン,1990/1/8,男,請戸,請戸9,
        """;

    private ResidentSearch Search => new(Connections);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var result = await new ResidentImportService(Connections, TimeProvider.System)
            .ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(Register)), dryRun: false);
        Assert.True(result.Committed, string.Join("; ", result.Errors));
    }

    private async Task<List<string>> NumbersAsync(string text, int limit = 20) =>
        (await Search.SearchAsync(text, limit)).Select(h => h.Resident.ResidentNo).ToList();

    [SkippableTheory]
    [InlineData("さとう はなこ")]
    [InlineData("サトウ ハナコ")]
    [InlineData("ｻﾄｳ ﾊﾅｺ")]
    [InlineData("satou hanako")]
    [InlineData("satoh hanako")]
    [InlineData("sato hanako")]
    [InlineData("さとうはなこ")]
    [InlineData("佐藤 花子")]
    [InlineData("佐藤花子")]
    [InlineData("佐藤 はなこ")]
    [InlineData("佐藤はなこ")]
    public async Task Search_FindsBothHanakoSato_When_NameIsTypedAnyWay(string text)
    {
        var found = await NumbersAsync(text);

        Assert.Equal(["0000001", "0000003"], found.Take(2).Order());
    }

    [SkippableFact]
    public async Task Search_LiftsMatchingBirthDate_AboveTheNamesake()
    {
        Assert.Equal("0000003", (await NumbersAsync("さとう はなこ S27.7.1"))[0]);
        Assert.Equal("0000001", (await NumbersAsync("佐藤 花子 昭和45年3月12日"))[0]);
        Assert.Equal("0000001", (await NumbersAsync("佐藤 1970/3/12"))[0]);
    }

    [SkippableFact]
    public async Task Search_FindsEveryoneBornThatDay_When_OnlyADateIsTyped()
    {
        Assert.Equal(["0000001", "0000010"], (await NumbersAsync("S45.3.12")).Order());
    }

    [SkippableTheory]
    [InlineData("ohno")]
    [InlineData("oono")]
    [InlineData("ōno")]
    [InlineData("おおの")]
    [InlineData("オーノ")]
    public async Task Search_FoldsLongVowels_When_ReadingOrRomaji(string text)
    {
        Assert.Equal("0000004", (await NumbersAsync(text))[0]);
    }

    [SkippableFact]
    public async Task Search_FoldsSoundAlikes_When_CallerCannotTellThemApart()
    {
        Assert.Equal("0000011", (await NumbersAsync("すずき みずき"))[0]);
    }

    [SkippableFact]
    public async Task Search_FindsVariantKanji_ExactSpellingFirst()
    {
        Assert.Equal(["0000006", "0000005"], (await NumbersAsync("高橋 一郎")).Take(2));
        Assert.Equal(["0000005", "0000006"], (await NumbersAsync("髙橋 一郎")).Take(2));
        Assert.Equal("0000007", (await NumbersAsync("𠮷田"))[0]);
        Assert.Contains("0000007", await NumbersAsync("吉田 ハル"));
        Assert.Equal("0000009", (await NumbersAsync("斎藤"))[0]);
        Assert.Equal("0000009", (await NumbersAsync("齊藤 キヨ"))[0]);
        Assert.Equal("0000012", (await NumbersAsync("山崎"))[0]);
    }

    [SkippableFact]
    public async Task Search_FindsByFamilyOrGivenNameAlone()
    {
        Assert.Equal(["0000010", "0000011"], (await NumbersAsync("鈴木")).Order());
        Assert.Equal(["0000001", "0000003", "0000010"], (await NumbersAsync("花子")).Order());
        Assert.Equal(["0000001", "0000003", "0000010"], (await NumbersAsync("はなこ")).Order());
    }

    [SkippableTheory]
    [InlineData("0240-12-3456", "0000001")]
    [InlineData("０２４０１２３４５６", "0000001")]
    [InlineData("090 9999 0000", "0000010")]
    [InlineData("0000004", "0000004")]
    public async Task Search_FindsByPhoneOrResidentNumber(string text, string expected)
    {
        Assert.Equal(expected, (await NumbersAsync(text))[0]);
    }

    [SkippableFact]
    public async Task Search_ListsTheHousehold_When_HouseholdNumberIsTyped()
    {
        Assert.Equal(["0000010", "0000011"], (await NumbersAsync("H0009")).Order());
    }

    [SkippableFact]
    public async Task Search_FindsByWhereaboutsContactPhone_And_ShowsCurrentStatus()
    {
        var id = (await new ResidentRepository(Connections).FindIdByNumberAsync("0000004"))!.Value;
        await new ReportRepository(Connections, TimeProvider.System).AppendAsync(new NewSafetyReport(id, SafetyStatus.Safe,
            ReportSource.Family, new Whereabouts(WhereaboutsType.RelativeHome, 15, "新潟市", "長男宅", "025-111-2222"),
            Consent.NotAsked, "大野 一", "子", null, DateTime.UtcNow, null));

        var hit = Assert.Single(await Search.SearchAsync("025-111-2222"));

        Assert.Equal("0000004", hit.Resident.ResidentNo);
        Assert.Equal(SafetyStatus.Safe, hit.Resident.Status);
        Assert.Equal("親族・知人宅 新潟県 新潟市 長男宅", hit.Resident.WhereaboutsText);
        Assert.Equal("H0003", hit.Resident.HouseholdNo);
    }

    [SkippableFact]
    public async Task Search_ReturnsNothing_When_NothingMatches()
    {
        Assert.Empty(await NumbersAsync("わたなべ"));
        Assert.Empty(await NumbersAsync(""));
        Assert.Empty(await NumbersAsync("!!"));
    }

    [SkippableFact]
    public async Task Search_MarksExactHits_And_RespectsLimit()
    {
        var hits = await Search.SearchAsync("さとう", limit: 2);

        Assert.Equal(2, hits.Count);
        Assert.All(hits, h => Assert.True(h.Exact));
        Assert.False((await Search.SearchAsync("さと")).First().Exact);
    }
}

public sealed class ResidentSearchTestsOnSqlite : ResidentSearchTests<OnSqlite>;

public sealed class ResidentSearchTestsOnSqlServer : ResidentSearchTests<OnSqlServer>;
