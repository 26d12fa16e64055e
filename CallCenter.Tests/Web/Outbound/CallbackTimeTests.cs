using CallCenter.Tests.Data.Calls;
using CallCenter.Web.Components.Pages.Outbound;

namespace CallCenter.Tests.Web.Outbound;

public sealed class CallbackTimeTests
{
    // 22:40 on 2026-03-14 in Japan.
    private static readonly DateTime JapanNow = new(2026, 3, 14, 22, 40, 0);

    [Theory]
    [InlineData(1, null, "2026-03-14T23:40")]
    [InlineData(0, 18, "2026-03-14T18:00")]
    [InlineData(24, 10, "2026-03-15T10:00")]
    [InlineData(2, null, "2026-03-15T00:40")]
    public void Preset_IsThePresetButtonsTime(int addHours, int? atHour, string expected) =>
        Assert.Equal(expected, CallbackTime.Text(CallbackTime.Preset(JapanNow, addHours, atHour)));

    [Fact]
    public void PresetText_CountsFromJapanTime()
    {
        var clock = new TestClock(new DateTimeOffset(2026, 3, 14, 1, 30, 0, TimeSpan.Zero));

        Assert.Equal("2026-03-14T11:30", CallbackTime.PresetText(clock, 1, null));
    }

    [Fact]
    public void TryParseUtc_ReadsTheFieldAsJapanTime()
    {
        Assert.True(CallbackTime.TryParseUtc("2026-03-14T18:00", out var utc));
        Assert.Equal(new DateTime(2026, 3, 14, 9, 0, 0, DateTimeKind.Utc), utc);
        Assert.Equal(DateTimeKind.Utc, utc.Kind);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("明日")]
    public void TryParseUtc_Fails_When_TheFieldIsEmptyOrNotATime(string? text) => Assert.False(CallbackTime.TryParseUtc(text, out _));
}
