using System.Text;
using CallCenter.Data.Residents;

namespace CallCenter.Tests.Data.Residents;

public class NameKeyTests
{
    // ---- Kanji -------------------------------------------------------------------------------------

    [Theory]
    [InlineData("髙", "高")]
    [InlineData("﨑", "崎")]
    [InlineData("齋", "斎")]
    [InlineData("齊", "斎")]
    [InlineData("邊", "辺")]
    [InlineData("邉", "辺")]
    [InlineData("澤", "沢")]
    [InlineData("濱", "浜")]
    [InlineData("廣", "広")]
    [InlineData("櫻", "桜")]
    [InlineData("嶋", "島")]
    [InlineData("冨", "富")]
    [InlineData("\U00020BB7", "吉")]
    [InlineData("德", "徳")]
    [InlineData("惠", "恵")]
    [InlineData("眞", "真")]
    [InlineData("國", "国")]
    [InlineData("藏", "蔵")]
    [InlineData("龍", "竜")]
    public void Kanji_FoldsVariant_When_PairIsRequired(string variant, string common)
    {
        Assert.Equal(common, NameKey.Kanji(variant));
        Assert.Equal(NameKey.Kanji("山" + common + "田"), NameKey.Kanji("山" + variant + "田"));
    }

    [Theory]
    [InlineData("髙橋 一郎", "高橋一郎")]
    [InlineData("齋藤　眞由美", "斎藤真由美")]
    [InlineData("渡邉", "渡辺")]
    [InlineData("\U00020BB7田", "吉田")]
    [InlineData("\U00020BB7\U00020BB7", "吉吉")]
    [InlineData("山﨑", "山崎")]
    public void Kanji_FoldsWholeName_When_NameHasVariants(string name, string key)
    {
        Assert.Equal(key, NameKey.Kanji(name));
    }

    [Theory]
    [InlineData("斉藤")]     // 斉 is another character: only the ranking may treat it as close to 斎
    [InlineData("埼玉")]
    [InlineData("高橋")]
    [InlineData("吉田")]
    public void Kanji_KeepsCharacter_When_ItIsNotAVariant(string name)
    {
        Assert.Equal(name, NameKey.Kanji(name));
    }

    [Theory]
    [InlineData("ＡＢＣ　１２", "ABC12")]  // NFKC: full-width letters, digits and U+3000
    [InlineData("隆", "隆")]               // U+F9DC compatibility ideograph
    [InlineData("葛\U000E0100城", "葛城")]  // ideographic variation selector
    [InlineData("辻\uFE00", "辻")]          // standardized variation selector
    [InlineData("佐\u200B藤", "佐藤")]      // zero-width space pasted from a spreadsheet
    public void Kanji_Normalizes_When_InputHasCompatibilityFormsOrSelectors(string name, string key)
    {
        Assert.Equal(key, NameKey.Kanji(name));
    }

    [Fact]
    public void Kanji_ReplacesLoneSurrogate_When_InputIsBroken()
    {
        Assert.Equal("吉\uFFFD", NameKey.Kanji("吉\uD842"));
    }

    [Fact]
    public void Kanji_ReturnsEmpty_When_NameIsNullOrEmpty()
    {
        Assert.Equal("", NameKey.Kanji(null));
        Assert.Equal("", NameKey.Kanji(""));
        Assert.Equal("", NameKey.Kanji(" 　"));
    }

    [Fact]
    public void KanjiVariantCount_IsHundreds_When_LoadedFromResource()
    {
        var pairs = ReadVariantResource();

        Assert.True(pairs.Count >= 300, $"only {pairs.Count} pairs in the resource");
        Assert.Equal(pairs.Count, NameKey.KanjiVariantCount);
        Assert.True(pairs.Count(p => p.Origin.StartsWith("mozc", StringComparison.Ordinal)) >= 300);
    }

