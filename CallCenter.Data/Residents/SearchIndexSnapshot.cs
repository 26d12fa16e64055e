namespace CallCenter.Data.Residents;

/// <summary>The register's change stamp: the counter the search-relevant triggers bump, and the newest resident.</summary>
internal readonly record struct SearchStamp(long Version, long LastResidentId);

/// <summary>One resident as the index reads it: what search look-ups and ranking use, nothing shown to operators.</summary>
internal sealed class SearchIndexRow
{
    public int ResidentId { get; init; }
    public string ResidentNo { get; init; } = "";
    public int? HouseholdId { get; init; }
    public string? HouseholdNo { get; init; }
    public string FamilyName { get; init; } = "";
    public string GivenName { get; init; } = "";
    public string FamilyNameKana { get; init; } = "";
    public string GivenNameKana { get; init; } = "";
    public DateOnly? BirthDate { get; init; }
    public string FamilyNameKey { get; init; } = "";
    public string GivenNameKey { get; init; } = "";
    public string NameKey { get; init; } = "";
    public string FamilyKanaKey { get; init; } = "";
    public string GivenKanaKey { get; init; } = "";
    public string KanaKey { get; init; } = "";
    public int? MergedIntoResidentId { get; init; }
    public int TownId { get; init; }
}

/// <summary>
/// The append-only columns behind the snapshots: a slot, once written, never changes, so a snapshot reads its slots
/// (those below its count) while the next refresh appends new ones. A changed resident gets a new slot; its old slot
/// leaves every order. Names are interned in a pool (ids, 4 bytes a column); the full-name keys are kept only when they
/// differ from family key + given key, which they almost never do.
/// </summary>
internal sealed class SearchColumns
{
    private readonly Dictionary<string, int> interned = new(StringComparer.Ordinal);
    public string[] Pool = new string[1024];
    public int PoolCount;

    public int Count;
    public int[] Ids = [];
    public int[] FamilyName = [];
    public int[] GivenName = [];
    public int[] FamilyNameKana = [];
    public int[] GivenNameKana = [];
    public int[] FamilyNameKey = [];
    public int[] GivenNameKey = [];
    public int[] FamilyKanaKey = [];
    public int[] GivenKanaKey = [];
    public int[] Birth = [];
    // Resident numbers, unique per resident, packed end to end: number of slot s is NoChars[NoStart[s]..NoStart[s + 1]].
    public char[] NoChars = new char[8192];
    public int[] NoStart = [0];
    public string?[] HouseholdNos = [];
    public bool[] Merged = [];
    // The resident's town (never changes: a household never spans towns, and a register is imported per town).
    public int[] Town = [];

    /// <summary>Slot of each resident id (refresh side only); -1 for none.</summary>
    public int[] SlotOfId = [];

    public const int NoBirth = int.MinValue;

