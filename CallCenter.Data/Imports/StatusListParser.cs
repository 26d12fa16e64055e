using System.Security.Cryptography;
using System.Text;
using CallCenter.Data.Common;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;

namespace CallCenter.Data.Imports;

/// <summary>One validated line of a status list (a shelter's or another office's list of evacuees).</summary>
public sealed record StatusListRow(
    int Line,
    string? ResidentNo,
    string FamilyName,
    string GivenName,
    string FamilyNameKana,
    string GivenNameKana,
    DateOnly? BirthDate,
    Sex Sex,
    string? District,
    string? Address,
    SafetyStatus Status,
    Whereabouts? Whereabouts,
    DateOnly ConfirmedOn)
{
    /// <summary>氏名 as written in the list (family and given name joined by a full-width space).</summary>
    public string Name => StatusImportLabels.ListName(FamilyName, GivenName);

    /// <summary>氏名カナ as read (family and given joined by a space).</summary>
    public string NameKana => StatusImportLabels.ListNameKana(FamilyNameKana, GivenNameKana);

    /// <summary>避難先 for display; empty when the line gives none.</summary>
    public string WhereaboutsText => Whereabouts is { } w
        ? StatusImportLabels.WhereaboutsText(w.Type, w.PrefectureCode, w.Municipality, w.Place)
        : "";

    /// <summary>The loose reading key, the same as <c>Residents.KanaKey</c> and search use.</summary>
    public string KanaKey => NameKey.Kana(FamilyNameKana + GivenNameKana);

    /// <summary>確認日 as a report time: the start of that day in Japan, in UTC.</summary>
    public DateTime ReportedAt => JapanTime.StartOfDayUtc(ConfirmedOn);

    /// <summary>
    /// What makes this line the same statement as another: the normalized person, status, whereabouts and
    /// date, and the source. A line imported again (the same file twice, or the next day's list repeating it)
    /// has the same key; any change of content makes a new statement. SHA-256, hex. The same line for another town
    /// (<paramref name="townId"/>) is another statement about another person; the first town's keys are those made
    /// before towns existed, so a list imported again after the upgrade still counts as imported.
    /// </summary>
    public string ImportKey(ReportSource source, int townId = 1)
    {
        var w = Whereabouts;
        var text = string.Join('\u001F',
            (int)source,
            ResidentNo ?? "",
            NameKey.Kanji(FamilyName + GivenName),
            KanaKey,
            BirthDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "",
            (int)Sex,
            NameKey.Kanji(District),
            NameKey.Kanji(Address),
            (int)Status,
            w is null ? "" : ((int)w.Type).ToString(System.Globalization.CultureInfo.InvariantCulture),
            w?.PrefectureCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
            NameKey.Kanji(w?.Municipality),
            NameKey.Kanji(w?.Place),
            PhoneNumbers.Key(w?.ContactPhone) ?? "",
            ConfirmedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        if (townId != 1)
        {
            text += "\u001Ftown " + townId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}

/// <summary>
/// Maps the header of a status list and validates each record into a <see cref="StatusListRow"/>.
/// Columns: 住民番号 (optional), 氏名, 氏名カナ, 生年月日, 性別, 安否, 避難先種別, 都道府県, 市区町村, 避難先,
/// 連絡先, 確認日; optionally 行政区 and 住所 (the person's home in the town, used only for matching).
/// Every problem names its line, column and reason in Japanese.
/// </summary>
public sealed class StatusListParser
{
    private enum Col { ResidentNo, Name, NameKana, BirthDate, Sex, Status, WhereaboutsType, Prefecture, Municipality, Place, Contact, ConfirmedOn, District, Address }

    private static readonly (Col Col, string Japanese, string[] Aliases, bool Required)[] Columns =
    [
        (Col.ResidentNo, "住民番号", ["resident_no"], false),
        (Col.Name, "氏名", ["name"], true),
        (Col.NameKana, "氏名カナ", ["name_kana", "フリガナ", "氏名かな", "ふりがな"], true),
        (Col.BirthDate, "生年月日", ["birth_date"], true),
        (Col.Sex, "性別", ["sex"], true),
        (Col.Status, "安否", ["status"], true),
        (Col.WhereaboutsType, "避難先種別", ["whereabouts_type"], true),
        (Col.Prefecture, "都道府県", ["prefecture"], true),
        (Col.Municipality, "市区町村", ["municipality"], true),
        (Col.Place, "避難先", ["place"], true),
        (Col.Contact, "連絡先", ["contact", "連絡先電話番号"], true),
        (Col.ConfirmedOn, "確認日", ["confirmed_on"], true),
        (Col.District, "行政区", ["district"], false),
        (Col.Address, "住所", ["address"], false),
    ];

    /// <summary>The column names in the order a template file lists them.</summary>
    public static IReadOnlyList<string> ColumnNames { get; } = [.. Columns.Select(c => c.Japanese)];

    private readonly CsvColumns<Col> columns;
    private readonly DateOnly today;

    private StatusListParser(CsvColumns<Col> columns, DateOnly today)
    {
        this.columns = columns;
        this.today = today;
    }

    /// <summary>Number of fields in the header; every record must have the same.</summary>
    public int FieldCount => columns.FieldCount;

    /// <summary>Maps a header record; returns null and fills <paramref name="errors"/> when it is unusable.</summary>
    public static StatusListParser? FromHeader(IReadOnlyList<string> header, DateOnly today, List<ImportError> errors)
    {
        var columns = CsvColumns<Col>.Map(header, Columns, errors);
        return columns is null ? null : new StatusListParser(columns, today);
    }

    /// <summary>Validates one record. Returns null and adds every problem of the row when it is invalid.</summary>
    public StatusListRow? Parse(IReadOnlyList<string> record, int line, List<ImportError> errors)
    {
        if (record.Count != FieldCount)
        {
            errors.Add(new ImportError(line, "行", $"項目数が{record.Count}個です（見出しは{FieldCount}個）"));
            return null;
        }
        var before = errors.Count;

        var residentNo = columns.Optional(record, Col.ResidentNo, "住民番号", 20, line, errors)?.Normalize(NormalizationForm.FormKC).Trim();

        string family = "", given = "";
        var name = columns.Required(record, Col.Name, "氏名", 101, line, errors);
        if (name is not null)
        {
            if (!ResidentRegisterParser.TrySplitName(name, out family, out given))
            {
                // Lists often write the name without a space: keep it whole as the family name (matching uses the reading).
                (family, given) = (name.Trim(), "");
            }
            if (family.Length > 50 || given.Length > 50)
            {
                errors.Add(new ImportError(line, "氏名", "氏・名はそれぞれ50文字以内にしてください"));
            }
        }

        string familyKana = "", givenKana = "";
        var kana = columns.Required(record, Col.NameKana, "氏名カナ", 101, line, errors);
        if (kana is not null)
        {
            var reading = NameKey.Reading(kana);
            if (!ResidentRegisterParser.TrySplitName(reading, out familyKana, out givenKana))
            {
                (familyKana, givenKana) = (reading, "");
            }
            if (!NameKey.IsKatakanaReading(reading))
            {
                errors.Add(new ImportError(line, "氏名カナ", $"カナ以外の文字が含まれています（{kana}）"));
            }
            else if (familyKana.Length > 50 || givenKana.Length > 50)
            {
                errors.Add(new ImportError(line, "氏名カナ", "氏・名はそれぞれ50文字以内にしてください"));
            }
        }

        DateOnly? birthDate = null;
        var birthText = columns.Optional(record, Col.BirthDate, "生年月日", 30, line, errors);
        if (birthText is not null)
        {
            if (!JapaneseDates.TryParse(birthText, out var d, out var dateError))
            {
                errors.Add(new ImportError(line, "生年月日", dateError!));
            }
            else if (d > today)
            {
                errors.Add(new ImportError(line, "生年月日", $"未来の日付です（{birthText}）"));
            }
            else
            {
                birthDate = d;
            }
        }

        var sex = Sex.Unknown;
        var sexText = columns.Optional(record, Col.Sex, "性別", 10, line, errors);
        if (sexText is not null && sexText != "不明" && !Sexes.TryParse(sexText, out sex))
        {
            errors.Add(new ImportError(line, "性別", $"男/女/その他/不明、M/F/X、1/2/9 のいずれかにしてください（{sexText}）"));
        }

        var status = SafetyStatus.Unconfirmed;
        var statusText = columns.Required(record, Col.Status, "安否", 20, line, errors);
        if (statusText is not null && !TryParseStatus(statusText, out status))
        {
            errors.Add(new ImportError(line, "安否", $"無事/負傷/入院中/行方不明/死亡/未確認 のいずれかにしてください（{statusText}）"));
        }

        WhereaboutsType? type = null;
        var typeText = columns.Optional(record, Col.WhereaboutsType, "避難先種別", 20, line, errors);
        if (typeText is not null)
        {
            if (TryParseWhereaboutsType(typeText, out var t))
            {
                type = t;
            }
            else
            {
                errors.Add(new ImportError(line, "避難先種別",
                    $"{string.Join("/", Enum.GetValues<WhereaboutsType>().OrderBy(w => w == WhereaboutsType.Unknown).Select(w => w.Label()))} のいずれかにしてください（{typeText}）"));
            }
        }

        byte? prefecture = null;
        var prefectureText = columns.Optional(record, Col.Prefecture, "都道府県", 10, line, errors);
        if (prefectureText is not null)
        {
            prefecture = Prefectures.FromName(prefectureText.Normalize(NormalizationForm.FormKC));
            if (prefecture is null)
            {
                errors.Add(new ImportError(line, "都道府県", $"都道府県名として読めません（{prefectureText}）"));
            }
        }

        var municipality = columns.Optional(record, Col.Municipality, "市区町村", 50, line, errors);
        var place = columns.Optional(record, Col.Place, "避難先", 200, line, errors);
        var contactText = columns.Optional(record, Col.Contact, "連絡先", 30, line, errors);
        string? contact = null;
        if (contactText is not null)
        {
            if (PhoneNumbers.Key(contactText) is not { Length: >= 6 and <= 15 })
            {
                errors.Add(new ImportError(line, "連絡先", $"電話番号として読めません（{contactText}）"));
            }
            contact = PhoneNumbers.Display(contactText);
        }

        var confirmedOn = default(DateOnly);
        var confirmedText = columns.Required(record, Col.ConfirmedOn, "確認日", 30, line, errors);
        if (confirmedText is not null)
        {
            if (!JapaneseDates.TryParse(confirmedText, out confirmedOn, out var dateError))
            {
                errors.Add(new ImportError(line, "確認日", dateError!));
            }
            else if (confirmedOn > today)
            {
                errors.Add(new ImportError(line, "確認日", $"未来の日付です（{confirmedText}）"));
            }
        }

        var district = columns.Optional(record, Col.District, "行政区", 50, line, errors);
        var address = columns.Optional(record, Col.Address, "住所", 200, line, errors);

        if (errors.Count > before)
        {
            return null;
        }
        Whereabouts? whereabouts = null;
        if (type is not null || prefecture is not null || municipality is not null || place is not null || contact is not null)
        {
            var kind = type ?? WhereaboutsType.Unknown;
            whereabouts = new Whereabouts(kind, kind == WhereaboutsType.Abroad ? Prefectures.Abroad : prefecture, municipality, place, contact);
        }
        return new StatusListRow(line, residentNo, family, given, familyKana, givenKana, birthDate, sex, district, address,
            status, whereabouts, confirmedOn);
    }

    /// <summary>Reads a 安否 label (無事, 負傷, ...), in any width.</summary>
    public static bool TryParseStatus(string text, out SafetyStatus status)
    {
        var t = CsvColumns<Col>.Clean(text.Normalize(NormalizationForm.FormKC));
        foreach (var s in Enum.GetValues<SafetyStatus>())
        {
            if (t == s.Label())
            {
                status = s;
                return true;
            }
        }
        status = SafetyStatus.Unconfirmed;
        return false;
    }

    /// <summary>Reads a 避難先種別 label (避難所, 親族・知人宅, ...); the middle dot may be half- or full-width or left out.</summary>
    public static bool TryParseWhereaboutsType(string text, out WhereaboutsType type)
    {
        var t = Dotless(CsvColumns<Col>.Clean(text.Normalize(NormalizationForm.FormKC)));
        foreach (var w in Enum.GetValues<WhereaboutsType>())
        {
            if (t == Dotless(w.Label()))
            {
                type = w;
                return true;
            }
        }
        type = WhereaboutsType.Unknown;
        return false;
    }

    private static string Dotless(string s) => s.Replace("・", "", StringComparison.Ordinal).Replace("･", "", StringComparison.Ordinal)
        .Replace("上げ", "上", StringComparison.Ordinal);
}
