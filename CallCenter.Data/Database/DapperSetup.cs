using System.Data;
using System.Globalization;
using Dapper;

namespace CallCenter.Data.Database;

/// <summary>
/// Dapper type handlers so that both providers read times back as UTC and dates as <see cref="DateOnly"/>.
/// SQLite stores them as ISO text; SQL Server as DATETIME2 and DATE.
/// </summary>
internal static class DapperSetup
{
    private static int registered;

    public static void EnsureRegistered()
    {
        if (Interlocked.Exchange(ref registered, 1) == 1)
        {
            return;
        }
        SqlMapper.AddTypeHandler(new UtcDateTimeHandler());
        SqlMapper.AddTypeHandler(new DateOnlyHandler());
    }

    /// <summary>
    /// A time as stored: UTC, truncated to whole milliseconds. SQL Server's DATETIME2(3) would otherwise round
    /// 100 ns ticks, so a value read back could differ from the one sent and comparisons such as
    /// "StatusReportedAt &lt;= @ReportedAt" would behave differently from SQLite.
    /// </summary>
    public static DateTime ToStored(DateTime value)
    {
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
        return new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
    }

    /// <summary>A time as a provider returns it (SQLite: ISO text; SQL Server: DATETIME2), as UTC.</summary>
    public static DateTime StoredTime(object value) => value switch
    {
        DateTime dt => DateTime.SpecifyKind(dt, DateTimeKind.Utc),
        string s => ParseStoredTime(s),
        _ => throw new DataException($"Cannot read {value.GetType().Name} as a time."),
    };

    /// <summary>A date as a provider returns it (SQLite: <c>yyyy-MM-dd</c> text; SQL Server: DATE).</summary>
    public static DateOnly StoredDate(object value) => value switch
    {
        DateOnly d => d,
        DateTime dt => DateOnly.FromDateTime(dt),
        string s => ParseStoredDate(s),
        _ => throw new DataException($"Cannot read {value.GetType().Name} as a date."),
    };

    /// <summary>
    /// SQLite's stored time text as UTC: <c>yyyy-MM-dd HH:mm:ss</c> with up to seven fraction digits (as written by
    /// Microsoft.Data.Sqlite) read digit by digit, anything else by <see cref="DateTime.Parse(string, IFormatProvider, DateTimeStyles)"/>
    /// as UTC, which gives the same value for the common form (tested) at a tenth of the cost: an export reads one per row.
    /// </summary>
    public static DateTime ParseStoredTime(string s)
    {
        var fraction = 0;
        if (s.Length is >= 19 and <= 27 && s[4] == '-' && s[7] == '-' && s[10] is ' ' or 'T' && s[13] == ':' && s[16] == ':'
            && Digits(s, 0, 4, out var year) && Digits(s, 5, 2, out var month) && Digits(s, 8, 2, out var day)
            && Digits(s, 11, 2, out var hour) && Digits(s, 14, 2, out var minute) && Digits(s, 17, 2, out var second)
            && (s.Length == 19 || (s[19] == '.' && s.Length > 20 && Digits(s, 20, s.Length - 20, out fraction)))
            && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(Math.Max(year, 1), month) && year >= 1
            && hour < 24 && minute < 60 && second < 60)
        {
            var ticks = 0L;
            if (s.Length > 19)
            {
                ticks = fraction;
                for (var scale = s.Length - 20; scale < 7; scale++)
                {
                    ticks *= 10;
                }
            }
            return new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(ticks);
        }
        return DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
    }

    /// <summary>SQLite's stored date text (<c>yyyy-MM-dd</c>, or the date part of a longer value).</summary>
    public static DateOnly ParseStoredDate(string s)
    {
        if (s.Length >= 10 && s[4] == '-' && s[7] == '-' && Digits(s, 0, 4, out var year) && Digits(s, 5, 2, out var month)
            && Digits(s, 8, 2, out var day) && year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            && (s.Length == 10 || s[10] is ' ' or 'T'))
        {
            return new DateOnly(year, month, day);
        }
        return DateOnly.ParseExact(s.Length > 10 ? s[..10] : s, "yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private static bool Digits(string s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = s[i] - '0';
            if (digit is < 0 or > 9)
            {
                return false;
            }
            value = value * 10 + digit;
        }
        return true;
    }

    private sealed class UtcDateTimeHandler : SqlMapper.TypeHandler<DateTime>
    {
        public override void SetValue(IDbDataParameter parameter, DateTime value)
        {
            parameter.DbType = DbType.DateTime2;
            parameter.Value = ToStored(value);
        }

        public override DateTime Parse(object value) => StoredTime(value);
    }

    private sealed class DateOnlyHandler : SqlMapper.TypeHandler<DateOnly>
    {
        public override void SetValue(IDbDataParameter parameter, DateOnly value)
        {
            parameter.DbType = DbType.Date;
            parameter.Value = value;
        }

        public override DateOnly Parse(object value) => StoredDate(value);
    }
}
