using System.Text;
using CallCenter.Data.Imports;

namespace CallCenter.Data.Mailing;

/// <summary>
/// Reads the lines of a mailing-address file: columns by Japanese or English header, the household number resolved
/// through the look-up given, every field checked by <see cref="MailingAddressRules"/>; each problem with line, column
/// and reason in Japanese.
/// </summary>
internal sealed class MailingImportFileParser
{
    private enum Col { HouseholdNo, Addressee, PostalCode, Address1, Address2, ConfirmedOn }

    private static readonly (Col, string, string[], bool)[] Columns =
    [
        (Col.HouseholdNo, "世帯番号", ["household_no"], true),
        (Col.Addressee, "宛名", ["addressee"], true),
        (Col.PostalCode, "郵便番号", ["postal_code"], true),
        (Col.Address1, "住所1", ["address1"], true),
        (Col.Address2, "住所2", ["address2"], false),
        (Col.ConfirmedOn, "確認日", ["confirmed_on"], false),
    ];

    /// <summary>The Japanese column of each field key <see cref="MailingAddressRules.Check"/> reports.</summary>
    private static readonly Dictionary<string, string> ColumnOfField = new(StringComparer.Ordinal)
    {
        ["addressee"] = "宛名", ["postalCode"] = "郵便番号", ["address1"] = "住所1", ["address2"] = "住所2", ["confirmedOn"] = "確認日",
    };

    private readonly CsvColumns<Col> columns;
    private readonly DateOnly today;

    private MailingImportFileParser(CsvColumns<Col> columns, DateOnly today)
    {
        this.columns = columns;
        this.today = today;
    }

    /// <summary>Maps a header record; returns null and fills <paramref name="errors"/> when it is unusable.</summary>
    public static MailingImportFileParser? FromHeader(IReadOnlyList<string> header, DateOnly today, List<ImportError> errors) =>
        CsvColumns<Col>.Map(header, Columns, errors) is { } columns ? new MailingImportFileParser(columns, today) : null;

    /// <summary>
    /// Validates one record and resolves its household through <paramref name="households"/> (household number → id).
    /// Returns null and adds every problem of the line when it is invalid.
    /// </summary>
    public (MailingAddressValue Value, string HouseholdNo)? Parse(IReadOnlyList<string> record, int line,
        IReadOnlyDictionary<string, int> households, List<ImportError> errors)
    {
        if (record.Count != columns.FieldCount)
        {
            errors.Add(new ImportError(line, "行", $"項目数が{record.Count}個です（見出しは{columns.FieldCount}個）"));
            return null;
        }
        var before = errors.Count;
        var householdNo = columns.Required(record, Col.HouseholdNo, "世帯番号", 20, line, errors)?.Normalize(NormalizationForm.FormKC).Trim();
        var householdId = 0;
        if (householdNo is not null && !households.TryGetValue(householdNo, out householdId))
        {
            errors.Add(new ImportError(line, "世帯番号", $"世帯番号「{householdNo}」は住民台帳にありません"));
        }
        var problems = new List<(string Field, string Message)>();
        var value = MailingAddressRules.Check(new MailingAddressDraft(householdId, columns.Field(record, Col.Addressee),
            columns.Field(record, Col.PostalCode), columns.Field(record, Col.Address1), columns.Field(record, Col.Address2),
            columns.Field(record, Col.ConfirmedOn)), today, problems);
        foreach (var (field, message) in problems)
        {
            errors.Add(new ImportError(line, ColumnOfField[field], message.TrimEnd('。')));
        }
        return errors.Count > before || value is null ? null : (value, householdNo!);
    }
}