    public int Append(SearchIndexRow row, Dictionary<int, string> nameKeys, Dictionary<int, string> kanaKeys,
        Dictionary<string, string> householdNos)
    {
        if (Count == Ids.Length)
        {
            // An eighth more, not twice: a million residents leave little unused room.
            Grow(Math.Max(1024, Ids.Length + Ids.Length / 8));
        }
        var slot = Count;
        Ids[slot] = row.ResidentId;
        FamilyName[slot] = Intern(row.FamilyName);
        GivenName[slot] = Intern(row.GivenName);
        FamilyNameKana[slot] = Intern(row.FamilyNameKana);
        GivenNameKana[slot] = Intern(row.GivenNameKana);
        FamilyNameKey[slot] = Intern(row.FamilyNameKey);
        GivenNameKey[slot] = Intern(row.GivenNameKey);
        FamilyKanaKey[slot] = Intern(row.FamilyKanaKey);
        GivenKanaKey[slot] = Intern(row.GivenKanaKey);
        Birth[slot] = row.BirthDate is { } born ? born.DayNumber : NoBirth;
        if (NoStart[slot] + row.ResidentNo.Length > NoChars.Length)
        {
            var grown = new char[Math.Max(NoChars.Length + NoChars.Length / 8, NoStart[slot] + row.ResidentNo.Length)];
            Array.Copy(NoChars, grown, NoStart[slot]);
            NoChars = grown;
        }
        row.ResidentNo.CopyTo(NoChars.AsSpan(NoStart[slot]));
        NoStart[slot + 1] = NoStart[slot] + row.ResidentNo.Length;
        HouseholdNos[slot] = row.HouseholdNo is null ? null
            : householdNos.TryGetValue(row.HouseholdNo, out var shared) ? shared
            : householdNos[row.HouseholdNo] = row.HouseholdNo;
        Merged[slot] = row.MergedIntoResidentId is not null;
        Town[slot] = row.TownId;
        if (!IsConcatenation(row.NameKey, row.FamilyNameKey, row.GivenNameKey))
        {
            nameKeys[slot] = row.NameKey;
        }
        if (!IsConcatenation(row.KanaKey, row.FamilyKanaKey, row.GivenKanaKey))
        {
            kanaKeys[slot] = row.KanaKey;
        }
        if (row.ResidentId >= SlotOfId.Length)
        {
            var grown = new int[Math.Max(row.ResidentId + 1, SlotOfId.Length + SlotOfId.Length / 8 + 1024)];
            Array.Fill(grown, -1);
            SlotOfId.CopyTo(grown, 0);
            SlotOfId = grown;
        }
        SlotOfId[row.ResidentId] = slot;
        Count++;
        return slot;
    }

    private static bool IsConcatenation(string full, string first, string second) =>
        full.Length == first.Length + second.Length && full.AsSpan().StartsWith(first, StringComparison.Ordinal)
        && full.AsSpan(first.Length).SequenceEqual(second);

    private int Intern(string text)
    {
        if (interned.TryGetValue(text, out var id))
        {
            return id;
        }
        if (PoolCount == Pool.Length)
        {
            // A new array: snapshots keep reading the old one, which holds every id they know.
            var grown = new string[Pool.Length * 2];
            Array.Copy(Pool, grown, PoolCount);
            Pool = grown;
        }
        Pool[PoolCount] = text;
        interned[text] = PoolCount;
        return PoolCount++;
    }

    /// <summary>After a full load: room for a few more residents, not a doubling's worth.</summary>
    public void Trim()
    {
        Grow(Count + Count / 64 + 1024);
        Array.Resize(ref NoChars, NoStart[Count] + NoStart[Count] / 64 + 8192);
    }

    private void Grow(int size)
    {
        // New arrays, never a resize in place: a published snapshot keeps the arrays it was made with.
        Ids = Copy(Ids, size);
        FamilyName = Copy(FamilyName, size);
        GivenName = Copy(GivenName, size);
        FamilyNameKana = Copy(FamilyNameKana, size);
        GivenNameKana = Copy(GivenNameKana, size);
        FamilyNameKey = Copy(FamilyNameKey, size);
        GivenNameKey = Copy(GivenNameKey, size);
        FamilyKanaKey = Copy(FamilyKanaKey, size);
        GivenKanaKey = Copy(GivenKanaKey, size);
        Birth = Copy(Birth, size);
        var starts = new int[size + 1];
        Array.Copy(NoStart, starts, Count + 1);
        NoStart = starts;
        HouseholdNos = Copy(HouseholdNos, size);
        Merged = Copy(Merged, size);
        Town = Copy(Town, size);
    }

    private T[] Copy<T>(T[] array, int size)
    {
        var grown = new T[size];
        Array.Copy(array, grown, Count);
        return grown;
    }
}

/// <summary>
/// One immutable view of the index: the columns up to its count and, per <see cref="SearchOrder"/>, the live slots in
/// the order the SQL index walks them (its key columns in code-point order, as SQLite's BINARY collation compares
/// UTF-8, then the birth date, then the resident id, as SQLite breaks ties in an index). A look-up is a binary search
/// and a short walk.
/// <para>
/// Each order is two sorted runs: a base run, built by a full load or a compaction and shared by every snapshot made
/// from it, and a small run of the slots added since (changed or new residents). A changed resident's old slot stays in
/// its run and is skipped (a slot is live when its resident's slot is that slot); the resident's slot is looked up in
/// the base map, shared too, after a small map of the residents moved since. So a refresh of n changed residents sorts
/// n slots and copies only the small runs and map, never the million-row orders; once
/// <see cref="CompactAfter"/> residents have moved, <see cref="Compact"/> merges everything into new base runs.
/// </para>
/// </summary>
internal sealed class SearchIndexSnapshot
{
    /// <summary>Residents moved since the base runs before a refresh compacts them (its copies stay this small).</summary>
    public const int CompactAfter = 4096;

