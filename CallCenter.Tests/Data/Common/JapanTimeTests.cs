using CallCenter.Data.Common;

namespace CallCenter.Tests.Data.Common;

public class JapanTimeTests
{
    [Fact]
    public void Format_ShowsJapanTime_When_StoredUtc()
    {
        var utc = new DateTime(2026, 3, 11, 20, 30, 0, DateTimeKind.Utc);

        Assert.Equal("2026/03/12 05:30", JapanTime.Format(utc));
    }

    [Fact]
    public void ToUtc_IsInverseOf_FromUtc()
    {
        var utc = new DateTime(2026, 3, 11, 5, 46, 0, DateTimeKind.Utc);

        var back = JapanTime.ToUtc(JapanTime.FromUtc(utc));

        Assert.Equal(utc, back);
        Assert.Equal(DateTimeKind.Utc, back.Kind);
    }

    [Fact]
    public void Today_IsTheJapanDate_When_UtcIsStillYesterday()
    {
        var time = new FixedTime(new DateTimeOffset(2026, 3, 11, 16, 0, 0, TimeSpan.Zero));

        Assert.Equal(new DateOnly(2026, 3, 12), JapanTime.Today(time));
        Assert.Equal(new DateTime(2026, 3, 11, 15, 0, 0, DateTimeKind.Utc), JapanTime.StartOfDayUtc(new DateOnly(2026, 3, 12)));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
