namespace CallCenter.Data.Mailing;

/// <summary>One returned letter as the returned-mail page lists it: the household, the address it was sent to, when.</summary>
public sealed class ReturnedMailEntry
{
    /// <summary>The ReturnedMail row.</summary>
    public int ReturnId { get; init; }

    /// <summary>The household's town.</summary>
    public int TownId { get; init; }

    /// <summary>世帯番号.</summary>
    public string HouseholdNo { get; init; } = "";

    /// <summary>行政区.</summary>
    public string? District { get; init; }

    /// <summary>The date the letter came back (Japan date).</summary>
    public DateOnly ReturnedOn { get; init; }

    /// <summary>The clerk's note, or null.</summary>
    public string? Note { get; init; }

    /// <summary>When it was recorded (UTC).</summary>
    public DateTime RecordedAt { get; init; }

    /// <summary>Who recorded it (display name), or null.</summary>
    public string? RecordedByName { get; init; }

    /// <summary>The 宛名 the letter was sent to.</summary>
    public string Addressee { get; init; } = "";

    /// <summary>Its 郵便番号 (7 digits).</summary>
    public string PostalCode { get; init; } = "";

    /// <summary>Its 住所1.</summary>
    public string Address1 { get; init; } = "";

    /// <summary>Its 住所2, or null.</summary>
    public string? Address2 { get; init; }

    /// <summary>1 while this address is still the household's and still marked returned (no new address yet).</summary>
    public int StillReturned { get; init; }
}
