using System.Globalization;
using CallCenter.Data.Database;

namespace CallCenter.Tests.Data.Database;

/// <summary>
/// Stored times and dates read back from SQLite's text: the digit-by-digit reading gives exactly what
/// <see cref="DateTime.Parse(string, IFormatProvider, DateTimeStyles)"/> (as UTC) and <see cref="DateOnly.ParseExact(string, string, IFormatProvider)"/> give,
/// and anything it does not read (another form, an impossible date) goes to them and fails as they fail.
/// </summary>
public class DapperSetupTests
{
    private static DateTime Parse(string s) =>
        DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    [Theory]
    [InlineData("2026-12-07 09:30:15")]
    [InlineData("2026-12-07 09:30:15.1")]
    [InlineData("2026-12-07 09:30:15.12")]
    [InlineData("2026-12-07 09:30:15.123")]
    [InlineData("2026-12-07 09:30:15.1234567")]
    [InlineData("2026-12-07T09:30:15.0450000")]
    [InlineData("2024-02-29 23:59:59.999")]
    [InlineData("0001-01-01 00:00:00")]
    [InlineData("9999-12-31 23:59:59.9999999")]
    [InlineData("2026-12-07 09:30:15Z")]
    [InlineData("2026-12-07 09:30:15+09:00")]
    [InlineData("2026-12-07")]
    [InlineData("2026/12/07 9:30")]
    [InlineData("2026-12-07 09:30:15.")]
    [InlineData("2026-12-07 09:30:15.12345678")]
    public void StoredTime_IsWhatDateTimeParseGives_AsUtc(string stored)
    {
        var read = DapperSetup.ParseStoredTime(stored);
        Assert.Equal(Parse(stored), read);
        Assert.Equal(DateTimeKind.Utc, read.Kind);
    }

    [Fact]
    public void StoredTime_WrittenByTheProvider_ReadsBackToTheSameTicks()
    {
        var random = new Random(15);
        for (var i = 0; i < 10_000; i++)
        {
            var time = DapperSetup.ToStored(new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks((long)(random.NextDouble() * TimeSpan.TicksPerDay * 3650)));
            var text = time.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture);
            Assert.Equal(time, DapperSetup.ParseStoredTime(text));
            Assert.Equal(Parse(text), DapperSetup.ParseStoredTime(text));
        }
    }

    [Theory]
    [InlineData("2026-02-30 10:00:00")]
    [InlineData("2026-13-01 10:00:00")]
    [InlineData("2026-12-07 24:00:00")]
    [InlineData("not a time at all")]
    public void AnUnreadableTime_FailsAsDateTimeParseFails(string stored)
    {
        var expected = Record.Exception(() => Parse(stored));
        var actual = Record.Exception(() => DapperSetup.ParseStoredTime(stored));
        Assert.Equal(expected?.GetType(), actual?.GetType());
        Assert.NotNull(actual);
    }

    [Theory]
    [InlineData("1970-03-15")]
    [InlineData("2024-02-29")]
    [InlineData("1926-12-25 00:00:00")]
    public void StoredDate_IsWhatParseExactGives(string stored) =>
        Assert.Equal(DateOnly.ParseExact(stored[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture), DapperSetup.ParseStoredDate(stored));

    [Theory]
    [InlineData("2023-02-29")]
    [InlineData("1970/03/15")]
    [InlineData("1970-3-15")]
    public void AnUnreadableDate_FailsAsParseExactFails(string stored) =>
        Assert.Throws<FormatException>(() => DapperSetup.ParseStoredDate(stored));
}
