using CallCenter.Data.Common;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;
using CallCenter.Web.Security;

namespace CallCenter.Web.Api;

/// <summary>A resident as the API returns it.</summary>
public sealed record ResidentJson(
    string ResidentNo,
    string Name,
    string NameKana,
    string? BirthDate,
    string? HouseholdNo,
    string? District,
    string Status,
    WhereaboutsJson? Whereabouts)
{
    public static ResidentJson From(ResidentSummary r) => new(
        r.ResidentNo,
        $"{r.FamilyName} {r.GivenName}",
        $"{r.FamilyNameKana} {r.GivenNameKana}",
        r.BirthDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        r.HouseholdNo,
        r.District,
        r.Status.Label(),
        r.WhereaboutsType is { } type
            ? new WhereaboutsJson(type.Label(), Prefectures.Name(r.PrefectureCode), r.Municipality, r.Place, r.ContactPhone,
                r.StatusReportedAt?.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture))
            : null);
}

/// <summary>Where a resident is now, as the API returns it.</summary>
public sealed record WhereaboutsJson(string Type, string? Prefecture, string? Municipality, string? Place, string? ContactPhone, string? AsOf);

/// <summary>Resident look-ups for other systems (a PBX screen-pop): read-scope API key.</summary>
public static class ResidentApi
{
    public const int MaxQueryLength = 200;

    public static RouteGroupBuilder MapResidentApi(this RouteGroupBuilder api)
    {
        api.MapGet("/residents/search", SearchAsync).RequireAuthorization(Policies.ApiRead);
        api.MapGet("/residents/by-phone/{phone}", ByPhoneAsync).RequireAuthorization(Policies.ApiRead);
        return api;
    }

    private static async Task<IResult> SearchAsync(string? q, string? limit, ResidentSearch search, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(q))
        {
            return BadRequest("q is required: a name, reading, romaji, birth date, phone or resident number.");
        }
        if (q.Length > MaxQueryLength)
        {
            return BadRequest($"q must be at most {MaxQueryLength} characters.");
        }
        var take = 20;
        if (limit is not null && (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out take)
            || take < 1 || take > ResidentSearch.MaxLimit))
        {
            return BadRequest($"limit must be a whole number from 1 to {ResidentSearch.MaxLimit}.");
        }
        if (SearchQuery.Parse(q).IsEmpty)
        {
            return BadRequest("q has nothing to search for.");
        }
        var hits = await search.SearchAsync(q, take, cancellationToken);
        return Results.Ok(hits.Select(h => ResidentJson.From(h.Resident)));
    }

    private static async Task<IResult> ByPhoneAsync(string phone, PhoneLookup lookup, CancellationToken cancellationToken)
    {
        if (PhoneLookup.KeyOf(phone) is null)
        {
            return BadRequest("phone must be a phone number (digits, optionally with hyphens, spaces or +81).");
        }
        var matches = await lookup.FindAsync(phone, cancellationToken);
        return Results.Ok(matches.Select(ResidentJson.From));
    }

    private static IResult BadRequest(string message) => Results.BadRequest(new { error = message });
}
