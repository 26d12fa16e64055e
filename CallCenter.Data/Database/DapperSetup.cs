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

    private sealed class UtcDateTimeHandler : SqlMapper.TypeHandler<DateTime>
    {
        public override void SetValue(IDbDataParameter parameter, DateTime value)
        {
            parameter.DbType = DbType.DateTime2;
            parameter.Value = ToStored(value);
        }

        public override DateTime Parse(object value) => value switch
        {
            DateTime dt => DateTime.SpecifyKind(dt, DateTimeKind.Utc),
            string s => DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
            _ => throw new DataException($"Cannot read {value.GetType().Name} as a time."),
        };
    }

    private sealed class DateOnlyHandler : SqlMapper.TypeHandler<DateOnly>
    {
        public override void SetValue(IDbDataParameter parameter, DateOnly value)
        {
            parameter.DbType = DbType.Date;
            parameter.Value = value;
        }

        public override DateOnly Parse(object value) => value switch
        {
            DateOnly d => d,
            DateTime dt => DateOnly.FromDateTime(dt),
            string s => DateOnly.ParseExact(s.Length > 10 ? s[..10] : s, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ => throw new DataException($"Cannot read {value.GetType().Name} as a date."),
        };
    }
}
