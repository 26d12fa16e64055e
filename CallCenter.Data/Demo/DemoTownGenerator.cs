using System.Globalization;
using System.Text;
using CallCenter.Data.Common;

namespace CallCenter.Data.Demo;

/// <summary>One generated resident of the demo town, as the register file lists it.</summary>
public sealed record DemoResident(
    string ResidentNo,
    string HouseholdNo,
    string Relationship,
    string FamilyName,
    string GivenName,
    string FamilyNameKana,
    string GivenNameKana,
    DateOnly BirthDate,
    Sex Sex,
    string District,
    string Address,
    string? Phone,
    string? VulnerableReason)
{
    /// <summary>True for a vulnerable person (避難行動要支援者).</summary>
    public bool IsVulnerable => VulnerableReason is not null;

    /// <summary>Age in full years on <paramref name="date"/>.</summary>
    public int AgeOn(DateOnly date)
    {
        var age = date.Year - BirthDate.Year;
        return BirthDate > date.AddYears(-age) ? age - 1 : age;
    }
}

/// <summary>
/// Generates the fictional coastal town 汐見町 (Shiomi-machi, 双葉郡, Fukushima): households of 1 to 7 people
/// (elderly singles and couples, families with children, three generations), era-appropriate names with
/// readings, an aging population, phones for many and vulnerable persons with reasons. The output depends
/// only on the seed, the size and the reference date, and is streamed: a million residents need no list.
/// </summary>
public static class DemoTownGenerator
{
    /// <summary>The town's size in 2011 terms.</summary>
    public const int DefaultResidents = 11_500;

    /// <summary>The default seed (the day of the earthquake).</summary>
    public const int DefaultSeed = 20110311;

    /// <summary>The register header, in the order <see cref="Imports.ResidentRegisterParser"/> maps.</summary>
    public const string Header = "住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号,要支援者,要支援理由";

    /// <summary>The prefix of every address in town.</summary>
    public const string TownAddress = "福島県双葉郡汐見町";

    private sealed record District(string Name, string Oaza, string[] Aza, int Weight);

    // Twelve districts for the 11,500-person town; bigger towns repeat them with a direction prefix.
    private static readonly District[] BaseDistricts =
    [
        new("汐見一区", "汐見", ["本町", "仲町", "八幡前"], 14),
        new("汐見二区", "汐見", ["駅前", "栄町", "清水"], 12),
        new("新町", "汐見", ["新町", "新田", "大町"], 11),
        new("浜通り", "汐見", ["浜通り", "浜畑", "磯辺"], 9),
        new("請戸", "請戸", ["請戸", "東向", "舟入"], 9),
        new("中浜", "請戸", ["中浜", "浜下", "松原"], 7),
        new("大平", "大平", ["大平", "堂ノ前", "上台"], 7),
        new("北原", "大平", ["北原", "北原前", "久保"], 6),
        new("西山", "西山", ["西山", "西山下", "沢入"], 6),
        new("上ノ台", "西山", ["上ノ台", "柳沢", "竹ノ内"], 5),
        new("高瀬", "高瀬", ["高瀬", "川原", "宮下"], 8),
        new("川添", "高瀬", ["川添", "寺前", "田尻"], 6),
    ];

    private static readonly string[] ScalePrefixes = ["東", "西", "南", "北", "上", "下", "中", "新", "本", "元"];

    private enum Kind { SingleElder, SingleAdult, ElderCouple, MiddleCouple, CoupleWithChildren, SingleParent, CoupleWithAdultChild, ThreeGenerations, ThreeGenerationsElderHead }

    // Weights in per mille; together they give about 2.9 persons per household, as in the coastal towns in 2010.
    private static readonly (Kind Kind, int Weight)[] Kinds =
    [
        (Kind.SingleElder, 120), (Kind.SingleAdult, 95), (Kind.ElderCouple, 175), (Kind.MiddleCouple, 78),
        (Kind.CoupleWithChildren, 205), (Kind.SingleParent, 40), (Kind.CoupleWithAdultChild, 105),
        (Kind.ThreeGenerations, 100), (Kind.ThreeGenerationsElderHead, 82),
    ];