    [Fact]
    public void KanjiVariantResource_NamesItsSource()
    {
        using var reader = new StreamReader(OpenVariantResource(), Encoding.UTF8);
        var text = reader.ReadToEnd();

        Assert.Contains("src/data/single_kanji/variant_rule.txt", text);
        Assert.Contains("BSD-3-Clause", text);
    }

    [Fact]
    public void Kanji_FoldsEveryTablePairOnce_When_KeyIsFoldedAgain()
    {
        foreach (var (variant, common, _) in ReadVariantResource())
        {
            var key = NameKey.Kanji(variant);
            Assert.Equal(common, key);
            Assert.Equal(key, NameKey.Kanji(key));
        }
    }

    [Fact]
    public void Keys_LeaveOriginalUnchanged_When_Computed()
    {
        var name = "髙橋　\U00020BB7三";
        var reading = "ﾀｶﾊｼ　さぶろう";

        var kanji = NameKey.Kanji(name);
        var kana = NameKey.Kana(reading);

        Assert.Equal("髙橋　\U00020BB7三", name);
        Assert.Equal("ﾀｶﾊｼ　さぶろう", reading);
        Assert.Equal("高橋吉三", kanji);
        Assert.Equal("タカハシサブロ", kana);
    }

    [Fact]
    public void Kanji_ReturnsSameString_When_NameIsAlreadyAKey()
    {
        var name = "高橋一郎";

        Assert.Same(name, NameKey.Kanji(name));
    }

    // ---- Kana --------------------------------------------------------------------------------------

    [Theory]
    [InlineData("さとう")]
    [InlineData("サトウ")]
    [InlineData("ｻﾄｳ")]
    [InlineData("サトー")]
    [InlineData("ｻﾄｰ")]
    [InlineData("サトオ")]
    [InlineData("サト")]
    public void Kana_GivesOneKey_When_SatoIsSpelledAnyWay(string reading)
    {
        Assert.Equal("サト", NameKey.Kana(reading));
    }

    [Theory]
    [InlineData("ｶﾞｯｺｳ", "ガツコ")]   // half-width with dakuten and small tsu
    [InlineData("ぱんだ", "パンダ")]
    public void Kana_UsesFullWidthKatakana_When_ReadingIsHiraganaOrHalfWidth(string reading, string key)
    {
        Assert.Equal(key, NameKey.Kana(reading));
    }

    [Theory]
    [InlineData("サトウ タロウ")]
    [InlineData("サトウ　タロウ")]
    [InlineData("サトウ・タロウ")]
    [InlineData("サトウタロウ")]
    [InlineData("さとう たろう")]
    public void Kana_IgnoresSeparators_When_NameHasSpaceOrMiddleDot(string reading)
    {
        Assert.Equal("サトタロ", NameKey.Kana(reading));
    }

    [Theory]
    [InlineData("ハナヂ", "ハナジ")]
    [InlineData("ミカヅキ", "ミカズキ")]
    [InlineData("ちぢみ", "チジミ")]
    [InlineData("ヰノ", "イノ")]
    [InlineData("ヱビス", "エビス")]
    [InlineData("ヲノ", "オノ")]
    [InlineData("ヴァン", "バン")]
    [InlineData("ヴィ", "ビ")]
    [InlineData("ヴ", "ブ")]
    [InlineData("ヴゥ", "ブ")]
    [InlineData("ヴェル", "ベル")]
    [InlineData("ヴォル", "ボル")]
    [InlineData("ヷ", "バ")]
    public void Kana_FoldsSoundAlikes_When_CallersCannotTellThemApart(string reading, string key)
    {
        Assert.Equal(key, NameKey.Kana(reading));
    }

