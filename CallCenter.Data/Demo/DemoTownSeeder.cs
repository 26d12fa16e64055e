using System.Data.Common;
using System.Globalization;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Imports;
using CallCenter.Data.Reports;
using CallCenter.Data.Settings;
using Dapper;

namespace CallCenter.Data.Demo;

/// <summary>What to seed: the town's size, the seed, and the disaster date (null: 21 days before today in Japan).</summary>
public sealed record DemoSeedOptions(
    int Residents = DemoTownGenerator.DefaultResidents,
    int Seed = DemoTownGenerator.DefaultSeed,
    DateOnly? DisasterDate = null,
    int Towns = 1);

/// <summary>What seeding did; <see cref="Seeded"/> is false when the database already held residents.</summary>
public sealed record DemoSeedResult(bool Seeded, int Residents, int Households, int Reports, int Calls, DateOnly DisasterDate, string Message);

/// <summary>
/// Fills an empty database with the demo town 汐見町 and the story of the weeks since the disaster: the
/// register goes in through the same import as a real one, then calls, safety reports (front-loaded in the
/// first days, reaching roughly two thirds confirmed by today), shelters and the disaster date are written in
/// one transaction.
/// </summary>
public sealed class DemoTownSeeder(ConnectionFactory connections, ResidentImportService import, TimeProvider time, Towns.TownRepository? townRepository = null)
{
    private readonly Towns.TownRepository towns = townRepository ?? new Towns.TownRepository(connections, time);

    /// <summary>How many days before today the disaster is placed when no date is given.</summary>
    public const int DefaultDaysSinceDisaster = 21;

