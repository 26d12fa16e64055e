using System.Globalization;
using System.Text;
using CallCenter.Data.Common;
using CallCenter.Data.Imports;
using CallCenter.Data.Residents;
using CallCenter.Tests.Data.Demo;

namespace CallCenter.Tests.Data.Residents;

/// <summary>
/// Search the way callers speak, over a register where one name repeats hundreds of times and only the birth year,
/// date or 行政区 tells people apart: 「佐藤です。昭和45年生まれです」, 「熊川の鈴木です」, 佐藤S45.3.12 typed without a space.
/// </summary>
public abstract class ResidentSearchCallerFormsTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    // 2026-03-12 in Japan: ages and decades count from this day.
    private static readonly DateTimeOffset Now = new(2026, 3, 12, 1, 0, 0, TimeSpan.Zero);

    private static readonly string[] Districts = ["汐見一区", "請戸", "熊川", "大平", "西山"];

    private static readonly string[] GivenNames = ["一郎", "花子", "健一", "美咲", "進", "和子"];

    private static readonly string[] GivenKana = ["イチロウ", "ハナコ", "ケンイチ", "ミサキ", "ススム", "カズコ"];

    /// <summary>600 people named 佐藤, each given name 100 times; birth dates 1931–2010 never on 1970 or 1975 except the ones below.</summary>
    private static string Register()
    {
        var csv = new StringBuilder("住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号\n");
        for (var i = 0; i < 600; i++)
        {
            var year = 1931 + (i % 80);
            if (year is 1970 or 1975)
            {
                year -= 1;
            }
            var birth = new DateOnly(year, 1 + (i % 12), 1 + (i % 28));
            var district = Districts[i % Districts.Length];
            csv.Append(CultureInfo.InvariantCulture,
                $"{i + 1:0000000},H{i + 1:00000},世帯主,佐藤 {GivenNames[i % 6]},サトウ {GivenKana[i % 6]},{birth:yyyy/MM/dd},{(i % 2 == 0 ? "男" : "女")},{district},福島県双葉郡汐見町大字{district}字本町{i},\n");
        }
        // The callers: 佐藤 一郎 born 1970/3/12 in 熊川, another 佐藤 一郎 born 1970/11/3 in 請戸; 鈴木 in 熊川 and 大平;
        // 佐藤 和子, 75 on the test day, in 大平 (the only 佐藤 born in 1950/1951 in 大平 with that age).
        csv.Append("0100001,H10001,世帯主,佐藤 一郎,サトウ イチロウ,1970/03/12,男,熊川,福島県双葉郡汐見町大字熊川字中町1,\n");
        csv.Append("0100002,H10002,世帯主,佐藤 一郎,サトウ イチロウ,1970/11/03,男,請戸,福島県双葉郡汐見町大字請戸字東向2,\n");
        csv.Append("0100003,H10003,世帯主,鈴木 清,スズキ キヨシ,1948/05/05,男,熊川,福島県双葉郡汐見町大字熊川字中町3,\n");
        csv.Append("0100004,H10004,世帯主,鈴木 清,スズキ キヨシ,1948/05/05,男,大平,福島県双葉郡汐見町大字大平字上台4,\n");
        csv.Append("0100005,H10005,世帯主,佐藤 和子,サトウ カズコ,1950/12/01,女,大平,福島県双葉郡汐見町大字大平字八幡前5,\n");
        csv.Append("0100006,H10006,世帯主,佐藤 美咲,サトウ ミサキ,1975/06/30,女,西山,福島県双葉郡汐見町大字西山字沢入6,\n");
        // 西山 is a 行政区 and a family name.
        csv.Append("0100007,H10007,世帯主,西山 進,ニシヤマ ススム,1955/02/02,男,請戸,福島県双葉郡汐見町大字請戸字東向7,\n");
        // Four spellings of サイトウ: 斉 is a different character from 斎 (齋, 齊 fold into 斎), yet callers mix them.
        csv.Append("0200001,H20001,世帯主,斎藤 進,サイトウ ススム,1960/01/01,男,請戸,福島県双葉郡汐見町大字請戸字舟入1,\n");
        csv.Append("0200002,H20002,世帯主,齋藤 進,サイトウ ススム,1961/01/01,男,請戸,福島県双葉郡汐見町大字請戸字舟入2,\n");
        csv.Append("0200003,H20003,世帯主,齊藤 進,サイトウ ススム,1962/01/01,男,請戸,福島県双葉郡汐見町大字請戸字舟入3,\n");
        csv.Append("0200004,H20004,世帯主,斉藤 進,サイトウ ススム,1963/01/01,男,請戸,福島県双葉郡汐見町大字請戸字舟入4,\n");
        return csv.ToString();
    }

    private ResidentSearch Search => new(Connections, new FixedTimeProvider(Now));

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var result = await new ResidentImportService(Connections, TimeProvider.System)
            .ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(Register())), dryRun: false);
        Assert.True(result.Committed, string.Join("; ", result.Errors));
    }

    [SkippableTheory]
    [InlineData("佐藤 S45")]
    [InlineData("佐藤S45")]
    [InlineData("さとう 昭和45年")]
    [InlineData("佐藤 昭和45年生まれ")]
    [InlineData("佐藤 1970")]
    [InlineData("佐藤 1970年")]
    [InlineData("佐藤 1970年生")]
    [InlineData("satou S45")]
    [InlineData("昭和45年生まれ 佐藤 一郎")]
    public async Task Search_PutsThoseBornThatYearFirst_When_ANameRepeats600Times(string text)
    {
        var hits = await Search.SearchAsync(text, 50);

        // Exactly the two 佐藤 一郎 born in 1970 come first, marked as matching the year; the namesakes follow.
        Assert.Equal(["0100001", "0100002"], hits.Take(2).Select(h => h.Resident.ResidentNo).Order());
        Assert.All(hits.Take(2), h => Assert.True(h.BirthMatches));
        Assert.All(hits.Skip(2), h => Assert.False(h.BirthMatches));
        Assert.True(hits.Count > 2, "the namesakes born in another year are still listed");
    }

    [SkippableTheory]
    [InlineData("佐藤 S45.3")]
    [InlineData("佐藤 1970/3")]
    [InlineData("佐藤 昭和45年3月")]
    [InlineData("佐藤S45.3.12")]
    [InlineData("佐藤一郎昭和45年3月12日")]
    [InlineData("さとう1970/3/12")]
    [InlineData("サトウ 昭和45年3月12日生まれ")]
    public async Task Search_FindsTheOnePerson_When_AYearAndMonthOrADateIsTypedWithOrWithoutASpace(string text)
    {
        var hits = await Search.SearchAsync(text, 20);

        Assert.Equal("0100001", hits[0].Resident.ResidentNo);
        Assert.True(hits[0].BirthMatches);
        Assert.All(hits.Skip(1), h => Assert.False(h.BirthMatches));
    }

    [SkippableTheory]
    [InlineData("熊川の鈴木")]
    [InlineData("鈴木 熊川")]
    [InlineData("熊川 鈴木")]
    [InlineData("熊川 すずき")]
    [InlineData("熊川の鈴木清")]
    public async Task Search_PutsTheDistrictFirst_When_ACallerSaysWhereTheyLived(string text)
    {
        var hits = await Search.SearchAsync(text, 20);

        Assert.Equal("0100003", hits[0].Resident.ResidentNo);
        Assert.True(hits[0].PlaceMatches);
        Assert.Equal("0100004", hits[1].Resident.ResidentNo);
        Assert.False(hits[1].PlaceMatches);
    }

    [SkippableFact]
    public async Task Search_NarrowsByAWordOfTheAddress_When_ItIsNoDistrict()
    {
        var hits = await Search.SearchAsync("中町の佐藤", 20);

        Assert.Equal("0100001", hits[0].Resident.ResidentNo);
        Assert.True(hits[0].PlaceMatches);
    }

    [SkippableTheory]
    [InlineData("佐藤 75歳", "0100005")]
    [InlineData("大平 佐藤 70代", "0100005")]
    [InlineData("佐藤 S50.6", "0100006")]
    public async Task Search_ReadsAnAgeOrADecade_FromToday(string text, string expected)
    {
        var hits = await Search.SearchAsync(text, 50);

        Assert.Contains(expected, hits.TakeWhile(h => h.BirthMatches == true).Select(h => h.Resident.ResidentNo));
        var today = JapanTime.Today(new FixedTimeProvider(Now));
        var period = SearchQuery.Parse(text, today).BirthPeriod!;
        Assert.All(hits.TakeWhile(h => h.BirthMatches == true), h => Assert.True(period.Contains(h.Resident.BirthDate)));
    }

    [SkippableFact]
    public async Task Search_ListsTheNamesakes_When_NoOneWasBornThatYear()
    {
        // The 600 佐藤 born in 1932 are none of them 一郎 (1932 falls on odd rows, 一郎 on every sixth).
        var hits = await Search.SearchAsync("佐藤一郎 S7", 20);

        Assert.NotEmpty(hits);
        Assert.All(hits, h => Assert.False(h.BirthMatches));
        Assert.All(hits, h => Assert.Equal("佐藤　一郎", h.Resident.Name));
    }

    [SkippableTheory]
    [InlineData("S45")]
    [InlineData("昭和45年生まれ")]
    [InlineData("1970")]
    public async Task Search_ListsEveryoneBornThatYear_When_OnlyAYearIsTyped(string text)
    {
        var hits = await Search.SearchAsync(text, 100);

        Assert.Equal(["0100001", "0100002"], hits.Select(h => h.Resident.ResidentNo).Order());
    }

    [SkippableFact]
    public async Task Search_FindsThePersonNamedSo_When_ADistrictNameIsAlsoAFamilyName()
    {
        var hits = await Search.SearchAsync("西山", 100);

        Assert.Equal("0100007", Assert.Single(hits).Resident.ResidentNo);
        // With another word it is the place again: 佐藤 of 西山 first.
        Assert.Equal("0100006", (await Search.SearchAsync("西山の佐藤 S50", 20))[0].Resident.ResidentNo);
    }

    [SkippableFact]
    public async Task Search_ListsTheDistrict_When_OnlyADistrictIsTyped()
    {
        var hits = await Search.SearchAsync("熊川", 100);

        Assert.Equal(100, hits.Count);
        Assert.All(hits, h => Assert.Equal("熊川", h.Resident.District));
    }

    [SkippableTheory]
    [InlineData("斉藤", "0200004")]
    [InlineData("斉藤 進", "0200004")]
    [InlineData("斉藤進", "0200004")]
    public async Task Search_FindsLooseKanjiVariants_AfterTheExactSpelling(string text, string exact)
    {
        var hits = await Search.SearchAsync(text, 20);

        Assert.Equal(exact, hits[0].Resident.ResidentNo);
        Assert.True(hits[0].Exact);
        Assert.Equal(["0200001", "0200002", "0200003"], hits.Skip(1).Take(3).Select(h => h.Resident.ResidentNo).Order());
        Assert.All(hits.Skip(1).Take(3), h => Assert.False(h.Exact));
    }

    [SkippableFact]
    public async Task Search_FindsTheLooseSpelling_Last_When_TheCallerSaysTheOther()
    {
        var hits = await Search.SearchAsync("斎藤 進", 20);

        Assert.Equal(["0200001", "0200002", "0200003"], hits.Take(3).Select(h => h.Resident.ResidentNo).Order());
        Assert.Equal("0200004", hits[3].Resident.ResidentNo);
    }

    [SkippableTheory]
    [InlineData("大字50%_[x]", "50%_[x", true)]
    [InlineData("大字50abx", "50%_[x", false)]
    [InlineData("大字5xa", "5_a", false)]
    [InlineData("a\\b", "\\", true)]
    public async Task EscapeLike_MakesAPlaceWordLiteral_InBothDialects(string text, string word, bool expected)
    {
        await using var connection = await Connections.OpenAsync();
        var matches = await Dapper.SqlMapper.ExecuteScalarAsync<int>(connection,
            "SELECT CASE WHEN @Text LIKE @Pattern ESCAPE '\\' THEN 1 ELSE 0 END",
            new { Text = text, Pattern = "%" + ResidentSearch.EscapeLike(word) + "%" });

        Assert.Equal(expected, matches == 1);
    }
}

public sealed class ResidentSearchCallerFormsTestsOnSqlite : ResidentSearchCallerFormsTests<OnSqlite>;

public sealed class ResidentSearchCallerFormsTestsOnSqlServer : ResidentSearchCallerFormsTests<OnSqlServer>;