    private static readonly Dictionary<int, int> NoneMoved = [];
    private static readonly int[] NoSlots = [];

    private readonly string[] pool;
    private readonly int[] ids, familyName, givenName, familyNameKana, givenNameKana, familyNameKey, givenNameKey, familyKanaKey,
        givenKanaKey, birth, noStart;
    private readonly char[] noChars;
    private readonly string?[] householdNos;
    private readonly bool[] merged;
    private readonly int[] town;
    private readonly IReadOnlyDictionary<int, string> nameKeys, kanaKeys;
    private readonly int[][] baseOrders, addedOrders;
    // The slot of each resident id when the base runs were built (shared, never written), and of those moved since.
    private readonly int[] baseSlotOfId;
    private readonly Dictionary<int, int> moved;
    // Base slots that are no longer live: one per moved resident that had a base slot.
    private readonly int deadInBase;

    private SearchIndexSnapshot(SearchColumns columns, SearchStamp stamp, int[][] baseOrders, int[][] addedOrders,
        int[] baseSlotOfId, Dictionary<int, int> moved, IReadOnlyDictionary<int, string> nameKeys, IReadOnlyDictionary<int, string> kanaKeys)
    {
        pool = columns.Pool;
        ids = columns.Ids;
        familyName = columns.FamilyName;
        givenName = columns.GivenName;
        familyNameKana = columns.FamilyNameKana;
        givenNameKana = columns.GivenNameKana;
        familyNameKey = columns.FamilyNameKey;
        givenNameKey = columns.GivenNameKey;
        familyKanaKey = columns.FamilyKanaKey;
        givenKanaKey = columns.GivenKanaKey;
        birth = columns.Birth;
        noStart = columns.NoStart;
        noChars = columns.NoChars;
        householdNos = columns.HouseholdNos;
        merged = columns.Merged;
        town = columns.Town;
        this.nameKeys = nameKeys;
        this.kanaKeys = kanaKeys;
        this.baseOrders = baseOrders;
        this.addedOrders = addedOrders;
        this.baseSlotOfId = baseSlotOfId;
        this.moved = moved;
        foreach (var id in moved.Keys)
        {
            if (id < baseSlotOfId.Length && baseSlotOfId[id] >= 0)
            {
                deadInBase++;
            }
        }
        Stamp = stamp;
    }

    /// <summary>The register stamp this snapshot was read at.</summary>
    public SearchStamp Stamp { get; }

    /// <summary>Residents in the index (merged ones included: the SQL look-ups count them against their limit too).</summary>
    public int Residents => baseOrders[(int)SearchOrder.BirthDate].Length - deadInBase + addedOrders[(int)SearchOrder.BirthDate].Length;

    /// <summary>Residents moved (changed or added) since the base runs were built.</summary>
    public int Moved => moved.Count;

    /// <summary>The base run of an order (tests: a refresh shares it rather than copying it).</summary>
    internal int[] BaseRun(SearchOrder order) => baseOrders[(int)order];

    /// <summary>Every order built from scratch (a full load).</summary>
    public static SearchIndexSnapshot Build(SearchColumns columns, SearchStamp stamp, Dictionary<int, string> nameKeys,
        Dictionary<int, string> kanaKeys)
    {
        var orders = new int[(int)SearchOrder.Phone][];
        var added = Enumerable.Repeat(NoSlots, orders.Length).ToArray();
        var shell = new SearchIndexSnapshot(columns, stamp, orders, added, (int[])columns.SlotOfId.Clone(), NoneMoved, nameKeys, kanaKeys);
        var all = Enumerable.Range(0, columns.Count).ToArray();
        foreach (var order in Enum.GetValues<SearchOrder>().Where(o => o != SearchOrder.Phone))
        {
            orders[(int)order] = shell.Sorted(order, all);
        }
        return shell;
    }

