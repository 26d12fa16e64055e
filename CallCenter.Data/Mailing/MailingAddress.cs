using System.Globalization;
using System.Text;
using CallCenter.Data.Common;
using CallCenter.Data.Reports;

namespace CallCenter.Data.Mailing;

/// <summary>Where an address came from (MailingAddresses.Source).</summary>
public enum MailingSource : byte
{
    /// <summary>通話: heard in a call.</summary>
    Call = 1,
    /// <summary>取込: an imported file.</summary>
    Import = 2,
    /// <summary>画面: entered on the resident page.</summary>
    Screen = 3,
}

/// <summary>
/// An address to record for a household (送付先), as typed or read from a file: the fields as given, checked and
/// normalized by <see cref="MailingAddressRules.Check"/>.
/// </summary>
/// <param name="HouseholdId">The household it is for.</param>
/// <param name="Addressee">宛名 (required, ≤ 60).</param>
/// <param name="PostalCode">郵便番号: 7 digits, with or without the hyphen, half- or full-width.</param>
/// <param name="Address1">住所1: 都道府県・市区町村・番地 (required, ≤ 120).</param>
/// <param name="Address2">住所2: 建物・部屋 (optional, ≤ 120).</param>
/// <param name="ConfirmedOn">確認日 as typed (western or 和暦), optional, not in the future.</param>
public sealed record MailingAddressDraft(int HouseholdId, string? Addressee, string? PostalCode, string? Address1, string? Address2 = null,
    string? ConfirmedOn = null);

/// <summary>A checked address, ready to write: the postal code as 7 digits, the texts trimmed.</summary>
/// <param name="HouseholdId">The household.</param>
/// <param name="Addressee">宛名.</param>
/// <param name="PostalCode">7 digits, no hyphen.</param>
/// <param name="Address1">住所1.</param>
/// <param name="Address2">住所2, or null.</param>
/// <param name="ConfirmedOn">確認日, or null.</param>
public sealed record MailingAddressValue(int HouseholdId, string Addressee, string PostalCode, string Address1, string? Address2, DateOnly? ConfirmedOn)
{
    /// <summary>Whether <paramref name="other"/> is the same address (every field equal; the household aside).</summary>
    public bool SameAs(MailingAddress? other) => other is not null && other.Addressee == Addressee && other.PostalCode == PostalCode
        && other.Address1 == Address1 && (other.Address2 ?? "") == (Address2 ?? "") && other.ConfirmedOn == ConfirmedOn;
}

/// <summary>A recorded address of a household (one row of its history).</summary>
/// <param name="AddressId">Its id.</param>
/// <param name="HouseholdId">The household.</param>
/// <param name="Addressee">宛名.</param>
/// <param name="PostalCode">7 digits.</param>
/// <param name="Address1">住所1.</param>
/// <param name="Address2">住所2, or null.</param>
/// <param name="ConfirmedOn">確認日, or null.</param>
/// <param name="Source">通話, 取込 or 画面.</param>
/// <param name="CallId">The call it was heard in, or null.</param>
/// <param name="RecordedAt">When (UTC).</param>
/// <param name="RecordedBy">Who (display name), or null (the command line, the system).</param>
public sealed record MailingAddress(long AddressId, int HouseholdId, string Addressee, string PostalCode, string Address1, string? Address2,
    DateOnly? ConfirmedOn, MailingSource Source, long? CallId, DateTime RecordedAt, string? RecordedBy)
{
    // For Dapper: SQLite returns every integer as Int64; with this constructor Dapper sets the properties and converts.
    private MailingAddress() : this(0, 0, "", "", "", null, null, MailingSource.Screen, null, default, null)
    {
    }

    /// <summary>〒979-1306.</summary>
    public string PostalCodeDisplay => PostalCodes.Display(PostalCode);

    /// <summary>住所1 and 住所2 on one line.</summary>
    public string FullAddress => Address2 is { Length: > 0 } a2 ? $"{Address1}　{a2}" : Address1;

    /// <summary>「通話」「取込」「画面」.</summary>
    public string SourceLabel => MailingAddressRules.Label(Source);
}

/// <summary>A household's current address and whether letters to it come back (宛所不明).</summary>
/// <param name="Address">The latest recorded address.</param>
/// <param name="ReturnedOn">Since when letters come back, or null.</param>
public sealed record CurrentMailingAddress(MailingAddress Address, DateOnly? ReturnedOn)
{
    /// <summary>宛所不明: a returned letter was recorded after this address.</summary>
    public bool IsReturned => ReturnedOn is not null;
}

