using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Data.Outbound;

/// <summary>Reads a household as the worklist shows it: members, the numbers to try, the claim and the attempt history.</summary>
public sealed class OutboundHouseholdView(ConnectionFactory connections)
{
    private const string HouseholdSql = """
        SELECT h.HouseholdId, h.HouseholdNo, h.District, h.Address, q.Priority, q.Reasons, c.ExpiresAt AS ClaimExpiresAt,
               o.CallbackAt, h.TownId
          FROM Households h
          LEFT JOIN OutboundQueue q ON q.HouseholdId = h.HouseholdId
          LEFT JOIN OutboundClaims c ON c.HouseholdId = h.HouseholdId
          LEFT JOIN OutboundHouseholds o ON o.HouseholdId = h.HouseholdId
         WHERE h.HouseholdId = @HouseholdId /*towns*/
        """;

    private const string MembersSql = """
          SELECT ResidentId, ResidentNo, Relationship, FamilyName, GivenName, FamilyNameKana, GivenNameKana, BirthDate,
                 IsVulnerable, VulnerableReason, Status, StatusReportedAt, Phone, ContactPhone
            FROM Residents
           WHERE HouseholdId = @HouseholdId
             AND MergedIntoResidentId IS NULL
        ORDER BY ResidentNo
        """;

    private const string BadNumbersSql = """
        SELECT PhoneKey, Outcome
          FROM OutboundBadNumbers
         WHERE HouseholdId = @HouseholdId
        """;

    private const string AttemptsSql = """
          SELECT a.AttemptId, a.HouseholdId, a.Phone, a.Outcome, a.CallbackAt, a.UserId, u.DisplayName AS UserDisplayName, a.Site,
                 a.AttemptedAt, a.Note
            FROM OutboundAttempts a
            LEFT JOIN Users u ON u.UserId = a.UserId
           WHERE a.HouseholdId = @HouseholdId
        ORDER BY a.AttemptedAt DESC, a.AttemptId DESC
        """;

    // The running campaigns that still need this household (OutboundQueries.CampaignNeed, by name).
    private const string CampaignsSql = """
          SELECT c.Name
            FROM OutboundCampaigns c
            JOIN OutboundCampaignHouseholds ch ON ch.CampaignId = c.CampaignId
           WHERE ch.HouseholdId = @HouseholdId
             AND c.EndedAt IS NULL
             AND NOT (c.Kind = 1 AND EXISTS (SELECT 1
                                               FROM HouseholdIntentions hi
                                              WHERE hi.RoundId = c.RoundId
                                                AND hi.HouseholdId = ch.HouseholdId))
             AND NOT (c.Kind = 2 AND EXISTS (SELECT 1
                                               FROM AnnouncementDeliveries ad
                                              WHERE ad.AnnouncementId = c.AnnouncementId
                                                AND ad.HouseholdId = ch.HouseholdId))
        ORDER BY c.CampaignId
        """;

    // Since when letters to the household's 送付先 come back (OutboundQueries.ReturnedMailNeed), or no row.
    private const string MailReturnedSql = """
        SELECT ReturnedOn
          FROM HouseholdMailing
         WHERE HouseholdId = @HouseholdId
           AND ReturnedOn IS NOT NULL
        """;

    /// <summary>
    /// A household with its members, numbers (bad ones marked), claim and attempt history; null when unknown or of a town
    /// outside <paramref name="scope"/> (not found, as for an unknown id: nothing of it is read).
    /// </summary>
    public async Task<OutboundHousehold?> GetHouseholdAsync(int householdId, TownScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var args = new { HouseholdId = householdId };
        await using var connection = await connections.OpenAsync(cancellationToken);
        var head = await connection.QuerySingleOrDefaultAsync<HouseholdRow>(new CommandDefinition(Dashboard.TownFilter.Apply(HouseholdSql, scope, "h.TownId"),
            new { HouseholdId = householdId, scope.TownIds }, cancellationToken: cancellationToken));
        if (head is null)
        {
            return null;
        }
        var members = (await connection.QueryAsync<OutboundMember>(new CommandDefinition(MembersSql, args, cancellationToken: cancellationToken))).AsList();
        var bad = (await connection.QueryAsync<(string PhoneKey, int Outcome)>(new CommandDefinition(BadNumbersSql, args, cancellationToken: cancellationToken)))
            .ToDictionary(b => b.PhoneKey, b => (OutboundOutcome)b.Outcome, StringComparer.Ordinal);
        var attempts = (await connection.QueryAsync<OutboundAttempt>(new CommandDefinition(AttemptsSql, args, cancellationToken: cancellationToken))).AsList();
        return new OutboundHousehold(head.HouseholdId, head.HouseholdNo, head.District, head.Address, head.Priority ?? OutboundPriority.NoNumber,
            (PriorityReasons)(head.Reasons ?? 0), head.ClaimExpiresAt, head.CallbackAt, members, Numbers(members, bad, attempts), attempts)
        {
            TownId = head.TownId,
            Campaigns = (await connection.QueryAsync<string>(new CommandDefinition(CampaignsSql, args, cancellationToken: cancellationToken))).AsList(),
            MailReturnedOn = await connection.QuerySingleOrDefaultAsync<DateOnly?>(new CommandDefinition(MailReturnedSql, args, cancellationToken: cancellationToken)),
        };
    }

    /// <summary>The union of the members' own numbers and their whereabouts contacts, one entry per number.</summary>
    public static IReadOnlyList<HouseholdNumber> Numbers(IReadOnlyList<OutboundMember> members, IReadOnlyDictionary<string, OutboundOutcome> bad,
        IReadOnlyList<OutboundAttempt> attempts)
    {
        var found = new List<(string Phone, string Key, List<string> Sources)>();
        void Add(string? phone, string source)
        {
            if (PhoneNumbers.Key(phone) is not { } key)
            {
                return;
            }
            var entry = found.FirstOrDefault(f => f.Key == key);
            if (entry.Key is null)
            {
                found.Add((PhoneNumbers.Display(phone)!, key, [source]));
            }
            else if (!entry.Sources.Contains(source))
            {
                entry.Sources.Add(source);
            }
        }
        foreach (var m in members)
        {
            Add(m.Phone, $"{m.FamilyName}{m.GivenName}（登録）");
        }
        foreach (var m in members)
        {
            Add(m.ContactPhone, $"{m.FamilyName}{m.GivenName}（避難先の連絡先）");
        }
        return [.. found.Select(f => new HouseholdNumber(f.Phone, f.Key, f.Sources, bad.TryGetValue(f.Key, out var o) ? o : null,
            attempts.Count(a => a.Outcome.IsNoContact() && PhoneNumbers.Key(a.Phone) == f.Key)))];
    }

    private sealed class HouseholdRow
    {
        public int HouseholdId { get; init; }
        public string HouseholdNo { get; init; } = "";
        public string? District { get; init; }
        public string? Address { get; init; }
        public int? Priority { get; init; }
        public int? Reasons { get; init; }
        public DateTime? ClaimExpiresAt { get; init; }
        public DateTime? CallbackAt { get; init; }
        public int TownId { get; init; }
    }
}