    /// <summary>
    /// This snapshot with <paramref name="added"/> slots (changed or new residents, each at its new slot in
    /// <paramref name="columns"/>) merged into the small runs; the old slots of changed residents leave every order
    /// by being no longer live. Costs the changed rows' sort and the small runs' copy; the base runs are shared.
    /// </summary>
    public SearchIndexSnapshot With(SearchColumns columns, SearchStamp stamp, int[] added,
        Dictionary<int, string> nameKeys, Dictionary<int, string> kanaKeys)
    {
        var movedNow = new Dictionary<int, int>(moved);
        foreach (var slot in added)
        {
            movedNow[columns.Ids[slot]] = slot;
        }
        var addedNow = new int[addedOrders.Length][];
        var next = new SearchIndexSnapshot(columns, stamp, baseOrders, addedNow, baseSlotOfId, movedNow, nameKeys, kanaKeys);
        // A resident read twice in one refresh keeps its last slot only.
        var fresh = Array.FindAll(added, next.IsLive);
        foreach (var order in Enum.GetValues<SearchOrder>().Where(o => o != SearchOrder.Phone))
        {
            var kept = Array.FindAll(addedOrders[(int)order], next.IsLive);
            addedNow[(int)order] = next.Merge(order, kept, next.Sorted(order, fresh), dead: null);
        }
        return next;
    }

    /// <summary>The same view with every order in one base run again and no moved residents (same results).</summary>
    public SearchIndexSnapshot Compact(SearchColumns columns)
    {
        var slotOfId = (int[])baseSlotOfId.Clone();
        if (moved.Count > 0)
        {
            var top = moved.Keys.Max();
            if (top >= slotOfId.Length)
            {
                var grown = new int[top + 1];
                Array.Fill(grown, -1);
                slotOfId.CopyTo(grown, 0);
                slotOfId = grown;
            }
            foreach (var (id, slot) in moved)
            {
                slotOfId[id] = slot;
            }
        }
        // The base slots that left, as a mask: a million-row run is filtered by an array read per slot, not a map look-up.
        bool[]? dead = null;
        if (deadInBase > 0)
        {
            dead = new bool[ids.Length];
            foreach (var id in moved.Keys)
            {
                if (id < baseSlotOfId.Length && baseSlotOfId[id] >= 0)
                {
                    dead[baseSlotOfId[id]] = true;
                }
            }
        }
        var orders = new int[baseOrders.Length][];
        foreach (var order in Enum.GetValues<SearchOrder>().Where(o => o != SearchOrder.Phone))
        {
            orders[(int)order] = Merge(order, baseOrders[(int)order], addedOrders[(int)order], dead);
        }
        return new SearchIndexSnapshot(columns, Stamp, orders, Enumerable.Repeat(NoSlots, orders.Length).ToArray(), slotOfId,
            NoneMoved, nameKeys, kanaKeys);
    }

    /// <summary>
    /// <paramref name="few"/> (sorted, live) merged into <paramref name="run"/> (sorted): a binary search per one of the
    /// few, the run copied around them, the slots <paramref name="dead"/> marks left out.
    /// </summary>
    private int[] Merge(SearchOrder order, int[] run, int[] few, bool[]? dead)
    {
        if (few.Length == 0 && dead is null)
        {
            return run;
        }
        var result = new int[run.Length + few.Length];
        var (from, to) = (0, 0);
        foreach (var slot in few)
        {
            var at = LowerBound(run, from, run.Length, s => CompareSlots(order, s, slot) < 0);
            to = CopyRun(run, from, at, result, to, dead);
            result[to++] = slot;
            from = at;
        }
        to = CopyRun(run, from, run.Length, result, to, dead);
        return to == result.Length ? result : result[..to];
    }

