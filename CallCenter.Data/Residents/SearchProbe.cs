namespace CallCenter.Data.Residents;

/// <summary>The orders the in-process index keeps, one per SQL index a search look-up walks.</summary>
internal enum SearchOrder
{
    /// <summary>(FamilyKanaKey, GivenKanaKey, BirthDate, ResidentId): IX_Residents_FamilyKanaKey.</summary>
    FamilyKana,
    /// <summary>(GivenKanaKey, BirthDate, ResidentId): IX_Residents_GivenKanaKey.</summary>
    GivenKana,
    /// <summary>(KanaKey, BirthDate, ResidentId): IX_Residents_KanaKey.</summary>
    Kana,
    /// <summary>(FamilyNameKey, GivenNameKey, BirthDate, ResidentId): IX_Residents_FamilyNameKey.</summary>
    FamilyName,
    /// <summary>(GivenNameKey, BirthDate, ResidentId): IX_Residents_GivenNameKey.</summary>
    GivenName,
    /// <summary>(NameKey, BirthDate, ResidentId): IX_Residents_NameKey.</summary>
    Name,
    /// <summary>(FamilyNameKey, GivenKanaKey, BirthDate, ResidentId): IX_Residents_FamilyNameKey_GivenKanaKey.</summary>
    FamilyNameGivenKana,
    /// <summary>(BirthDate, ResidentId): IX_Residents_BirthDate.</summary>
    BirthDate,
    /// <summary>ResidentNo (unique).</summary>
    ResidentNo,
    /// <summary>(HouseholdNo, ResidentId): the members of a household by its number.</summary>
    HouseholdNo,
    /// <summary>
    /// Not held in memory: the resident's own or whereabouts-contact phone (the contact changes with every report, which
    /// moves no register stamp). ByPhoneSql is read from the database by ids only, and its rows are taken from the index.
    /// </summary>
    Phone,
}

/// <summary>
/// What one SQL look-up of <see cref="ResidentSearch"/> reads, said so that the in-process index can read the same
/// rows in the same order: an order, an optional equality on its first column, an optional prefix range
/// (<c>key &gt;= Key AND key &lt; KeyEnd</c>) on the next one, an optional birth period filter, at most
/// <see cref="Take"/> rows. A look-up the index cannot answer exactly (a place word) has no probe.
/// </summary>
internal sealed record SearchProbe(SearchOrder Order)
{
    /// <summary>The first column equals this (family key of a pair look-up, a number, a birth date's day number).</summary>
    public string? Equal { get; init; }

    /// <summary>The start of the prefix range (inclusive), on the first column or, after <see cref="Equal"/>, the second.</summary>
    public string? Key { get; init; }

    /// <summary>Only rows born in this period.</summary>
    public BirthPeriod? Within { get; init; }

    /// <summary>Only rows born on this day (ByBirthDateSql).</summary>
    public DateOnly? BornOn { get; init; }

    /// <summary>At most this many rows; null for the number look-up, which has no limit.</summary>
    public int? Take { get; init; }
}