    private static readonly string[] CareLevels = ["要支援2", "要介護1", "要介護2", "要介護3", "要介護4", "要介護5"];
    private static readonly string[] ElderReasons = ["認知症", "寝たきり", "視覚障害", "聴覚障害", "人工透析"];
    private static readonly string[] AdultReasons = ["身体障害", "知的障害", "精神障害", "視覚障害", "聴覚障害", "人工透析", "難病"];

    /// <summary>Writes a register CSV with ages as of today in Japan (same seed and day, same bytes).</summary>
    public static void WriteRegisterCsv(Stream output, int residents, int seed = DefaultSeed) =>
        WriteRegisterCsv(output, residents, seed, JapanTime.Today(TimeProvider.System));

    /// <summary>
    /// Writes a register CSV (UTF-8 without BOM, CRLF) of <paramref name="residents"/> people, with ages as of
    /// <paramref name="asOf"/>, in the format a real register import reads. Streams; the stream stays open.
    /// </summary>
    public static void WriteRegisterCsv(Stream output, int residents, int seed, DateOnly asOf)
    {
        using var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        writer.NewLine = "\r\n";
        writer.WriteLine(Header);
        Span<char> digits = stackalloc char[12];
        foreach (var r in Generate(residents, seed, asOf))
        {
            writer.Write(r.ResidentNo);
            writer.Write(',');
            writer.Write(r.HouseholdNo);
            writer.Write(',');
            writer.Write(r.Relationship);
            writer.Write(',');
            writer.Write(r.FamilyName);
            writer.Write('\u3000');
            writer.Write(r.GivenName);
            writer.Write(',');
            writer.Write(r.FamilyNameKana);
            writer.Write('\u3000');
            writer.Write(r.GivenNameKana);
            writer.Write(',');
            WriteInt(writer, r.BirthDate.Year, digits);
            writer.Write('/');
            WriteInt(writer, r.BirthDate.Month, digits);
            writer.Write('/');
            WriteInt(writer, r.BirthDate.Day, digits);
            writer.Write(',');
            writer.Write(r.Sex == Sex.Male ? '男' : '女');
            writer.Write(',');
            writer.Write(r.District);
            writer.Write(',');
            writer.Write(r.Address);
            writer.Write(',');
            writer.Write(r.Phone);
            writer.Write(',');
            writer.Write(r.IsVulnerable ? '1' : '0');
            writer.Write(',');
            writer.Write(r.VulnerableReason);
            writer.WriteLine();
        }
    }

    private static void WriteInt(TextWriter writer, int value, Span<char> buffer)
    {
        value.TryFormat(buffer, out var length, default, CultureInfo.InvariantCulture);
        writer.Write(buffer[..length]);
    }

    /// <summary>The district names used for a town of this size: 12 up to 11,500 residents, more beyond.</summary>
    public static IReadOnlyList<string> DistrictNames(int residents) => Districts(residents).Select(d => d.Name).ToList();

    private static District[] Districts(int residents)
    {
        var count = residents <= DefaultResidents
            ? BaseDistricts.Length
            : (int)Math.Ceiling(residents / (double)DefaultResidents * BaseDistricts.Length);
        var districts = new District[count];
        for (var i = 0; i < count; i++)
        {
            var b = BaseDistricts[i % BaseDistricts.Length];
            var round = i / BaseDistricts.Length;
            if (round == 0)
            {
                districts[i] = b;
                continue;
            }
            var prefix = ScalePrefixes[(round - 1) % ScalePrefixes.Length];
            var series = (round - 1) / ScalePrefixes.Length;
            var name = prefix + b.Name + (series == 0 ? "" : (series + 1).ToString(CultureInfo.InvariantCulture) + "区");
            districts[i] = b with { Name = name, Oaza = prefix + b.Oaza };
        }
        return districts;
    }