    private static int CopyRun(int[] run, int from, int until, int[] result, int to, bool[]? dead)
    {
        if (dead is null)
        {
            Array.Copy(run, from, result, to, until - from);
            return to + until - from;
        }
        for (var i = from; i < until; i++)
        {
            if (!dead[run[i]])
            {
                result[to++] = run[i];
            }
        }
        return to;
    }

    /// <summary>Whether a slot is its resident's current one in this view (a changed resident's old slot is not).</summary>
    private bool IsLive(int slot) => moved.Count == 0 || SlotOf(ids[slot]) == slot;

    private int[] Sorted(SearchOrder order, int[] slots)
    {
        var sorted = order is SearchOrder.HouseholdNo ? Array.FindAll(slots, s => householdNos[s] is not null) : (int[])slots.Clone();
        Array.Sort(sorted, (a, b) => CompareSlots(order, a, b));
        return sorted;
    }

    public int ResidentId(int slot) => ids[slot];

    private ReadOnlySpan<char> ResidentNo(int slot) => noChars.AsSpan(noStart[slot], noStart[slot + 1] - noStart[slot]);

    /// <summary>The slot of a resident, or -1 when the index does not know it (added after this snapshot).</summary>
    public int SlotOf(int residentId) => moved.Count > 0 && moved.TryGetValue(residentId, out var slot) ? slot
        : residentId >= 0 && residentId < baseSlotOfId.Length ? baseSlotOfId[residentId] : -1;

    public bool IsMerged(int slot) => merged[slot];

    /// <summary>The resident as ranking reads it (names, readings, keys, birth date, numbers); nothing shown.</summary>
    public ResidentSummary Summary(int slot) => new()
    {
        ResidentId = ids[slot],
        ResidentNo = ResidentNo(slot).ToString(),
        HouseholdNo = householdNos[slot],
        FamilyName = pool[familyName[slot]],
        GivenName = pool[givenName[slot]],
        FamilyNameKana = pool[familyNameKana[slot]],
        GivenNameKana = pool[givenNameKana[slot]],
        BirthDate = birth[slot] == SearchColumns.NoBirth ? null : DateOnly.FromDayNumber(birth[slot]),
        FamilyNameKey = pool[familyNameKey[slot]],
        GivenNameKey = pool[givenNameKey[slot]],
        NameKey = nameKeys.TryGetValue(slot, out var nameKey) ? nameKey : pool[familyNameKey[slot]] + pool[givenNameKey[slot]],
        FamilyKanaKey = pool[familyKanaKey[slot]],
        GivenKanaKey = pool[givenKanaKey[slot]],
        KanaKey = kanaKeys.TryGetValue(slot, out var kanaKey) ? kanaKey : pool[familyKanaKey[slot]] + pool[givenKanaKey[slot]],
    };

    /// <summary>
    /// The slots a look-up reads, in its order; null when the index cannot tell which rows SQL would return (more
    /// people born on one day than the look-up takes: SQL orders those by a sort whose ties it does not define).
    /// </summary>
    /// <param name="probe">The look-up.</param>
    /// <param name="towns">The towns whose residents count (indexed by TownId), or null for every town: as the SQL look-up's
    /// town condition, the others are skipped before the look-up's limit.</param>
    public List<int>? Read(SearchProbe probe, bool[]? towns = null)
    {
        var (run, few) = (baseOrders[(int)probe.Order], addedOrders[(int)probe.Order]);
        var (lo, hi) = Bounds(probe, run);
        var (fewLo, fewHi) = few.Length == 0 ? (0, 0) : Bounds(probe, few);
        var take = probe.Take ?? int.MaxValue;
        if (probe.BornOn is not null && LiveMoreThan(run, lo, hi, few, fewLo, fewHi, take, towns))
        {
            return null;
        }
        var slots = new List<int>(Math.Min(take, Math.Max(0, hi - lo + fewHi - fewLo)));
        var (i, j) = (lo, fewLo);
        while (slots.Count < take)
        {
            // The next slot of the two runs in the order's sort; the base run's dead slots skipped.
            if (i < hi && !IsLive(run[i]))
            {
                i++;
                continue;
            }
            int slot;
            if (i < hi && (j >= fewHi || CompareSlots(probe.Order, run[i], few[j]) < 0))
            {
                slot = run[i++];
            }
            else if (j < fewHi)
            {
                slot = few[j++];
            }
            else
            {
                break;
            }
            if (probe.Within is { } period
                && (birth[slot] == SearchColumns.NoBirth || birth[slot] < period.From.DayNumber || birth[slot] >= period.To.DayNumber))
            {
                continue;
            }
            if (!InScope(slot, towns))
            {
                continue;
            }
            slots.Add(slot);
        }
        return slots;
    }

