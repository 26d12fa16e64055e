using System.Globalization;
using CallCenter.Data.Common;

namespace CallCenter.Tests.Data.Common;

public class JapaneseDatesTests
{
    [Theory]
    [InlineData("1970-03-12", 1970, 3, 12)]
    [InlineData("1970/3/12", 1970, 3, 12)]
    [InlineData("１９７０／３／１２", 1970, 3, 12)]
    [InlineData("1970年3月12日", 1970, 3, 12)]
    [InlineData("19700312", 1970, 3, 12)]
    [InlineData("昭和45年3月12日", 1970, 3, 12)]
    [InlineData("S45.3.12", 1970, 3, 12)]
    [InlineData("s45/3/12", 1970, 3, 12)]
    [InlineData("平成2年1月8日", 1990, 1, 8)]
    [InlineData("H2.1.8", 1990, 1, 8)]
    [InlineData("平成元年1月8日", 1989, 1, 8)]
    [InlineData("令和元年5月1日", 2019, 5, 1)]
    [InlineData("R1.5.1", 2019, 5, 1)]
    [InlineData("R8.3.1", 2026, 3, 1)]
    [InlineData("明治45年7月29日", 1912, 7, 29)]
    [InlineData("M44.2.3", 1911, 2, 3)]
    [InlineData("大正元年8月1日", 1912, 8, 1)]
    [InlineData("T14.12.24", 1925, 12, 24)]
    [InlineData("昭和元年12月25日", 1926, 12, 25)]
    public void TryParse_ReadsDate_When_WesternOrEraForm(string text, int year, int month, int day)
    {
        Assert.True(JapaneseDates.TryParse(text, out var date, out var error), error);
        Assert.Equal(new DateOnly(year, month, day), date);
    }

    [Theory]
    [InlineData("1970/2/30", "存在しない")]
    [InlineData("1970/13/1", "存在しない")]
    [InlineData("昭和64年1月8日", "昭和の期間外")]
    [InlineData("平成1年1月7日", "平成の期間外")]
    [InlineData("令和元年4月30日", "令和の期間外")]
    [InlineData("大正15年12月25日", "大正の期間外")]
    [InlineData("昭和0年1月1日", "昭和0年")]
    [InlineData("きのう", "読めません")]
    [InlineData("", "空")]
    [InlineData("1970/3", "読めません")]
    public void TryParse_ExplainsWhy_When_DateIsImpossible(string text, string reason)
    {
        Assert.False(JapaneseDates.TryParse(text, out _, out var error));
        Assert.Contains(reason, error);
    }

    [Theory]
    [InlineData(2026, 3, 1, "令和8年3月1日")]
    [InlineData(2019, 5, 1, "令和元年5月1日")]
    [InlineData(2019, 4, 30, "平成31年4月30日")]
    [InlineData(1989, 1, 7, "昭和64年1月7日")]
    [InlineData(1970, 3, 12, "昭和45年3月12日")]
    public void FormatEra_WritesGannen_When_FirstYear(int year, int month, int day, string expected)
    {
        var date = new DateOnly(year, month, day);

        Assert.Equal(expected, JapaneseDates.FormatEra(date));
        Assert.True(JapaneseDates.TryParse(expected, out var back, out _));
        Assert.Equal(date, back);
    }

    [Fact]
    public void FormatWestern_PadsMonthAndDay()
    {
        Assert.Equal("2026/03/01", JapaneseDates.FormatWestern(new DateOnly(2026, 3, 1)));
    }

    [Fact]
    public void FormatWestern_AndToTheMinute_WriteWhatTheFormatStringsWrite_ForEveryDayOfTheYearsPeopleAreBornIn()
    {
        // Digit by digit, for speed: the same text as the format strings they replace, over every day from 1900 to
        // 2030 and the calendar's edges, at times that cover every hour and minute digit.
        var days = new List<DateOnly> { DateOnly.MinValue, new(999, 12, 31), new(1000, 1, 1), DateOnly.MaxValue };
        for (var d = new DateOnly(1900, 1, 1); d <= new DateOnly(2030, 12, 31); d = d.AddDays(1))
        {
            days.Add(d);
        }
        var minute = 0;
        foreach (var day in days)
        {
            Assert.Equal(day.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture), JapaneseDates.FormatWestern(day));
            var time = day.ToDateTime(new TimeOnly(minute / 60 % 24, minute % 60, 59, 999));
            minute += 7;
            Assert.Equal(time.ToString("yyyy/MM/dd HH:mm", CultureInfo.InvariantCulture), JapaneseDates.FormatWesternMinute(time));
        }
    }

    [Theory]
    [InlineData(1970, 3, 12, 2026, 3, 11, 55)]
    [InlineData(1970, 3, 12, 2026, 3, 12, 56)]
    [InlineData(2024, 2, 29, 2025, 2, 27, 0)]
    public void Age_CountsWholeYears(int by, int bm, int bd, int ty, int tm, int td, int expected)
    {
        Assert.Equal(expected, JapaneseDates.Age(new DateOnly(by, bm, bd), new DateOnly(ty, tm, td)));
    }
}