    [Theory]
    [InlineData("キャ", "キヤ")]
    [InlineData("シュ", "シユ")]
    [InlineData("チョ", "チヨ")]
    [InlineData("ハットリ", "ハツトリ")]
    [InlineData("ファ", "フア")]
    [InlineData("ティ", "テイ")]     // a small vowel is part of its syllable: never dropped as long
    [InlineData("ヮ", "ワ")]
    [InlineData("ヵ", "カ")]
    [InlineData("ヶ", "ケ")]
    [InlineData("ぁぃぅぇぉ", "アイウエオ")]
    public void Kana_MakesSmallKanaLarge(string reading, string key)
    {
        Assert.Equal(key, NameKey.Kana(reading));
    }

    [Theory]
    [InlineData("オオノ", "オノ")]
    [InlineData("オーノ", "オノ")]
    [InlineData("オウノ", "オノ")]
    [InlineData("ユウキ", "ユキ")]
    [InlineData("ユーキ", "ユキ")]
    [InlineData("クウヤ", "クヤ")]
    [InlineData("ケイコ", "ケコ")]
    [InlineData("ケエコ", "ケコ")]
    [InlineData("ニイミ", "ニミ")]
    [InlineData("マアヤ", "マヤ")]
    [InlineData("ショウ", "シヨ")]
    [InlineData("ショー", "シヨ")]
    [InlineData("コオオリ", "コリ")]
    public void Kana_CollapsesLongVowel_When_VowelOnlyLengthensSyllable(string reading, string key)
    {
        Assert.Equal(key, NameKey.Kana(reading));
    }

    [Theory]
    [InlineData("カワイ")]   // a + イ is a diphthong, not a long vowel
    [InlineData("コイケ")]   // o + イ
    [InlineData("アオイ")]   // a + オ, o + イ
    [InlineData("カエデ")]   // a + エ
    public void Kana_KeepsVowel_When_ItIsNotALongVowel(string reading)
    {
        Assert.Equal(reading, NameKey.Kana(reading));
    }

    [Theory]
    [InlineData("ジュンイチ", "ジユニチ")]
    [InlineData("ジュニチ", "ジユニチ")]
    [InlineData("シンヤ", "シニヤ")]
    [InlineData("カンノ", "カンノ")]
    [InlineData("シンジ", "シンジ")]
    public void Kana_FoldsSyllabicN_When_VowelOrYFollows(string reading, string key)
    {
        Assert.Equal(key, NameKey.Kana(reading));
    }

    [Theory]
    [InlineData("すゞき", "スズキ")]
    [InlineData("おゝの", "オノ")]
    [InlineData("サヽキ", "ササキ")]
    [InlineData("ヽ", "")]
    public void Kana_RepeatsKana_When_IterationMarkFollows(string reading, string key)
    {
        Assert.Equal(key, NameKey.Kana(reading));
    }

    [Fact]
    public void Kana_ReturnsEmpty_When_ReadingIsNullOrEmpty()
    {
        Assert.Equal("", NameKey.Kana(null));
        Assert.Equal("", NameKey.Kana(""));
    }

    [Fact]
    public void Kana_HandlesLongReading_When_LongerThanStackBuffer()
    {
        var reading = string.Concat(Enumerable.Repeat("さとう ", 200));

        Assert.Equal(string.Concat(Enumerable.Repeat("サト", 200)), NameKey.Kana(reading));
        Assert.Equal(string.Concat(Enumerable.Repeat("吉", 200)), NameKey.Kanji(string.Concat(Enumerable.Repeat("\U00020BB7 ", 200))));
    }

    // ---- Reading and script checks -----------------------------------------------------------------

    [Theory]
    [InlineData("ｻﾄｳ  ﾀﾛｳ", "サトウ タロウ")]
    [InlineData(" さとう　たろう ", "サトウ タロウ")]
    [InlineData("サトー", "サトー")]
    [InlineData(null, "")]
    public void Reading_GivesDisplayForm(string? reading, string display)
    {
        Assert.Equal(display, NameKey.Reading(reading));
    }

    [Theory]
    [InlineData("サトウ タロウ", true)]
    [InlineData("サトー", true)]
    [InlineData("さとう", false)]
    [InlineData("佐藤", false)]
    [InlineData("", false)]
    public void IsKatakanaReading_AcceptsOnlyKatakana(string reading, bool expected)
    {
        Assert.Equal(expected, NameKey.IsKatakanaReading(reading));
    }