    /// <summary>
    /// Whether [lo, hi) of a base run and [fewLo, fewHi) of the added run hold more than <paramref name="take"/> live slots
    /// of <paramref name="towns"/>.
    /// </summary>
    private bool LiveMoreThan(int[] run, int lo, int hi, int[] few, int fewLo, int fewHi, int take, bool[]? towns)
    {
        if (hi - lo + fewHi - fewLo <= take)
        {
            return false;
        }
        if (moved.Count == 0 && towns is null)
        {
            return true;
        }
        var live = 0;
        for (var j = fewLo; j < fewHi; j++)
        {
            if (InScope(few[j], towns))
            {
                live++;
            }
        }
        for (var i = lo; i < hi && live <= take; i++)
        {
            if (IsLive(run[i]) && InScope(run[i], towns))
            {
                live++;
            }
        }
        return live > take;
    }

    /// <summary>Whether the resident of <paramref name="slot"/> is of one of <paramref name="towns"/> (null: every town).</summary>
    public bool InScope(int slot, bool[]? towns) => towns is null || (town[slot] < towns.Length && towns[town[slot]]);

    /// <summary>The towns of <paramref name="scope"/> as <see cref="Read"/> takes them (null for every town).</summary>
    public static bool[]? Mask(Towns.TownScope scope)
    {
        if (scope.IsAll)
        {
            return null;
        }
        var ids = scope.TownIds ?? [];
        var mask = new bool[ids.Count == 0 ? 1 : ids.Max() + 1];
        foreach (var id in ids)
        {
            mask[id] = true;
        }
        return mask;
    }

    private (int Lo, int Hi) Bounds(SearchProbe probe, int[] order)
    {
        switch (probe.Order)
        {
            case SearchOrder.BirthDate:
                var (from, to) = probe.BornOn is { } day ? (day.DayNumber, day.DayNumber + 1)
                    : probe.Within is { } period ? (period.From.DayNumber, period.To.DayNumber)
                    : (int.MinValue + 1, int.MaxValue);
                return (LowerBound(order, 0, order.Length, s => birth[s] < from), LowerBound(order, 0, order.Length, s => birth[s] < to));
            case SearchOrder.ResidentNo or SearchOrder.HouseholdNo:
                var number = probe.Equal ?? "";
                return (LowerBound(order, 0, order.Length, s => CompareNumber(probe.Order, s, number) < 0),
                    LowerBound(order, 0, order.Length, s => CompareNumber(probe.Order, s, number) <= 0));
        }
        var key = probe.Key ?? "";
        var end = ResidentSearch.KeyEnd(key);
        if (probe.Equal is { } first)
        {
            return (LowerBound(order, 0, order.Length, s => ComparePair(probe.Order, s, first, key) < 0),
                LowerBound(order, 0, order.Length, s => ComparePair(probe.Order, s, first, end) < 0));
        }
        return (LowerBound(order, 0, order.Length, s => CompareLead(probe.Order, s, key) < 0),
            LowerBound(order, 0, order.Length, s => CompareLead(probe.Order, s, end) < 0));
    }

