using CallCenter.Data.Database;
using Dapper;

namespace CallCenter.Tests.Data.Announcements;

/// <summary>
/// Announcements put in with plain SQL (the editor of part A is not on this branch), as the 0019 schema's comments
/// describe them: Japan dates 'yyyy-MM-dd', IsPublic 0/1, Priority 1 重要 / 2 通常.
/// </summary>
public static class PublicNoticeTestData
{
    private const string InsertSql = """
        INSERT INTO Announcements (Title, Body, ValidFrom, ValidTo, Priority, IsPublic, ForVulnerable, CreatedAt, UpdatedAt, WithdrawnAt, Version)
             VALUES (@Title, @Body, @ValidFrom, @ValidTo, @Priority, @IsPublic, 0, @UpdatedAt, @UpdatedAt, @WithdrawnAt, @Version);
        {last_id}
        """;

    /// <summary>Adds one announcement and returns its id.</summary>
    public static async Task<int> AddAsync(ConnectionFactory connections, string title, string body, DateOnly validFrom, DateOnly? validTo = null,
        bool isPublic = true, int priority = 2, DateTime? updatedAt = null, DateTime? withdrawnAt = null, int version = 1)
    {
        await using var connection = await connections.OpenAsync();
        return await connection.ExecuteScalarAsync<int>(connections.Dialect.Render(InsertSql), new
        {
            Title = title,
            Body = body,
            ValidFrom = validFrom.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ValidTo = validTo?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Priority = priority,
            IsPublic = isPublic ? 1 : 0,
            UpdatedAt = updatedAt ?? new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc),
            WithdrawnAt = withdrawnAt,
            Version = version,
        });
    }
}
