using CallCenter.Data.Common;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;
using CallCenter.Data.Towns;
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
    WhereaboutsJson? Whereabouts,
    TownJson? Town)
{
    public static ResidentJson From(ResidentSummary r, IReadOnlyList<Town> towns) => From(r) with
    {
        Town = towns.FirstOrDefault(t => t.TownId == r.TownId) is { } town ? new TownJson(town.Code, town.Name) : null,
    };

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
            : null,
        null);
}

/// <summary>The town whose register holds a resident: its 全国地方公共団体コード and name (always given, also with one town).</summary>
public sealed record TownJson(string Code, string Name);

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
        api.MapGet("/residents/{residentNo}", GetAsync).RequireAuthorization(Policies.ApiRead);
        return api;
    }

    private static async Task<IResult> SearchAsync(string? q, string? limit, ResidentSearch search, TownAccess access, HttpContext http,
        CancellationToken cancellationToken)
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
        var hits = await search.SearchAsync(q, await access.ScopeAsync(http.User, cancellationToken), take, cancellationToken);
        var towns = await access.TownsAsync(cancellationToken);
        return Results.Ok(hits.Select(h => ResidentJson.From(h.Resident, towns)));
    }

    private static async Task<IResult> ByPhoneAsync(string phone, PhoneLookup lookup, TownAccess access, HttpContext http,
        CancellationToken cancellationToken)
    {
        if (PhoneLookup.KeyOf(phone) is null)
        {
            return BadRequest("phone must be a phone number (digits, optionally with hyphens, spaces or +81).");
        }
        var matches = await lookup.FindAsync(phone, await access.ScopeAsync(http.User, cancellationToken), cancellationToken);
        var towns = await access.TownsAsync(cancellationToken);
        return Results.Ok(matches.Select(r => ResidentJson.From(r, towns)));
    }

    /// <summary>
    /// One resident by resident number; <c>town=CODE</c> names the town when the number is in several towns the key may
    /// read (409 lists them). Unknown, or of a town outside the key's scope: 404, as if there were no such person.
    /// </summary>
    private static async Task<IResult> GetAsync(string residentNo, string? town, ResidentRepository residents, TownAccess access,
        HttpContext http, CancellationToken cancellationToken)
    {
        var scope = await access.ScopeAsync(http.User, cancellationToken);
        var towns = await access.TownsAsync(cancellationToken);
        int? townId = null;
        if (!string.IsNullOrEmpty(town))
        {
            if (TownCode.Problem(town) is not null)
            {
                return BadRequest("town must be a 6-digit local government code (全国地方公共団体コード).");
            }
            if (towns.FirstOrDefault(t => t.Code == town) is not { } named || !scope.Includes(named.TownId))
            {
                return Results.NotFound();
            }
            townId = named.TownId;
        }
        residentNo = residentNo.Trim();
        if (townId is null && await residents.TownsOfNumberAsync(residentNo, scope, cancellationToken) is { Count: > 1 } several)
        {
            return Results.Conflict(new
            {
                error = "the resident number is in several towns: add town=CODE.",
                towns = several.Select(id => towns.First(t => t.TownId == id)).Select(t => new TownJson(t.Code, t.Name)),
            });
        }
        var detail = residentNo.Length is > 0 and <= 50 ? await residents.GetDetailAsync(residentNo, scope, townId, cancellationToken) : null;
        return detail is null ? Results.NotFound() : Results.Ok(ResidentJson.From(detail.Summary, towns));
    }

    private static IResult BadRequest(string message) => Results.BadRequest(new { error = message });
}