    /// <summary>
    /// The residents, household by household, streamed. Resident numbers are 7 digits (more for more than
    /// 9,999,999 people), household numbers H and at least 6 digits.
    /// </summary>
    public static IEnumerable<DemoResident> Generate(int residents, int seed, DateOnly asOf)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(residents);
        var state = new Generator(seed, asOf, Districts(residents), residents);
        var residentWidth = Math.Max(7, Digits(residents));
        var householdWidth = Math.Max(6, Digits(residents));
        var members = new List<Member>(8);
        var written = 0;
        var household = 0;
        while (written < residents)
        {
            household++;
            members.Clear();
            var home = state.NextHousehold(members);
            var householdNo = "H" + household.ToString("D" + householdWidth.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            foreach (var m in members)
            {
                if (written == residents)
                {
                    break;
                }
                written++;
                yield return new DemoResident(
                    written.ToString("D" + residentWidth.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
                    householdNo, m.Relationship, m.Family.Text, m.Given.Text, m.Family.Kana, m.Given.Kana,
                    m.BirthDate, m.Sex, home.District, home.Address, m.Phone, m.VulnerableReason);
            }
        }
    }

    private static int Digits(int n) => n < 10 ? 1 : (int)Math.Floor(Math.Log10(n)) + 1;

    private sealed class Member
    {
        public required string Relationship { get; init; }
        public required DemoTownNames.Name Family { get; init; }
        public required DemoTownNames.Name Given { get; init; }
        public required DateOnly BirthDate { get; init; }
        public required int Age { get; init; }
        public required Sex Sex { get; init; }
        public string? Phone { get; set; }
        public string? VulnerableReason { get; set; }
    }

    private readonly record struct Home(string District, string Address);

    /// <summary>All random choices, in a fixed order so that one seed always gives one town.</summary>
    private sealed class Generator
    {
        private readonly Random random;
        private readonly DateOnly asOf;
        private readonly District[] districts;
        private readonly int[] districtCumulative;
        private readonly int[] lotRange;
        private readonly int[] familyCumulative;
        private readonly int[] kindCumulative;
        private readonly int[] elderAgeCumulative;

        public Generator(int seed, DateOnly asOf, District[] districts, int residents)
        {
            random = new Random(seed);
            this.asOf = asOf;
            this.districts = districts;
            districtCumulative = Cumulative(districts.Select(d => d.Weight));
            var total = districtCumulative[^1];
            // Lot numbers run up to about 1.3 times the number of homes in the district.
            lotRange = districts.Select(d => Math.Max(30, (int)(residents / 2.9 * d.Weight / total * 1.3))).ToArray();
            familyCumulative = Cumulative(DemoTownNames.Family.Select(f => f.Weight));
            kindCumulative = Cumulative(Kinds.Select(k => k.Weight));
            // Ages 65..105: fewer each year, very few past 100.
            elderAgeCumulative = Cumulative(Enumerable.Range(65, 41).Select(age => age switch
            {
                < 75 => 100,
                < 85 => 80,
                < 90 => 50,
                < 95 => 24,
                < 100 => 8,
                _ => 2,
            }));
        }

        private static int[] Cumulative(IEnumerable<int> weights)
        {
            var sum = 0;
            return weights.Select(w => sum += w).ToArray();
        }

        private int Pick(int[] cumulative)
        {
            var x = random.Next(cumulative[^1]);
            var i = Array.BinarySearch(cumulative, x);
            return i < 0 ? ~i : i + 1;
        }

        private bool Chance(double p) => random.NextDouble() < p;

        private int Between(int min, int max) => random.Next(min, max + 1);

        private int ElderAge(int min = 65)
        {
            int age;
            do
            {
                age = 65 + Pick(elderAgeCumulative);
            }
            while (age < min);
            return age;
        }

        public Home NextHousehold(List<Member> members)
        {
            var d = Pick(districtCumulative);
            var district = districts[d];
            var aza = district.Aza[random.Next(district.Aza.Length)];
            var lot = Between(1, lotRange[d]);
            var address = Chance(0.6)
                ? $"{TownAddress}大字{district.Oaza}字{aza}{lot}-{Between(1, 12)}"
                : $"{TownAddress}大字{district.Oaza}字{aza}{lot}";
            var family = DemoTownNames.Family[Pick(familyCumulative)];
            var kind = Kinds[Pick(kindCumulative)].Kind;
            switch (kind)
            {
                case Kind.SingleElder:
                    Add(members, "世帯主", family, ElderAge(), Chance(0.72) ? Sex.Female : Sex.Male);
                    break;
                case Kind.SingleAdult:
                    Add(members, "世帯主", family, Chance(0.55) ? Between(19, 35) : Between(36, 64), Chance(0.62) ? Sex.Male : Sex.Female);
                    break;
                case Kind.ElderCouple:
                    Couple(members, family, ElderAge());
                    break;
                case Kind.MiddleCouple:
                    Couple(members, family, Between(45, 66));
                    break;
                case Kind.CoupleWithChildren:
                    {
                        var mother = Couple(members, family, Between(25, 52));
                        Children(members, family, mother, Pick([30, 75, 95, 100]) + 1, 0);
                        break;
                    }
                case Kind.SingleParent:
                    {
                        var sex = Chance(0.82) ? Sex.Female : Sex.Male;
                        var age = Between(24, 52);
                        Add(members, "世帯主", family, age, sex);
                        Children(members, family, sex == Sex.Female ? age : age - 2, Chance(0.6) ? 1 : 2, 0);
                        break;
                    }
                case Kind.CoupleWithAdultChild:
                    {
                        var mother = Couple(members, family, Between(50, 80));
                        Children(members, family, mother, Chance(0.7) ? 1 : 2, 18);
                        break;
                    }
                case Kind.ThreeGenerations:
                    {
                        var headAge = Between(34, 58);
                        var mother = Couple(members, family, headAge);
                        Children(members, family, mother, Pick([25, 60, 90, 100]), 0);
                        var parentAge = Math.Min(104, headAge + Between(22, 36));
                        if (parentAge >= 90 || Chance(0.5))
                        {
                            Add(members, "母", family, parentAge - Between(0, 3), Sex.Female);
                        }
                        if (members.Count < 7 && (Chance(0.45) || members[^1].Relationship != "母"))
                        {
                            Add(members, "父", family, parentAge, Sex.Male);
                        }
                        if (members.Count < 7 && Chance(0.04))
                        {
                            // The wife's mother keeps her own family name.
                            Add(members, "妻の母", DemoTownNames.Family[Pick(familyCumulative)], Math.Min(100, mother + Between(22, 34)), Sex.Female);
                        }
                        break;
                    }
                case Kind.ThreeGenerationsElderHead:
                    {
                        var headAge = Between(58, 84);
                        var grandmother = headAge - Between(-2, 5);
                        var headIsMan = Chance(0.75);
                        if (headIsMan)
                        {
                            Add(members, "世帯主", family, headAge, Sex.Male);
                            Add(members, "妻", family, grandmother, Sex.Female);
                        }
                        else
                        {
                            Add(members, "世帯主", family, grandmother, Sex.Female);
                        }
                        var sonAge = Math.Max(24, grandmother - Between(22, 32));
                        Add(members, "子", family, sonAge, Sex.Male);
                        var daughterInLawAge = Math.Max(22, sonAge - Between(-2, 5));
                        Add(members, "子の妻", family, daughterInLawAge, Sex.Female);
                        Children(members, family, daughterInLawAge, Pick([20, 60, 90, 100]) + 1, 0, "孫");
                        if (members.Count < 7 && Chance(0.15))
                        {
                            Add(members, "子", family, Math.Max(18, sonAge - Between(2, 6)), Chance(0.5) ? Sex.Male : Sex.Female);
                        }
                        break;
                    }
            }
            Phones(members, kind);
            Vulnerable(members, kind);
            return new Home(district.Name, address);
        }

        // Returns the wife's age (the children's mother).
        private int Couple(List<Member> members, DemoTownNames.Name family, int headAge)
        {
            var wifeAge = Math.Clamp(headAge - Between(-2, 6), 18, 104);
            if (Chance(0.9))
            {
                Add(members, "世帯主", family, headAge, Sex.Male);
                Add(members, "妻", family, wifeAge, Sex.Female);
            }
            else
            {
                Add(members, "世帯主", family, wifeAge, Sex.Female);
                Add(members, "夫", family, headAge, Sex.Male);
            }
            return wifeAge;
        }

        private void Children(List<Member> members, DemoTownNames.Name family, int motherAge, int count, int minAge, string relationship = "子")
        {
            var age = motherAge - Between(21, 34);
            for (var i = 0; i < count && members.Count < 7; i++)
            {
                if (age < minAge)
                {
                    if (i > 0)
                    {
                        break;
                    }
                    age = minAge;
                }
                if (motherAge - age < 17)
                {
                    break;
                }
                Add(members, relationship, family, age, Chance(0.51) ? Sex.Male : Sex.Female);
                age -= Between(1, 5);
            }
        }

        private void Add(List<Member> members, string relationship, DemoTownNames.Name family, int age, Sex sex)
        {
            age = Math.Clamp(age, 0, 105);
            var birth = asOf.AddYears(-age).AddDays(-random.Next(365));
            var names = sex == Sex.Male ? DemoTownNames.Male : DemoTownNames.Female;
            var band = names[DemoTownNames.Band(birth.Year)];
            members.Add(new Member
            {
                Relationship = relationship,
                Family = family,
                Given = band[random.Next(band.Length)],
                BirthDate = birth,
                Age = age,
                Sex = sex,
            });
        }

        private void Phones(List<Member> members, Kind kind)
        {
            var elderly = kind is Kind.SingleElder or Kind.ElderCouple;
            string? landline = Chance(elderly ? 0.78 : 0.6) ? $"0240-{Between(20, 39)}-{Between(0, 9999):D4}" : null;
            foreach (var m in members)
            {
                var mobile = m.Age switch
                {
                    < 15 => 0.0,
                    < 18 => 0.35,
                    < 60 => 0.6,
                    < 75 => 0.35,
                    _ => 0.07,
                };
                if (Chance(mobile))
                {
                    var prefix = m.Age < 30 ? (Chance(0.5) ? "080" : "070") : (Chance(0.7) ? "090" : "080");
                    m.Phone = $"{prefix}-{Between(1000, 9999)}-{Between(0, 9999):D4}";
                }
                else if (landline is not null && m.Age >= 18 && (m.Relationship is "世帯主" or "妻" or "夫" or "父" or "母" || Chance(0.4)))
                {
                    m.Phone = landline;
                }
            }
        }

        private void Vulnerable(List<Member> members, Kind kind)
        {
            foreach (var m in members)
            {
                string? reason = null;
                if (m.Age == 0)
                {
                    reason = Chance(0.7) ? "乳児" : null;
                }
                else if (m.Age >= 75)
                {
                    var alone = kind == Kind.SingleElder;
                    var care = Chance(m.Age >= 85 ? 0.3 : 0.14)
                        ? (Chance(0.8) ? CareLevels[random.Next(CareLevels.Length)] : ElderReasons[random.Next(ElderReasons.Length)])
                        : null;
                    reason = alone && Chance(0.45)
                        ? care is null ? "一人暮らし高齢者" : "一人暮らし高齢者・" + care
                        : care;
                }
                else if (m.Age >= 65)
                {
                    reason = Chance(0.04) ? (Chance(0.5) ? CareLevels[random.Next(3)] : "身体障害") : null;
                }
                else if (m.Sex == Sex.Female && m.Age is >= 20 and <= 40 && m.Relationship is "妻" or "子の妻" && Chance(0.03))
                {
                    reason = "妊婦";
                }
                else if (m.Age >= 3 && Chance(0.018))
                {
                    reason = AdultReasons[random.Next(AdultReasons.Length)];
                }
                m.VulnerableReason = reason;
            }
        }
    }
}