/// <summary>
/// The rules of a mailing address: field lengths, the postal code's form, the date; and which whereabouts types are
/// home-like (where the call form offers 「送付先」).
/// </summary>
public static class MailingAddressRules
{
    /// <summary>The longest 宛名.</summary>
    public const int MaxAddresseeLength = 60;

    /// <summary>The longest 住所1 and 住所2.</summary>
    public const int MaxAddressLength = 120;

    /// <summary>
    /// Whereabouts kinds whose place is a dwelling the household receives post at: 自宅, 仮設住宅, 借上げ住宅, and
    /// 親族・知人宅 (post reaches it 「〇〇様方」). Not: 避難所, 旅館・ホテル, 病院, 福祉施設 (stays, where post is not
    /// forwarded for long), 海外 (the town posts within Japan), その他, 不明.
    /// </summary>
    public static bool IsHomeLike(WhereaboutsType? type) =>
        type is WhereaboutsType.Home or WhereaboutsType.TemporaryHousing or WhereaboutsType.LeasedHousing or WhereaboutsType.RelativeHome;

    /// <summary>「通話」「取込」「画面」.</summary>
    public static string Label(MailingSource source) => source switch
    {
        MailingSource.Call => "通話",
        MailingSource.Import => "取込",
        MailingSource.Screen => "画面",
        _ => source.ToString(),
    };

    /// <summary>
    /// Checks a draft against <paramref name="today"/> (Japan date). Returns the normalized value, or null with every
    /// problem as (field, message in Japanese). Fields: addressee, postalCode, address1, address2, confirmedOn.
    /// </summary>
    public static MailingAddressValue? Check(MailingAddressDraft draft, DateOnly today, List<(string Field, string Message)> errors)
    {
        var before = errors.Count;
        var addressee = Text(draft.Addressee, "addressee", "宛名", MaxAddresseeLength, true, errors);
        var postal = PostalCodes.Normalize(draft.PostalCode);
        if (string.IsNullOrWhiteSpace(draft.PostalCode))
        {
            errors.Add(("postalCode", "郵便番号を入力してください。"));
        }
        else if (postal is null)
        {
            errors.Add(("postalCode", $"郵便番号は7桁の数字で入力してください（{Clip(draft.PostalCode.Trim())}）。"));
        }
        var address1 = Text(draft.Address1, "address1", "住所1", MaxAddressLength, true, errors);
        var address2 = Text(draft.Address2, "address2", "住所2", MaxAddressLength, false, errors);
        var confirmed = ConfirmedOn(draft.ConfirmedOn, today, out var dateError);
        if (dateError is not null)
        {
            errors.Add(("confirmedOn", dateError));
        }
        return errors.Count > before ? null : new MailingAddressValue(draft.HouseholdId, addressee!, postal!, address1!, address2, confirmed);
    }

    /// <summary>確認日: empty (null), or a western or 和暦 date not after <paramref name="today"/>; else an error in Japanese.</summary>
    public static DateOnly? ConfirmedOn(string? text, DateOnly today, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (!JapaneseDates.TryParse(text.Trim(), out var date, out var parseError))
        {
            error = $"確認日：{parseError ?? $"日付として読めません（{Clip(text.Trim())}）"}。";
            return null;
        }
        if (date > today)
        {
            error = $"確認日が未来の日付です（{JapaneseDates.FormatWestern(date)}）。";
            return null;
        }
        return date;
    }

    private static string? Text(string? value, string field, string label, int max, bool required, List<(string, string)> errors)
    {
        var text = value?.Trim(' ', '\t', '\u3000');
        if (string.IsNullOrEmpty(text))
        {
            if (required)
            {
                errors.Add((field, $"{label}を入力してください。"));
            }
            return null;
        }
        if (text.Length > max)
        {
            errors.Add((field, $"{label}は{max}文字以内にしてください（{text.Length}文字）。"));
            return null;
        }
        if (TextSafety.FieldProblem(label, text) is { } problem)
        {
            errors.Add((field, problem));
            return null;
        }
        return text;
    }

    private static string Clip(string text) => text.Length > 20 ? text[..20] + "…" : text;
}