    /// <summary>Seeds the demo town unless the register already holds residents.</summary>
    public async Task<DemoSeedResult> SeedAsync(DemoSeedOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Residents, 1, nameof(options));
        var nowUtc = time.GetUtcNow().UtcDateTime;
        var today = JapanTime.Today(time);
        var disasterDate = options.DisasterDate ?? today.AddDays(-DefaultDaysSinceDisaster);
        if (disasterDate > today)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"The disaster date {disasterDate:yyyy-MM-dd} is after today ({today:yyyy-MM-dd}).");
        }

        var existing = await CountResidentsAsync(ct);
        if (existing > 0)
        {
            return new DemoSeedResult(false, 0, 0, 0, 0, disasterDate,
                $"住民が既に{existing:N0}人登録されているため、デモの町は作成しませんでした。" +
                $" / The register already holds {existing:N0} residents; the demo town was not seeded.");
        }

        // The register goes through the same validation and writer as a real register file.
        using var csv = new MemoryStream();
        DemoTownGenerator.WriteRegisterCsv(csv, options.Residents, options.Seed, disasterDate);
        csv.Position = 0;
        // One transaction for the register and its story: a failure leaves the database empty, so the next
        // start seeds again instead of finding a register without a story.
        await using var connection = await connections.OpenAsync(ct);
        await using var transaction = await connections.BeginWriteAsync(connection, ct);
        var imported = await import.ImportAsync(csv, connection, transaction, cancellationToken: ct);
        if (imported.Errors.Count > 0)
        {
            throw new InvalidOperationException(
                $"The generated demo register was rejected by the import ({imported.Summary}): " +
                string.Join("; ", imported.Errors.Take(10)));
        }
        var people = await LoadResidentsAsync(connection, transaction, ct);
        await InsertFacilitiesAsync(connection, transaction, ct);
        await SaveDisasterDateAsync(connection, transaction, disasterDate, ct);
        var story = new Story(options.Seed, disasterDate, nowUtc, people).Build();
        var (reports, calls) = await WriteStoryAsync(connection, transaction, story, nowUtc, ct);
        await DemoRequests.WriteAsync(connection, transaction, connections.Dialect, [.. people.Where(p => p.HouseholdId is not null)
            .GroupBy(p => p.HouseholdId!.Value).Select(h => (h.Key, (IReadOnlyList<long>)[.. h.Select(p => p.ResidentId)]))], options.Seed, disasterDate, nowUtc, ct);
        await DemoTownIntentions.SeedAsync(connection, transaction, connections.Dialect,
            DemoTownIntentions.Households(people, p => p.HouseholdId, p => p.Relationship, p => p.FamilyName + " " + p.GivenName),
            options.Seed, disasterDate, nowUtc, ct);
        await DemoAnnouncements.SeedAsync(connection, transaction, connections.Dialect, [.. people.Where(p => p.HouseholdId is not null)
            .GroupBy(p => p.HouseholdId!.Value).Select(h => (h.Key, h.First().District))], options.Seed, nowUtc, ct,
            options.Towns > 1 ? await FirstTownCodeAsync(connection, transaction, ct) : null);
        await DemoTownMailingAddresses.SeedAsync(connection, transaction, connections.Dialect, options.Seed, disasterDate, nowUtc, ct);
        await DemoTalkScripts.WriteAsync(connection, transaction, connections.Dialect, nowUtc, ct);
        // Issue 18, part D: a few returned letters, last (it marks the addresses seeded before it).
        await DemoReturnedMail.SeedAsync(connection, transaction, connections.Dialect, options.Seed, nowUtc, ct);
        var confirmed = await CountConfirmedAsync(connection, transaction, ct);
        await transaction.CommitAsync(ct);
        var (residents, households, totalPeople) = (imported.Inserted, imported.HouseholdsInserted, people.Count);
        for (var i = 1; i < options.Towns; i++)
        {
            var extra = await SeedNeighbourAsync(options, i, disasterDate, nowUtc, ct);
            (residents, households, reports, calls, confirmed, totalPeople) = (residents + extra.Residents, households + extra.Households,
                reports + extra.Reports, calls + extra.Calls, confirmed + extra.Confirmed, totalPeople + extra.Residents);
        }

        var percent = totalPeople == 0 ? 0 : 100.0 * confirmed / totalPeople;
        var what = options.Towns == 1 ? "デモの町「汐見町」" : $"デモの{options.Towns}町（汐見町ほか）";
        return new DemoSeedResult(true, residents, households, reports, calls, disasterDate,
            string.Create(CultureInfo.InvariantCulture,
                $"{what}を作成しました: 住民{residents:N0}人、{households:N0}世帯、" +
                $"通話{calls:N0}件、安否報告{reports:N0}件、確認済み{percent:F1}%（被災日 {disasterDate:yyyy-MM-dd}）。" +
                $" / Seeded the demo {(options.Towns == 1 ? "town" : $"{options.Towns} towns")}: {residents:N0} residents, {households:N0} households, " +
                $"{calls:N0} calls, {reports:N0} reports, {percent:F1}% confirmed (disaster date {disasterDate:yyyy-MM-dd})."));
    }

    /// <summary>
    /// A neighbouring town of the joint center (<c>Demo:Towns</c> above 1): its own register, numbered from 1 like every
    /// town's (so its numbers collide with 汐見町's, as real towns' do), its own calls, reports and requests. The
    /// survey, announcements, mailing and scripts stay the first town's.
    /// </summary>
    private async Task<(int Residents, int Households, int Reports, int Calls, long Confirmed)> SeedNeighbourAsync(DemoSeedOptions options, int index,
        DateOnly disasterDate, DateTime nowUtc, CancellationToken ct)
    {
        var (code, name) = DemoTowns.Neighbours[index - 1];
        var town = await towns.FindByCodeAsync(code, ct);
        if (town is null)
        {
            var added = await towns.AddAsync(code, name, ct);
            town = added.Town ?? throw new InvalidOperationException(
                $"Demo:Towns above 1 needs the first town's code (Town:Code); the demo town {code} {name} was not added: {added.Message}");
        }
        var size = options.Residents * (80 + 5 * (index % 3)) / 100;
        using var csv = DemoTowns.Register(size, options.Seed + index, disasterDate, name);
        await using var connection = await connections.OpenAsync(ct);
        await using var transaction = await connections.BeginWriteAsync(connection, ct);
        var imported = await import.ImportAsync(csv, connection, transaction, cancellationToken: ct, townId: town.TownId);
        if (imported.Errors.Count > 0)
        {
            throw new InvalidOperationException(
                $"The generated register of {name} was rejected by the import ({imported.Summary}): " + string.Join("; ", imported.Errors.Take(10)));
        }
        var people = await LoadResidentsAsync(connection, transaction, ct, town.TownId);
        var story = new Story(options.Seed + index, disasterDate, nowUtc, people).Build();
        var (reports, calls) = await WriteStoryAsync(connection, transaction, story, nowUtc, ct);
        await DemoRequests.WriteAsync(connection, transaction, connections.Dialect, [.. people.Where(p => p.HouseholdId is not null)
            .GroupBy(p => p.HouseholdId!.Value).Select(h => (h.Key, (IReadOnlyList<long>)[.. h.Select(p => p.ResidentId)]))], options.Seed + index, disasterDate, nowUtc, ct);
        var confirmed = people.Count == 0 ? 0 : await CountConfirmedAsync(connection, transaction, ct, town.TownId);
        await transaction.CommitAsync(ct);
        return (imported.Inserted, imported.HouseholdsInserted, reports, calls, confirmed);
    }

    private const string FirstTownCodeSql = """
        SELECT Code
          FROM Towns
         WHERE TownId = 1
        """;

    /// <summary>Town 1's code (the demo town's, from Town:Code), or null when it has none (adding a neighbour then explains).</summary>
    private static async Task<string?> FirstTownCodeAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        await connection.ExecuteScalarAsync<string?>(new CommandDefinition(FirstTownCodeSql, transaction: transaction, cancellationToken: ct)) is { Length: > 0 } code
            ? code
            : null;

    private const string CountResidentsSql = """
        SELECT COUNT(*)
          FROM Residents
        """;

    private async Task<long> CountResidentsAsync(CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountResidentsSql, cancellationToken: ct));
    }

    private const string CountConfirmedSql = """
        SELECT COUNT(*)
          FROM Residents
         WHERE Status <> 0
           AND TownId = @TownId
        """;

    private static Task<long> CountConfirmedAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct, int townId = 1) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(CountConfirmedSql, new { TownId = townId }, transaction, cancellationToken: ct));

    private const string LoadResidentsSql = """
          SELECT ResidentId, HouseholdId, Relationship, FamilyName, GivenName, BirthDate, Sex, District, Phone,
                 CASE WHEN IsVulnerable = 1 THEN 1 ELSE 0 END AS IsVulnerable
            FROM Residents
           WHERE TownId = @TownId
        ORDER BY ResidentId
        """;

    private static async Task<List<Person>> LoadResidentsAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct, int townId = 1)
    {
        var rows = await connection.QueryAsync<Person>(new CommandDefinition(LoadResidentsSql, new { TownId = townId }, transaction, cancellationToken: ct));
        return rows.AsList();
    }

    private const string InsertFacilitiesSql = """
        INSERT INTO Facilities (Name, Kind, PrefectureCode, Municipality, Address, Phone, IsOpen)
             VALUES (@Name, @Kind, @PrefectureCode, @Municipality, @Address, @Phone, @IsOpen)
        """;

    private static Task InsertFacilitiesAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(InsertFacilitiesSql,
            DemoTownPlaces.Shelters.Select(s => new { s.Name, Kind = ShelterKind, s.PrefectureCode, s.Municipality, s.Address, s.Phone, s.IsOpen }),
            transaction, cancellationToken: ct));

    /// <summary>Facilities.Kind of a shelter (避難所).</summary>
    private const byte ShelterKind = 1;

    // Written inside the seeding transaction, as SettingsRepository writes every setting.
    private static Task SaveDisasterDateAsync(DbConnection connection, DbTransaction transaction, DateOnly date, CancellationToken ct) =>
        SettingsRepository.SetAsync(connection, transaction, SettingsRepository.DisasterDate, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ct);

    // Staff who took the calls: the demo accounts when they exist (the app creates them before seeding).
    private const string StaffSql = """
          SELECT UserId, Site
            FROM Users
           WHERE Role IN (1, 2)
        ORDER BY UserId
        """;

    private const string WrapUpCodesSql = """
        SELECT Label, WrapUpCodeId
          FROM WrapUpCodes
        """;

    // Each call names the persons it was about, as a call saved from the form does (CallRecordingService).
    private const string LinkResidentSql = """
        INSERT INTO CallResidents (CallId, ResidentId)
             VALUES (@CallId, @ResidentId)
        """;

    private async Task<(int Reports, int Calls)> WriteStoryAsync(DbConnection connection, DbTransaction transaction, List<StoryEvent> story,
        DateTime nowUtc, CancellationToken ct)
    {
        var dialect = connections.Dialect;
        var staff = (await connection.QueryAsync<(int UserId, string? Site)>(new CommandDefinition(StaffSql, transaction: transaction, cancellationToken: ct))).AsList();
        var codes = (await connection.QueryAsync<(string Label, long Id)>(new CommandDefinition(WrapUpCodesSql, transaction: transaction, cancellationToken: ct)))
            .ToDictionary(c => c.Label, c => (int)c.Id);
        int reports = 0, calls = 0;
        foreach (var e in story)
        {
            long? callId = null;
            int? operatorId = null;
            if (e.Call is not null)
            {
                var call = e.Call;
                if (staff.Count > 0)
                {
                    var atSite = staff.Where(u => u.Site == call.Site).ToList();
                    var pool = atSite.Count > 0 ? atSite : staff;
                    operatorId = pool[calls % pool.Count].UserId;
                    call = call with { OperatorUserId = operatorId };
                }
                // Calls end on the second, not on the minute (derived from the order, so the story's random draws stay the same).
                call = call with
                {
                    EndedAt = call.EndedAt?.AddSeconds(-(e.Order * 37 % 60)),
                    WrapUpCodeId = codes.TryGetValue(e.WrapUp, out var code) ? code : null,
                };
                callId = await CallRepository.InsertAsync(connection, transaction, dialect, call, ct);
                calls++;
                foreach (var residentId in e.About.Select(p => p.ResidentId).Distinct())
                {
                    await connection.ExecuteAsync(new CommandDefinition(LinkResidentSql, new { CallId = callId, ResidentId = residentId }, transaction,
                        cancellationToken: ct));
                }
            }
            foreach (var r in e.Reports)
            {
                var report = new NewSafetyReport((int)r.Person.ResidentId, r.Status, r.Source, r.Whereabouts, r.Consent,
                    r.ReporterName, r.ReporterRelation, operatorId, e.At, r.Note, callId);
                // The demo's past weeks stand as already approved: its grave reports are current at once.
                await ReportRepository.AppendAsync(connection, transaction, dialect, report, Min(e.RecordedAt, nowUtc), ct, Approvals.ApprovalPolicy.None);
                reports++;
            }
        }
        return (reports, calls);
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    /// <summary>A resident as the story needs it, and what the story has said about them so far.</summary>
    private sealed class Person
    {
        public long ResidentId { get; set; }
        public long? HouseholdId { get; set; }
        public string? Relationship { get; set; }
        public string FamilyName { get; set; } = "";
        public string GivenName { get; set; } = "";
        public DateOnly? BirthDate { get; set; }
        public long Sex { get; set; }
        public string? District { get; set; }
        public string? Phone { get; set; }
        public long IsVulnerable { get; set; }

        public string FullName => FamilyName + "\u3000" + GivenName;

        public bool HasMobile => Phone is not null && (Phone.StartsWith("090", StringComparison.Ordinal)
            || Phone.StartsWith("080", StringComparison.Ordinal) || Phone.StartsWith("070", StringComparison.Ordinal));

        public int AgeOn(DateOnly date)
        {
            if (BirthDate is not { } birth)
            {
                return 40;
            }
            var age = date.Year - birth.Year;
            return birth > date.AddYears(-age) ? age - 1 : age;
        }
    }

    private sealed record StoryReport(Person Person, SafetyStatus Status, ReportSource Source, Whereabouts? Whereabouts,
        Consent Consent, string? ReporterName, string? ReporterRelation, string? Note);

    /// <summary>
    /// One moment of the story: a call (or a shelter list), the reports it produced, the persons it was about and its
    /// wrap-up code (要件) by label.
    /// </summary>
    private sealed record StoryEvent(DateTime At, DateTime RecordedAt, int Order, NewCall? Call, List<StoryReport> Reports,
        IReadOnlyList<Person> About, string WrapUp);

    private enum Channel { CallSelf, CallFamily, CallAcquaintance, CallOutbound, ShelterList, Agency }

    private readonly record struct Item(Person Person, SafetyStatus Status, Whereabouts? Whereabouts, string? Note);

    /// <summary>
    /// Builds the weeks since the disaster as a list of events, deterministic from the seed. The day a
    /// household is first heard of follows a truncated exponential (most in the first days); some members
    /// are reported later, some move on from the shelters, the missing are found or confirmed dead.
    /// </summary>
    private sealed class Story
    {
        // Relation to the person asked about, and the caller's sex (null: either).
        private static readonly (string Relation, bool? Male)[] FamilyCallerRelations =
        [
            ("長男", true), ("長女", false), ("次男", true), ("次女", false), ("兄", true), ("姉", false), ("弟", true),
            ("妹", false), ("おい", true), ("めい", false), ("いとこ", null), ("孫", null), ("娘の夫", true), ("息子の妻", false),
        ];
        private static readonly string[] AcquaintanceRelations = ["知人", "近所の人", "職場の同僚", "友人"];
        private static readonly (string Name, string Relation)[] Agencies =
        [
            ("福島県警察 双葉警察署", "警察"), ("会津若松市 災害対策本部", "他自治体"), ("いわき市 災害対策本部", "他自治体"),
            ("会津中央病院 医療相談室", "病院"), ("福島県 災害対策本部", "県"), ("さいたま市 避難者支援窓口", "他自治体"),
        ];
        private static readonly string[] CoastalDistricts = ["浜通り", "請戸", "中浜"];

        private readonly Random random;
        private readonly DateOnly disasterDate;
        private readonly DateTime nowUtc;
        private readonly DateTime nowJapan;
        private readonly int days;
        private readonly List<Person> people;
        private readonly List<StoryEvent> events = [];
        private readonly int[] shelterCumulative;
        private readonly int[] prefectureCumulative;

        public Story(int seed, DateOnly disasterDate, DateTime nowUtc, List<Person> people)
        {
            // A different stream from the register's, so changing the story never changes the town.
            random = new Random(unchecked(seed * 31 + 7));
            this.disasterDate = disasterDate;
            this.nowUtc = nowUtc;
            this.people = people;
            nowJapan = JapanTime.FromUtc(nowUtc);
            days = DateOnly.FromDateTime(nowJapan).DayNumber - disasterDate.DayNumber;
            var sum = 0;
            shelterCumulative = DemoTownPlaces.Shelters.Select(s => sum += s.Weight).ToArray();
            sum = 0;
            prefectureCumulative = DemoTownPlaces.Prefectures.Select(p => sum += p.Weight).ToArray();
        }

        public List<StoryEvent> Build()
        {
            var households = people.GroupBy(p => p.HouseholdId ?? -p.ResidentId).Select(g => g.ToList()).ToList();
            for (var i = households.Count - 1; i > 0; i--)
            {
                var j = random.Next(i + 1);
                (households[i], households[j]) = (households[j], households[i]);
            }
            foreach (var members in households)
            {
                var elderOnly = members.All(m => m.AgeOn(disasterDate) >= 75);
                if (!Chance(elderOnly ? 0.57 : 0.665))
                {
                    if (Chance(0.15))
                    {
                        Inquiry(members, SampleDay());
                    }
                    continue;
                }
                var day = SampleDay();
                var group = members.Where(_ => Chance(0.93)).ToList();
                if (group.Count == 0)
                {
                    group.Add(members[0]);
                }
                var rest = members.Except(group).ToList();
                FirstReport(group, day);
                if (rest.Count > 0 && Chance(0.45))
                {
                    var later = day + Between(1, 7);
                    if (later <= days)
                    {
                        FirstReport(rest, later);
                    }
                }
            }
            return events.OrderBy(e => e.At).ThenBy(e => e.Order).ToList();
        }

        private bool Chance(double p) => random.NextDouble() < p;

        private int Between(int min, int max) => random.Next(min, max + 1);

        private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

        private static int PickIndex(Random random, int[] cumulative)
        {
            var x = random.Next(cumulative[^1]);
            var i = Array.BinarySearch(cumulative, x);
            return i < 0 ? ~i : i + 1;
        }

        // Days after the disaster: exponential with a mean of a few days, cut at today; a few land on today.
        private int SampleDay()
        {
            if (days <= 1)
            {
                return days;
            }
            if (Chance(0.004))
            {
                return days;
            }
            var tau = Math.Clamp(days / 4.5, 1.0, 8.0);
            var u = random.NextDouble();
            var t = -tau * Math.Log(1 - u * (1 - Math.Exp(-(days - 1) / tau)));
            return Math.Min(days, 1 + (int)t);
        }

        // A moment on a day, Japan time [fromMinute, toMinute), returned as UTC; never later than now.
        private DateTime At(int day, int fromMinute, int toMinute)
        {
            int minute;
            if (day >= days)
            {
                var nowMinute = (int)nowJapan.TimeOfDay.TotalMinutes - 30;
                minute = nowMinute <= 0 ? 0 : Between(nowMinute > fromMinute ? fromMinute : 0, nowMinute);
            }
            else
            {
                minute = Between(fromMinute, toMinute - 1);
            }
            var utc = JapanTime.StartOfDayUtc(disasterDate.AddDays(day)).AddMinutes(minute).AddSeconds(Between(0, 59));
            return utc < nowUtc ? utc : nowUtc.AddMinutes(-1);
        }

        private SafetyStatus FirstStatus(Person p)
        {
            var coastal = p.District is { } d && CoastalDistricts.Any(c => d.Contains(c, StringComparison.Ordinal));
            var age = p.AgeOn(disasterDate);
            var x = random.NextDouble();
            var missing = coastal ? 0.012 : 0.002;
            var deceased = missing + (coastal ? 0.007 : 0.0012);
            var hospitalized = deceased + (age >= 75 ? 0.05 : 0.008);
            var injured = hospitalized + 0.015;
            return x < missing ? SafetyStatus.Missing
                : x < deceased ? SafetyStatus.Deceased
                : x < hospitalized ? SafetyStatus.Hospitalized
                : x < injured ? SafetyStatus.Injured
                : SafetyStatus.Safe;
        }

        private void FirstReport(List<Person> group, int day)
        {
            var where = GroupWhereabouts(day, moving: false);
            var items = new List<Item>(group.Count);
            foreach (var p in group)
            {
                var status = FirstStatus(p);
                items.Add(status switch
                {
                    SafetyStatus.Missing => new Item(p, status, null, Pick(["地震後、自宅付近で目撃されたのが最後", "津波の後、連絡が取れない", "家族が捜索中"])),
                    SafetyStatus.Deceased => new Item(p, status, null, "死亡を確認"),
                    SafetyStatus.Hospitalized => new Item(p, status, Place(WhereaboutsType.Hospital, DemoTownPlaces.Hospitals), null),
                    SafetyStatus.Injured => new Item(p, status, where, Pick(["軽傷", "避難中に転倒し負傷", "打撲、通院中"])),
                    _ when p.IsVulnerable == 1 && p.AgeOn(disasterDate) >= 75 && Chance(0.3) =>
                        new Item(p, status, Place(WhereaboutsType.WelfareFacility, DemoTownPlaces.WelfareFacilities), "施設に受け入れ"),
                    _ => new Item(p, status, where, null),
                });
            }
            var anyAlive = items.Any(i => i.Status is not (SafetyStatus.Missing or SafetyStatus.Deceased));
            var shelterShare = day <= 3 ? 0.3 : day <= 7 ? 0.15 : 0.05;
            Channel channel;
            if (!anyAlive)
            {
                channel = Chance(0.6) ? Channel.Agency : Channel.CallFamily;
            }
            else if (where.Type == WhereaboutsType.Shelter && Chance(shelterShare * 2))
            {
                channel = Channel.ShelterList;
            }
            else
            {
                var x = random.NextDouble();
                channel = x < 0.52 ? Channel.CallSelf
                    : x < 0.82 ? Channel.CallFamily
                    : x < 0.86 ? Channel.CallAcquaintance
                    : x < 0.96 && group.Any(p => p.Phone is not null) ? Channel.CallOutbound
                    : Channel.Agency;
            }
            Add(items, day, channel);

            // What happens next, decided now so that the random sequence stays fixed.
            foreach (var item in items)
            {
                FollowUp(item, day);
            }
            var movers = items.Where(i => i.Status is SafetyStatus.Safe or SafetyStatus.Injured && i.Whereabouts == where).Select(i => i.Person).ToList();
            if (movers.Count > 0 && where.Type is WhereaboutsType.Shelter or WhereaboutsType.Hotel or WhereaboutsType.RelativeHome && Chance(0.17))
            {
                Move(movers, day);
            }
        }

        private void FollowUp(Item item, int day)
        {
            var p = item.Person;
            switch (item.Status)
            {
                case SafetyStatus.Missing:
                    if (Chance(0.45))
                    {
                        Later(day, 2, 12, [new Item(p, SafetyStatus.Deceased, null, "遺体で発見、身元を確認")], Channel.Agency);
                    }
                    else if (Chance(0.6))
                    {
                        Later(day, 1, 10, [new Item(p, SafetyStatus.Safe, GroupWhereabouts(day + 5, moving: false), "無事が判明")], Chance(0.5) ? Channel.CallFamily : Channel.CallSelf);
                    }
                    break;
                case SafetyStatus.Injured when Chance(0.3):
                    Later(day, 2, 10, [new Item(p, SafetyStatus.Safe, GroupWhereabouts(day + 6, moving: true), "けがは回復")], Channel.CallSelf);
                    break;
                case SafetyStatus.Hospitalized when Chance(0.25):
                    Later(day, 3, 14, [new Item(p, SafetyStatus.Safe, Place(WhereaboutsType.RelativeHome, null), "退院")], Channel.CallFamily);
                    break;
            }
        }

        private void Move(List<Person> movers, int day, int depth = 0)
        {
            var next = day + Between(3, 14);
            if (next > days)
            {
                return;
            }
            var where = GroupWhereabouts(next, moving: true);
            var channel = where.Type == WhereaboutsType.Shelter && Chance(0.4) ? Channel.ShelterList : Chance(0.8) ? Channel.CallSelf : Channel.CallFamily;
            Add(movers.Select(p => new Item(p, SafetyStatus.Safe, where, "避難先を移動")).ToList(), next, channel);
            if (depth == 0 && Chance(0.2))
            {
                Move(movers, next, 1);
            }
        }

        private void Later(int day, int minDays, int maxDays, List<Item> items, Channel channel)
        {
            var next = day + Between(minDays, maxDays);
            if (next <= days)
            {
                Add(items, next, channel);
            }
        }

        private void Inquiry(List<Person> members, int day)
        {
            var asked = Pick(members);
            var at = At(day, 8 * 60, 20 * 60);
            var (name, relation) = OutsideCaller(asked, Chance(0.8));
            events.Add(new StoryEvent(at, at, events.Count, new NewCall(CallDirection.Inbound, name, Mobile(), relation, null, Site(), at,
                at.AddMinutes(Between(2, 8)), $"照会: {asked.FullName}さんの安否の問い合わせ。未確認のため判明次第連絡すると伝えた"), [], [asked], "照会"));
        }

        private void Add(List<Item> items, int day, Channel channel)
        {
            if (channel == Channel.CallOutbound && !items.Any(i => i.Person.Phone is not null))
            {
                channel = Channel.CallSelf;
            }
            var caller = channel is Channel.CallSelf or Channel.CallOutbound
                ? items.Where(i => i.Status is not (SafetyStatus.Missing or SafetyStatus.Deceased) && i.Person.AgeOn(disasterDate) >= 15
                                   && (channel != Channel.CallOutbound || i.Person.Phone is not null))
                       .Select(i => i.Person).OrderBy(p => p.Relationship == "世帯主" ? 0 : 1).FirstOrDefault()
                : null;
            if (channel is Channel.CallSelf or Channel.CallOutbound && caller is null)
            {
                channel = Channel.CallFamily;
            }

            var at = channel == Channel.ShelterList ? At(day, 9 * 60, 18 * 60) : At(day, 8 * 60, 20 * 60);
            var minutes = Between(2, 6) + 2 * items.Count;
            var recordedAt = channel == Channel.ShelterList ? at.AddMinutes(Between(60, 360)) : at.AddMinutes(minutes);
            NewCall? call = null;
            string? reporterName;
            string? reporterRelation;
            string? callerPhone = null;
            var about = items.Count == 1 ? $"{items[0].Person.FullName}さん" : $"世帯{items.Count}人";
            var summary = Summary(items);
            switch (channel)
            {
                case Channel.CallSelf:
                case Channel.CallOutbound:
                    reporterName = caller!.FullName;
                    reporterRelation = "本人";
                    callerPhone = caller.HasMobile ? caller.Phone : channel == Channel.CallOutbound ? caller.Phone : Mobile();
                    call = new NewCall(channel == Channel.CallOutbound ? CallDirection.Outbound : CallDirection.Inbound, reporterName,
                        callerPhone, "本人", null, Site(), at, at.AddMinutes(minutes),
                        channel == Channel.CallOutbound ? $"登録電話へ発信し確認。{about}: {summary}" : $"{about}の安否連絡: {summary}");
                    break;
                case Channel.CallFamily:
                case Channel.CallAcquaintance:
                    (reporterName, reporterRelation) = OutsideCaller(items[0].Person, channel == Channel.CallFamily);
                    callerPhone = Mobile();
                    call = new NewCall(CallDirection.Inbound, reporterName, callerPhone, reporterRelation, null, Site(), at,
                        at.AddMinutes(minutes), $"{reporterRelation}から{about}の安否連絡: {summary}");
                    break;
                case Channel.Agency:
                    {
                        // The police and hospitals call about the missing, the dead and patients; other towns about evacuees.
                        var serious = items.Any(i => i.Status is not (SafetyStatus.Safe or SafetyStatus.Injured));
                        var agency = Pick(Agencies.Where(a => serious || a.Relation == "他自治体").ToList());
                        reporterName = agency.Name;
                        reporterRelation = "行政・他機関";
                        callerPhone = Landline();
                        call = new NewCall(CallDirection.Inbound, agency.Name, callerPhone, agency.Relation, null, Site(), at,
                            at.AddMinutes(minutes), $"{agency.Name}より{about}について連絡: {summary}");
                        break;
                    }
                default:
                    {
                        var shelter = items.Select(i => i.Whereabouts).FirstOrDefault(w => w?.Type == WhereaboutsType.Shelter);
                        reporterName = shelter is null ? "避難者名簿" : $"{shelter.Place} 避難者名簿";
                        reporterRelation = null;
                        break;
                    }
            }

            var reports = new List<StoryReport>(items.Count);
            foreach (var item in items)
            {
                var p = item.Person;
                var source = channel switch
                {
                    Channel.CallSelf or Channel.CallOutbound => ReferenceEquals(p, caller) ? ReportSource.Self : ReportSource.Family,
                    Channel.CallFamily => ReportSource.Family,
                    Channel.CallAcquaintance => ReportSource.Acquaintance,
                    Channel.ShelterList => ReportSource.ShelterList,
                    _ => ReportSource.Agency,
                };
                var where = item.Whereabouts;
                if (where is not null && where.Type is not (WhereaboutsType.Hospital or WhereaboutsType.WelfareFacility))
                {
                    var contact = p.HasMobile ? p.Phone : where.ContactPhone ?? callerPhone;
                    where = where with { ContactPhone = contact };
                }
                var relation = source switch
                {
                    ReportSource.Self => "本人",
                    ReportSource.Family when caller is not null => "同居家族",
                    _ => reporterRelation,
                };
                reports.Add(new StoryReport(p, item.Status, source, where, ConsentFor(source, item.Status), reporterName, relation, item.Note));
            }
            // A later call that only says where someone moved (けがは回復, 退院) is a change of whereabouts; the rest report safety.
            var wrapUp = items.All(i => i.Status == SafetyStatus.Safe && i.Note is "けがは回復" or "退院") ? "所在変更" : "安否報告";
            events.Add(new StoryEvent(at, recordedAt, events.Count, call, reports, [.. items.Select(i => i.Person)], wrapUp));
        }

        private static string Summary(List<Item> items)
        {
            var counts = items.GroupBy(i => i.Status).OrderBy(g => g.Key).Select(g => $"{g.Key.Label()}{g.Count()}人");
            return items.All(i => i.Status == SafetyStatus.Safe) && items.Count > 1 ? "全員無事" : string.Join("、", counts);
        }

        private Consent ConsentFor(ReportSource source, SafetyStatus status)
        {
            if (status is SafetyStatus.Missing or SafetyStatus.Deceased)
            {
                return new Consent(true, null, false);
            }
            var x = random.NextDouble();
            return source switch
            {
                ReportSource.Self or ReportSource.Family when x < 0.84 => new Consent(true, Chance(0.7), Chance(0.3)),
                ReportSource.Self or ReportSource.Family when x < 0.9 => new Consent(false, false, false),
                ReportSource.ShelterList or ReportSource.Agency when x < 0.6 => new Consent(true, Chance(0.5), false),
                _ => Consent.NotAsked,
            };
        }

        private (string Name, string Relation) OutsideCaller(Person about, bool family)
        {
            var (relation, male) = family ? Pick(FamilyCallerRelations) : (Pick(AcquaintanceRelations), null);
            var isMale = male ?? Chance(0.5);
            // Sons and brothers usually keep the family name; daughters and sisters have often married out.
            var sameName = family && Chance(isMale && relation != "娘の夫" ? 0.8 : 0.35);
            var familyName = sameName ? about.FamilyName : DemoTownNames.Family[random.Next(DemoTownNames.Family.Length)].Text;
            var band = Chance(0.5) ? 1 : 2;
            var given = Pick(isMale ? DemoTownNames.Male[band] : DemoTownNames.Female[band]).Text;
            return (familyName + "\u3000" + given, relation);
        }

        private Whereabouts GroupWhereabouts(int day, bool moving)
        {
            // Weights: shelter, relatives, hotel, leased, temporary, abroad, other.
            int[] weights = moving
                ? [12, 30, 14, 26, 14, 1, 3]
                : day <= 4 ? [62, 26, 5, 0, 0, 1, 3] : day <= 12 ? [45, 30, 10, 8, 2, 1, 3] : [28, 30, 12, 17, 9, 1, 3];
            var sum = 0;
            var cumulative = weights.Select(w => sum += w).ToArray();
            return PickIndex(random, cumulative) switch
            {
                0 => Shelter(),
                1 => Place(WhereaboutsType.RelativeHome, null),
                2 => Place(WhereaboutsType.Hotel, DemoTownPlaces.Hotels),
                3 => Place(WhereaboutsType.LeasedHousing, null),
                4 => Place(WhereaboutsType.TemporaryHousing, DemoTownPlaces.TemporaryHousing),
                5 => new Whereabouts(WhereaboutsType.Abroad, Prefectures.Abroad, Pick(DemoTownPlaces.Countries), Pick(["親族宅", "勤務先の社宅", "知人宅"]), null),
                _ => Place(WhereaboutsType.Other, null),
            };
        }

        private Whereabouts Shelter()
        {
            var s = DemoTownPlaces.Shelters[PickIndex(random, shelterCumulative)];
            return new Whereabouts(WhereaboutsType.Shelter, s.PrefectureCode, s.Municipality, s.Name, s.Phone);
        }

        private Whereabouts Place(WhereaboutsType type, DemoTownPlaces.Place[]? places)
        {
            if (places is not null)
            {
                var place = Pick(places);
                return new Whereabouts(type, place.PrefectureCode, place.Municipality, place.Name, null);
            }
            var prefecture = DemoTownPlaces.Prefectures[PickIndex(random, prefectureCumulative)];
            var name = type switch
            {
                WhereaboutsType.RelativeHome => Pick(DemoTownPlaces.RelativeHomes),
                WhereaboutsType.LeasedHousing => Pick(DemoTownPlaces.LeasedHousing),
                _ => Pick(DemoTownPlaces.OtherPlaces),
            };
            return new Whereabouts(type, prefecture.Code, Pick(prefecture.Municipalities), name, null);
        }

        private string Site() => Chance(0.7) ? "会津若松" : "いわき";

        private string Mobile() => string.Create(CultureInfo.InvariantCulture,
            $"{Pick(["090", "080", "070"])}-{Between(1000, 9999)}-{Between(0, 9999):D4}");

        private string Landline() => string.Create(CultureInfo.InvariantCulture,
            $"{Pick(["0242", "024", "0246"])}-{Between(20, 99)}-{Between(0, 9999):D4}");
    }
}
