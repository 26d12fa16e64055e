using CallCenter.Data.Mailing;

namespace CallCenter.Web.Components.Pages.Mailing;

/// <summary>
/// The 「送付先」 fields as typed (call form and resident page): prefilled from the household's current address, the
/// postal code filling an empty 住所1 from Japan Post's list, and the warning when 住所1 is not in the code's area.
/// Only an opened form (<see cref="Editing"/>) is saved.
/// </summary>
public sealed class MailingAddressForm
{
    /// <summary>The household.</summary>
    public required int HouseholdId { get; init; }

    /// <summary>The current address when the form opened, or null.</summary>
    public CurrentMailingAddress? Current { get; init; }

    /// <summary>The operator opened the fields: the address is saved with the call (an identical one writes nothing).</summary>
    public bool Editing { get; private set; }

    public string? Addressee { get; set; }
    public string? PostalCode { get; private set; }
    public string? Address1 { get; set; }
    public string? Address2 { get; set; }
    public string? ConfirmedOn { get; set; }

    /// <summary>The form for a household, its fields the current address (〒 as 979-1306).</summary>
    public static MailingAddressForm For(int householdId, CurrentMailingAddress? current) => new() { HouseholdId = householdId, Current = current };

    /// <summary>
    /// Opens the fields: the current address; without one, 宛名 and 住所1 suggested from the call (the head's name, the
    /// reported home's 都道府県・市区町村・場所), 確認日 today.
    /// </summary>
    public void Open(string? addressee, string? address1, DateOnly today)
    {
        if (Current?.Address is { } a)
        {
            (Addressee, PostalCode, Address1, Address2) = (a.Addressee, PostalCodes.Display(a.PostalCode).TrimStart('〒'), a.Address1, a.Address2);
        }
        else
        {
            (Addressee, Address1) = (addressee, address1);
        }
        ConfirmedOn = Data.Common.JapaneseDates.FormatWestern(today);
        Editing = true;
    }

    /// <summary>Closes the fields: nothing is saved.</summary>
    public void Close() => Editing = false;

    /// <summary>Sets the postal code; when 住所1 is empty and the code is known, fills it with the code's 都道府県・市区町村・町域.</summary>
    public void SetPostalCode(string? value)
    {
        PostalCode = value;
        if (string.IsNullOrWhiteSpace(Address1) && PostalCodes.Find(value) is { } place)
        {
            Address1 = place.Address;
        }
    }

    /// <summary>The postal code's 都道府県・市区町村・町域 as the list knows it (shown beside the field), or null.</summary>
    public string? Place => PostalCodes.Find(PostalCode)?.Address;

    /// <summary>The warning (not a refusal) when 住所1 does not start with the code's 都道府県 + 市区町村.</summary>
    public string? Warning => Editing ? PostalCodes.Mismatch(PostalCode, Address1) : null;

    /// <summary>The draft to save, or null when the fields are not open.</summary>
    public MailingAddressDraft? ToDraft() => Editing ? new(HouseholdId, Addressee, PostalCode, Address1, Address2, ConfirmedOn) : null;
}
