using CallCenter.Data.Common;

namespace CallCenter.Data.Residents;

/// <summary>
/// The residents known by a phone number: their own number or the contact number of their current whereabouts. What
/// a PBX screen-pop asks, through the HTTP API (<c>/api/residents/by-phone/{phone}</c>) and the page <c>/calls/new?phone=</c>;
/// the look-up itself is the search's phone stage (<see cref="ResidentSearch"/>), kept to exact number matches.
/// </summary>
public sealed class PhoneLookup(ResidentSearch search)
{
    /// <summary>The matching key of a phone number as typed or sent (6–15 digits), or null when it is not one.</summary>
    public static string? KeyOf(string? phone) => PhoneNumbers.Key(phone) is { Length: >= 6 and <= 15 } key ? key : null;

    /// <summary>The residents whose own or whereabouts contact number is <paramref name="phone"/>; empty when it is not a phone number.</summary>
    public Task<IReadOnlyList<ResidentSummary>> FindAsync(string? phone, CancellationToken cancellationToken = default) =>
        FindAsync(phone, Towns.TownScope.All, cancellationToken);

    /// <summary>The residents of <paramref name="scope"/>'s towns whose own or whereabouts contact number is <paramref name="phone"/>.</summary>
    public async Task<IReadOnlyList<ResidentSummary>> FindAsync(string? phone, Towns.TownScope scope, CancellationToken cancellationToken = default)
    {
        if (KeyOf(phone) is not { } key)
        {
            return [];
        }
        var hits = await search.SearchAsync(key, scope, ResidentSearch.MaxLimit, cancellationToken);
        return [.. hits.Select(h => h.Resident)
            .Where(r => PhoneNumbers.Key(r.Phone) == key || PhoneNumbers.Key(r.ContactPhone) == key)];
    }
}
