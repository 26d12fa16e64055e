using System.Text;
using CallCenter.Data.Common;
using CallCenter.Data.Residents;

namespace CallCenter.Data.Imports;

/// <summary>
/// Maps the header of a resident-register CSV and validates each record into a <see cref="ResidentRegisterRow"/>.
/// Columns: 住民番号, 世帯番号, 続柄, 氏名, 氏名カナ, 生年月日, 性別, 行政区, 住所, 電話番号 (or the English
/// aliases), and optionally 要支援者 and 要支援理由.
/// </summary>
public sealed class ResidentRegisterParser
{
    private enum Col { ResidentNo, HouseholdNo, Relationship, Name, NameKana, BirthDate, Sex, District, Address, Phone, Vulnerable, VulnerableReason }

    private static readonly (Col Col, string Japanese, string[] Aliases, bool Required)[] Columns =
    [
        (Col.ResidentNo, "住民番号", ["resident_no"], true),
        (Col.HouseholdNo, "世帯番号", ["household_no"], true),
        (Col.Relationship, "続柄", ["relationship"], false),
        (Col.Name, "氏名", ["name"], true),
        (Col.NameKana, "氏名カナ", ["name_kana", "フリガナ", "氏名かな"], true),
        (Col.BirthDate, "生年月日", ["birth_date"], true),
        (Col.Sex, "性別", ["sex"], true),
        (Col.District, "行政区", ["district"], false),
        (Col.Address, "住所", ["address"], false),
        (Col.Phone, "電話番号", ["phone"], false),
        (Col.Vulnerable, "要支援者", ["vulnerable"], false),
        (Col.VulnerableReason, "要支援理由", ["vulnerable_reason"], false),
    ];

    private readonly CsvColumns<Col> columns;

    private ResidentRegisterParser(CsvColumns<Col> columns) => this.columns = columns;

    /// <summary>Number of fields in the header; every record must have the same.</summary>
    public int FieldCount => columns.FieldCount;

    /// <summary>True when the file has a 要支援者 column, so the flag is imported.</summary>
    public bool HasVulnerable => columns.Has(Col.Vulnerable);

    /// <summary>Maps a header record; returns null and fills <paramref name="errors"/> when it is unusable.</summary>
    public static ResidentRegisterParser? FromHeader(IReadOnlyList<string> header, List<ImportError> errors)
    {
        var columns = CsvColumns<Col>.Map(header, Columns, errors);
        return columns is null ? null : new ResidentRegisterParser(columns);
    }

    /// <summary>Validates one record. Returns null and adds every problem of the row when it is invalid.</summary>
    public ResidentRegisterRow? Parse(IReadOnlyList<string> record, int line, List<ImportError> errors)
    {
        if (record.Count != FieldCount)
        {
            errors.Add(new ImportError(line, "行", $"項目数が{record.Count}個です（見出しは{FieldCount}個）"));
            return null;
        }
        var before = errors.Count;

        var residentNo = Identifier(columns.Required(record, Col.ResidentNo, "住民番号", 20, line, errors));
        var householdNo = Identifier(columns.Required(record, Col.HouseholdNo, "世帯番号", 20, line, errors));
        var relationship = columns.Optional(record, Col.Relationship, "続柄", 20, line, errors);

        string family = "", given = "", familyKana = "", givenKana = "";
        var name = columns.Required(record, Col.Name, "氏名", 101, line, errors);
        if (name is not null && !TrySplitName(name, out family, out given))
        {
            errors.Add(new ImportError(line, "氏名", $"氏と名の間に空白がありません（{name}）"));
        }
        else if (family.Length > 50 || given.Length > 50)
        {
            errors.Add(new ImportError(line, "氏名", "氏・名はそれぞれ50文字以内にしてください"));
        }

        var kana = columns.Required(record, Col.NameKana, "氏名カナ", 101, line, errors);
        if (kana is not null)
        {
            var reading = NameKey.Reading(kana);
            if (!TrySplitName(reading, out familyKana, out givenKana))
            {
                errors.Add(new ImportError(line, "氏名カナ", $"氏と名の間に空白がありません（{kana}）"));
            }
            else if (!NameKey.IsKatakanaReading(reading))
            {
                errors.Add(new ImportError(line, "氏名カナ", $"カナ以外の文字が含まれています（{kana}）"));
            }
            else if (familyKana.Length > 50 || givenKana.Length > 50)
            {
                errors.Add(new ImportError(line, "氏名カナ", "氏・名はそれぞれ50文字以内にしてください"));
            }
        }

        var birthDate = default(DateOnly);
        var birthText = columns.Required(record, Col.BirthDate, "生年月日", 30, line, errors);
        if (birthText is not null)
        {
            if (!JapaneseDates.TryParse(birthText, out birthDate, out var dateError))
            {
                errors.Add(new ImportError(line, "生年月日", dateError!));
            }
            else if (birthDate > DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9)))
            {
                errors.Add(new ImportError(line, "生年月日", $"未来の日付です（{birthText}）"));
            }
        }

        var sex = Sex.Unknown;
        var sexText = columns.Required(record, Col.Sex, "性別", 10, line, errors);
        if (sexText is not null && !Sexes.TryParse(sexText, out sex))
        {
            errors.Add(new ImportError(line, "性別", $"男/女/その他、M/F/X、1/2/9 のいずれかにしてください（{sexText}）"));
        }

        var district = columns.Optional(record, Col.District, "行政区", 50, line, errors);
        var address = columns.Optional(record, Col.Address, "住所", 200, line, errors);
        var phoneText = columns.Optional(record, Col.Phone, "電話番号", 30, line, errors);
        string? phone = null;
        if (phoneText is not null)
        {
            var key = PhoneNumbers.Key(phoneText);
            if (key is null || key.Length is < 6 or > 15)
            {
                errors.Add(new ImportError(line, "電話番号", $"電話番号として読めません（{phoneText}）"));
            }
            phone = PhoneNumbers.Display(phoneText);
        }

        bool? vulnerable = null;
        if (HasVulnerable)
        {
            var flag = columns.Optional(record, Col.Vulnerable, "要支援者", 10, line, errors);
            vulnerable = flag switch
            {
                null or "0" or "いいえ" or "無" or "なし" or "×" => false,
                "1" or "はい" or "有" or "あり" or "○" or "〇" or "◯" => true,
                _ => null,
            };
            if (vulnerable is null)
            {
                errors.Add(new ImportError(line, "要支援者", $"1/0、はい/いいえ、○ のいずれかにしてください（{flag}）"));
            }
        }
        var vulnerableReason = columns.Optional(record, Col.VulnerableReason, "要支援理由", 200, line, errors);

        if (errors.Count > before)
        {
            return null;
        }
        return new ResidentRegisterRow(residentNo!, householdNo!, relationship, family, given, familyKana, givenKana,
            birthDate, sex, district, address, phone, vulnerable, vulnerableReason);
    }

    /// <summary>Splits 氏名 at the first half- or full-width space.</summary>
    internal static bool TrySplitName(string name, out string family, out string given)
    {
        var s = name.Trim();
        var at = s.IndexOfAny([' ', '\u3000']);
        if (at <= 0)
        {
            family = s;
            given = "";
            return false;
        }
        family = s[..at];
        given = s[(at + 1)..].Trim(' ', '\u3000');
        return given.Length > 0;
    }

    private static string? Identifier(string? value) => value?.Normalize(NormalizationForm.FormKC).Trim();
}