    [Theory]
    [InlineData("さとう", true)]
    [InlineData("サトウ タロウ", true)]
    [InlineData("ｻﾄｳ ﾀﾛｰ", true)]
    [InlineData("すゞき", true)]
    [InlineData("佐藤", false)]
    [InlineData("佐藤 たろう", false)]
    [InlineData("sato", false)]
    [InlineData("ー", false)]
    [InlineData("", false)]
    public void IsKanaOnly_AcceptsOnlyKana(string text, bool expected)
    {
        Assert.Equal(expected, NameKey.IsKanaOnly(text));
    }

    [Theory]
    [InlineData("sato", true)]
    [InlineData("Suzuki Ichiro", true)]
    [InlineData("Ｓａｔｏ", true)]
    [InlineData("Satō", true)]
    [InlineData("佐藤", false)]
    [InlineData("さとう", false)]
    [InlineData("sato2", false)]
    [InlineData("smith", false)]
    [InlineData("", false)]
    public void IsRomaji_AcceptsOnlyRomaji(string text, bool expected)
    {
        Assert.Equal(expected, NameKey.IsRomaji(text));
    }

    // ---- Romaji ------------------------------------------------------------------------------------

    [Theory]
    [InlineData("sato", "サトウ")]
    [InlineData("satou", "サトウ")]
    [InlineData("satoh", "サトウ")]
    [InlineData("Satō", "サトウ")]
    [InlineData("SATÔ", "サトウ")]
    [InlineData("itoh", "イトウ")]
    [InlineData("ohno", "オオノ")]
    [InlineData("oono", "オオノ")]
    [InlineData("ōno", "オオノ")]
    [InlineData("Ono", "オオノ")]
    [InlineData("shō", "ショウ")]
    [InlineData("sho", "ショウ")]
    [InlineData("syo", "ショウ")]
    [InlineData("Suzuki Ichiro", "スズキ イチロウ")]
    [InlineData("suzuki ichirou", "スズキ イチロウ")]
    [InlineData("Suzuki, Ichirō", "スズキ イチロウ")]
    [InlineData("Jun'ichi", "ジュンイチ")]
    [InlineData("junichi", "ジュンイチ")]
    [InlineData("Jun-ichi", "ジュンイチ")]
    [InlineData("Shinya", "シンヤ")]
    [InlineData("Kanno", "カンノ")]
    [InlineData("kan'no", "カンノ")]
    [InlineData("Hattori", "ハットリ")]
    [InlineData("Matsumoto", "マツモト")]
    [InlineData("matumoto", "マツモト")]
    [InlineData("Fujii", "フジイ")]
    [InlineData("huzii", "フジイ")]
    [InlineData("Chiba", "チバ")]
    [InlineData("tiba", "チバ")]
    [InlineData("Tsuchiya", "ツチヤ")]
    [InlineData("tutiya", "ツチヤ")]
    [InlineData("Shinji", "シンジ")]
    [InlineData("sinzi", "シンジ")]
    [InlineData("Homma", "ホンマ")]
    [InlineData("Honma", "ホンマ")]
    [InlineData("Kyōko", "キョウコ")]
    [InlineData("kyouko", "キョウコ")]
    [InlineData("Chōtarō", "チョウタロウ")]
    [InlineData("tyoutarou", "チョウタロウ")]
    [InlineData("Jōji", "ジョウジ")]
    [InlineData("zyouzi", "ジョウジ")]
    [InlineData("jyoji", "ジョウジ")]
    [InlineData("Hatchō", "ハッチョウ")]
    [InlineData("Ōya", "オオヤ")]
    [InlineData("Ohya", "オオヤ")]
    [InlineData("Shūhei", "シュウヘイ")]
    [InlineData("syuhei", "シュウヘイ")]
    [InlineData("Fukuda", "フクダ")]
    [InlineData("hukuda", "フクダ")]
    [InlineData("Yūki", "ユウキ")]
    [InlineData("Kenichi", "ケンイチ")]
    [InlineData("Sēji", "セイジ")]
    public void RomajiToKatakana_MatchesReading_UnderLooseKey(string romaji, string reading)
    {
        var katakana = NameKey.RomajiToKatakana(romaji);

        Assert.NotNull(katakana);
        Assert.Equal(NameKey.Kana(reading), NameKey.Kana(katakana));
    }

