using System.Globalization;

namespace CallCenter.Data.Exports;

/// <summary>What a column holds, which decides how CSV and .xlsx write it.</summary>
public enum ExportColumnType
{
    /// <summary>Text (a name, a label).</summary>
    Text,
    /// <summary>
    /// A code that looks like a number but is not one (住民番号, 世帯番号, phone numbers, postal codes): a text cell
    /// with the text number format in .xlsx, so its leading zeros stay and nobody's spreadsheet reformats it.
    /// </summary>
    Code,
    /// <summary>Long free text (notes, details): wrapped in .xlsx.</summary>
    Note,
    /// <summary>A calendar date: 2026/03/01 or 令和8年3月1日 in CSV, a date cell showing the year in .xlsx.</summary>
    Date,
    /// <summary>A stored UTC time, written in Japan time to the minute.</summary>
    Time,
    /// <summary>A stored UTC time, written in Japan time to the second (the audit log).</summary>
    TimeSeconds,
    /// <summary>A whole number (an id, a count, a flag 1/0, seconds): a number cell in .xlsx.</summary>
    Number,
}

/// <summary>One column of an export: its header (a contract for CSV readers: append only) and what it holds.</summary>
public sealed record ExportColumn(string Header, ExportColumnType Type = ExportColumnType.Text);

/// <summary>
/// One export's layout, shared by its CSV and its .xlsx: the route name, the Japanese title (the .xlsx sheet and the
/// file name) and the columns in order.
/// </summary>
public sealed record ExportTable(string Name, string Title, IReadOnlyList<ExportColumn> Columns)
{
    /// <summary>The header row.</summary>
    public string[] Header => [.. Columns.Select(c => c.Header)];

    /// <summary>The header of a town's code column, first in a file of several towns.</summary>
    public const string TownCodeHeader = "団体コード";

    /// <summary>The header of a town's name column, second in a file of several towns.</summary>
    public const string TownNameHeader = "町名";

    /// <summary>
    /// The layout of a file of an installation with several towns: 団体コード and 町名 first, then the columns as they
    /// are for one town (whose files never carry them: their headers are contracts).
    /// </summary>
    public ExportTable WithTownColumns() =>
        this with { Columns = [new ExportColumn(TownCodeHeader, ExportColumnType.Code), new ExportColumn(TownNameHeader), .. Columns] };
}

/// <summary>
/// The exports' columns and what type each is: the one place that says what a file holds, in CSV and .xlsx alike.
/// </summary>
public static class ExportTables
{
    private static ExportColumn Text(string header) => new(header);
    private static ExportColumn Code(string header) => new(header, ExportColumnType.Code);
    private static ExportColumn Note(string header) => new(header, ExportColumnType.Note);
    private static ExportColumn Date(string header) => new(header, ExportColumnType.Date);
    private static ExportColumn Time(string header) => new(header, ExportColumnType.Time);
    private static ExportColumn Number(string header) => new(header, ExportColumnType.Number);

    private static readonly ExportColumn[] ResidentColumns =
    [
        Code("住民番号"), Code("世帯番号"), Text("続柄"), Text("氏名"), Text("氏名カナ"), Date("生年月日"), Text("性別"), Text("行政区"),
        Text("住所"), Code("電話番号"), Number("要支援者"), Text("要支援理由"), Text("安否"), Time("確認日時"), Text("情報源"),
        Text("避難先種別"), Text("都道府県"), Text("市区町村"), Text("避難先"), Code("連絡先"),
    ];

    /// <summary>Residents with current status and whereabouts.</summary>
    public static readonly ExportTable Residents = new("residents", "住民の安否一覧", ResidentColumns);

    /// <summary>Unconfirmed residents: the residents' columns, then the household's outbound priority and numbers.</summary>
    public static readonly ExportTable Unconfirmed = new("unconfirmed", "未確認者",
        [.. ResidentColumns, Number("優先度"), Text("優先理由"), Text("電話番号一覧")]);

    /// <summary>
    /// Calls in a period. 要件 (the wrap-up code) and 通話時間 (seconds from start to end, a whole number in both
    /// formats; empty while a call has no end) came later and stay last: CSV readers rely on the older columns' places.
    /// </summary>
    public static readonly ExportTable Calls = new("calls", "通話記録",
    [
        Number("通話ID"), Time("開始日時"), Text("種別"), Text("相手"), Code("相手の電話番号"), Text("続柄・関係"), Text("対応者"), Text("拠点"),
        Text("対象者"), Note("メモ"), Text("要件"), Number("通話時間"),
    ]);

    /// <summary>Safety reports recorded in a period.</summary>
    public static readonly ExportTable Reports = new("reports", "安否報告履歴",
    [
        Number("報告ID"), Code("住民番号"), Text("氏名"), Time("確認日時"), Time("記録日時"), Text("安否"), Text("情報源"), Text("避難先種別"),
        Text("都道府県"), Text("市区町村"), Text("避難先"), Code("連絡先"), Text("親族への提供"), Text("知人への提供"),
        Text("その他への提供"), Text("報告者"), Text("報告者の続柄"), Number("通話ID"), Note("備考"),
    ]);

    /// <summary>Residents' requests (要望・相談): 住民番号 empty for a household's request, 氏名 then the household head's.</summary>
    public static readonly ExportTable Requests = new("requests", "要望・相談",
    [
        Number("受付番号"), Code("世帯番号"), Code("住民番号"), Text("氏名"), Text("行政区"), Text("分類"), Note("内容"), Text("至急"),
        Text("担当課"), Text("状況"), Time("受付日時"), Time("最終更新"), Time("完了日時"),
    ]);
}

/// <summary>
/// One cell's value as the export read it, before a format writes it: text, a whole number, a date, or a stored UTC
/// time. The column's <see cref="ExportColumnType"/> says which it is.
/// </summary>
public readonly struct ExportCell
{
    private ExportCell(string? text, long? number, DateTime? when) => (Text, Number, When) = (text, number, when);

    /// <summary>The text, for text columns.</summary>
    public string? Text { get; }

    /// <summary>The number, for number columns.</summary>
    public long? Number { get; }

    /// <summary>The date (at midnight) for date columns, the UTC time for time columns.</summary>
    public DateTime? When { get; }

    /// <summary>A text cell.</summary>
    public static implicit operator ExportCell(string? text) => new(text, null, null);

    /// <summary>A number cell.</summary>
    public static ExportCell Of(long? number) => new(null, number, null);

    /// <summary>A date cell.</summary>
    public static ExportCell Of(DateOnly? date) => new(null, null, date?.ToDateTime(TimeOnly.MinValue));

    /// <summary>A time cell from a stored UTC time (written in Japan time).</summary>
    public static ExportCell Utc(DateTime? utc) => new(null, null, utc);

    /// <summary>The cell as CSV text: numbers in invariant digits, dates and times as <see cref="ExportService.Date"/> and <see cref="ExportService.Time"/> write them.</summary>
    public string? ToCsv(ExportColumnType type, ExportDates dates) => type switch
    {
        _ when Text is not null => Text,
        ExportColumnType.Number => Number?.ToString(CultureInfo.InvariantCulture),
        ExportColumnType.Date => When is { } d ? ExportService.Date(DateOnly.FromDateTime(d), dates) : null,
        ExportColumnType.Time => ExportService.Time(When, dates),
        ExportColumnType.TimeSeconds => When is { } t ? ExportService.Time(t, dates) + Common.JapanTime.FromUtc(t).ToString(":ss", CultureInfo.InvariantCulture) : null,
        _ => Number?.ToString(CultureInfo.InvariantCulture) ?? Text,
    };
}