    /// <summary>The first index in [lo, hi) whose slot is not <paramref name="before"/> (false from there on).</summary>
    private int LowerBound(int[] order, int lo, int hi, Func<int, bool> before)
    {
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (before(order[mid]))
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    // The key an order leads with, as two parts whose concatenation is the key (the full-name keys are family + given).
    private (string, string) Lead(SearchOrder order, int slot) => order switch
    {
        SearchOrder.FamilyKana => (pool[familyKanaKey[slot]], ""),
        SearchOrder.GivenKana => (pool[givenKanaKey[slot]], ""),
        SearchOrder.Kana => kanaKeys.TryGetValue(slot, out var k) ? (k, "") : (pool[familyKanaKey[slot]], pool[givenKanaKey[slot]]),
        SearchOrder.FamilyName or SearchOrder.FamilyNameGivenKana => (pool[familyNameKey[slot]], ""),
        SearchOrder.GivenName => (pool[givenNameKey[slot]], ""),
        SearchOrder.Name => nameKeys.TryGetValue(slot, out var n) ? (n, "") : (pool[familyNameKey[slot]], pool[givenNameKey[slot]]),
        SearchOrder.HouseholdNo => (householdNos[slot] ?? "", ""),
        _ => ("", ""),
    };

    // The second key column of the orders that have one.
    private string? Second(SearchOrder order, int slot) => order switch
    {
        SearchOrder.FamilyKana or SearchOrder.FamilyNameGivenKana => pool[givenKanaKey[slot]],
        SearchOrder.FamilyName => pool[givenNameKey[slot]],
        _ => null,
    };

    private int CompareNumber(SearchOrder order, int slot, string number) => order == SearchOrder.ResidentNo
        ? CodePoints.Compare(ResidentNo(slot), "", number, "")
        : CodePoints.Compare(householdNos[slot] ?? "", "", number, "");

    private int CompareLead(SearchOrder order, int slot, string key)
    {
        var (a, b) = Lead(order, slot);
        return CodePoints.Compare(a, b, key, "");
    }

    private int ComparePair(SearchOrder order, int slot, string first, string second)
    {
        var lead = CompareLead(order, slot, first);
        return lead != 0 ? lead : CodePoints.Compare(Second(order, slot) ?? "", "", second, "");
    }

    private int CompareSlots(SearchOrder order, int a, int b)
    {
        if (order == SearchOrder.ResidentNo)
        {
            var byNumber = CodePoints.Compare(ResidentNo(a), "", ResidentNo(b), "");
            return byNumber != 0 ? byNumber : ids[a].CompareTo(ids[b]);
        }
        if (order != SearchOrder.BirthDate)
        {
            var (a1, a2) = Lead(order, a);
            var (b1, b2) = Lead(order, b);
            var lead = CodePoints.Compare(a1, a2, b1, b2);
            if (lead != 0)
            {
                return lead;
            }
            if (Second(order, a) is { } sa)
            {
                var second = CodePoints.Compare(sa, "", Second(order, b)!, "");
                if (second != 0)
                {
                    return second;
                }
            }
            if (order is SearchOrder.ResidentNo or SearchOrder.HouseholdNo)
            {
                return ids[a].CompareTo(ids[b]);
            }
        }
        var born = birth[a].CompareTo(birth[b]);
        return born != 0 ? born : ids[a].CompareTo(ids[b]);
    }
}

/// <summary>Strings compared by code point, as SQLite's BINARY collation compares their UTF-8 bytes.</summary>
internal static class CodePoints
{
    /// <summary>Compares the concatenation <paramref name="a1"/>+<paramref name="a2"/> with <paramref name="b1"/>+<paramref name="b2"/>.</summary>
    public static int Compare(ReadOnlySpan<char> a1, ReadOnlySpan<char> a2, ReadOnlySpan<char> b1, ReadOnlySpan<char> b2)
    {
        var (la, lb) = (a1.Length + a2.Length, b1.Length + b2.Length);
        var n = Math.Min(la, lb);
        for (var i = 0; i < n; i++)
        {
            var ca = i < a1.Length ? a1[i] : a2[i - a1.Length];
            var cb = i < b1.Length ? b1[i] : b2[i - b1.Length];
            if (ca != cb)
            {
                return Fix(ca) - Fix(cb);
            }
        }
        return la.CompareTo(lb);
    }

    // UTF-16 code units put surrogates (U+D800–DFFF) below U+E000–FFFF; code points put what they encode above.
    private static int Fix(char c) => c >= 0xD800 ? (c >= 0xE000 ? c - 0x800 : c + 0x2000) : c;
}