    [Theory]
    [InlineData("Satō", "サトウ")]
    [InlineData("satoh", "サトウ")]
    [InlineData("ohno", "オウノ")]
    [InlineData("Hattori", "ハットリ")]
    [InlineData("Jun'ichi", "ジュンイチ")]
    [InlineData("Kanno", "カンノ")]
    [InlineData("Homma", "ホンマ")]
    [InlineData("shi si chi ti tsu tu fu hu ji zi", "シ シ チ チ ツ ツ フ フ ジ ジ")]
    [InlineData("sha sya cha tya ja zya jya", "シャ シャ チャ チャ ジャ ジャ ジャ")]
    [InlineData("  Suzuki   Ichiro  ", "スズキ イチロ")]
    [InlineData("kenn", "ケン")]
    [InlineData("matcha", "マッチャ")]
    public void RomajiToKatakana_SpellsKatakana(string romaji, string katakana)
    {
        Assert.Equal(katakana, NameKey.RomajiToKatakana(romaji));
    }

    [Theory]
    [InlineData("佐藤")]
    [InlineData("さとう")]
    [InlineData("sato 太郎")]
    [InlineData("sato2")]
    [InlineData("xyz")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void RomajiToKatakana_ReturnsNull_When_TextIsNotRomaji(string? text)
    {
        Assert.Null(NameKey.RomajiToKatakana(text));
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private static Stream OpenVariantResource() =>
        typeof(NameKey).Assembly.GetManifestResourceStream(NameKey.KanjiVariantsResource)
        ?? throw new InvalidOperationException("variant table not embedded");

    private static List<(string Variant, string Common, string Origin)> ReadVariantResource()
    {
        var pairs = new List<(string, string, string)>();
        using var reader = new StreamReader(OpenVariantResource(), Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
            {
                var fields = line.Split('\t');
                pairs.Add((fields[0], fields[1], fields.Length > 2 ? fields[2] : ""));
            }
        }
        return pairs;
    }

    [Fact]
    public void LooseKeys_ReplaceOneCharacterByItsLoosePartner()
    {
        Assert.Contains("斎藤", NameKey.LooseKeys(NameKey.Kanji("斉藤")));
        Assert.Contains("斉藤", NameKey.LooseKeys(NameKey.Kanji("齋藤")));
        Assert.DoesNotContain(NameKey.Kanji("斉藤"), NameKey.LooseKeys(NameKey.Kanji("斉藤")));
        Assert.Empty(NameKey.LooseKeys("あいう"));
        Assert.True(NameKey.LooseKeys("斉斉斉斉斉", max: 3).Count <= 3);
    }

    [Theory]
    [InlineData("斎藤", "斉藤", false, true)]
    [InlineData("斎藤一郎", "斉藤", true, true)]
    [InlineData("斎藤一郎", "斉藤", false, false)]
    [InlineData("佐藤", "斉藤", false, false)]
    [InlineData("斎", "斉藤", true, false)]
    public void LooselyMatches_ComparesCharacterByCharacter(string candidate, string term, bool prefix, bool expected)
    {
        Assert.Equal(expected, NameKey.LooselyMatches(candidate, term, prefix));
    }

    [Fact]
    public void LooseVariantTable_LoadsTheMjPairs()
    {
        Assert.InRange(NameKey.KanjiLooseVariantCount, 300, 2_000);
    }
}
