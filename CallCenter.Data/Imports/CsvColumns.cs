using System.Runtime.CompilerServices;
using System.Text;

namespace CallCenter.Data.Imports;

/// <summary>
/// Where each known column of an imported CSV stands, found from its header, and the field checks every import
/// shares (the resident register and the status lists). A header cell matches a column by its Japanese name or an
/// English alias after NFKC and lower-casing (a BOM left on the first cell is ignored); a column named twice and a
/// required column missing are reported on line 1.
/// </summary>
/// <typeparam name="TCol">The import's column enum; its values are 0, 1, 2, ...</typeparam>
internal sealed class CsvColumns<TCol> where TCol : struct, Enum
{
    private readonly int[] index;

    private CsvColumns(int[] index, int fieldCount)
    {
        this.index = index;
        FieldCount = fieldCount;
    }

    /// <summary>Number of fields in the header; every record must have the same.</summary>
    public int FieldCount { get; }

    /// <summary>Maps a header record; returns null and fills <paramref name="errors"/> when it is unusable.</summary>
    public static CsvColumns<TCol>? Map(IReadOnlyList<string> header,
        IReadOnlyList<(TCol Col, string Japanese, string[] Aliases, bool Required)> columns, List<ImportError> errors)
    {
        var index = Enumerable.Repeat(-1, columns.Count).ToArray();
        for (var i = 0; i < header.Count; i++)
        {
            var name = Clean(header[i]).Normalize(NormalizationForm.FormKC).ToLowerInvariant();
            if (i == 0)
            {
                name = name.TrimStart('\uFEFF');
            }
            foreach (var column in columns)
            {
                if (name == column.Japanese || column.Aliases.Contains(name))
                {
                    if (index[Ordinal(column.Col)] >= 0)
                    {
                        errors.Add(new ImportError(1, column.Japanese, "見出しが重複しています"));
                    }
                    index[Ordinal(column.Col)] = i;
                }
            }
        }
        var missing = columns.Where(c => c.Required && index[Ordinal(c.Col)] < 0).Select(c => c.Japanese).ToList();
        if (missing.Count > 0)
        {
            errors.Add(new ImportError(1, "見出し", $"必須の列がありません: {string.Join("、", missing)}"));
        }
        return errors.Count > 0 ? null : new CsvColumns<TCol>(index, header.Count);
    }

    /// <summary>Whether the file has the column.</summary>
    public bool Has(TCol col) => index[Ordinal(col)] >= 0;

    /// <summary>The field trimmed of spaces (half- and full-width) and tabs; null when the column is absent or the field empty.</summary>
    public string? Field(IReadOnlyList<string> record, TCol col)
    {
        var i = index[Ordinal(col)];
        if (i < 0)
        {
            return null;
        }
        var value = Clean(record[i]);
        return value.Length == 0 ? null : value;
    }

    /// <summary>
    /// A field that must be given, fit <paramref name="maxLength"/> and hold no control or bidirectional character
    /// (<see cref="Common.TextSafety"/>); otherwise null and an error.
    /// </summary>
    public string? Required(IReadOnlyList<string> record, TCol col, string label, int maxLength, int line, List<ImportError> errors)
    {
        var value = Field(record, col);
        if (value is null)
        {
            errors.Add(new ImportError(line, label, "必須項目が空です"));
            return null;
        }
        return Fits(value, label, maxLength, line, errors);
    }

    /// <summary>A field that may be empty but must fit <paramref name="maxLength"/> and be safe text; otherwise null and an error.</summary>
    public string? Optional(IReadOnlyList<string> record, TCol col, string label, int maxLength, int line, List<ImportError> errors)
    {
        var value = Field(record, col);
        return value is null ? null : Fits(value, label, maxLength, line, errors);
    }

    private static string? Fits(string value, string label, int maxLength, int line, List<ImportError> errors)
    {
        if (Common.TextSafety.Problem(value) is { } problem)
        {
            errors.Add(new ImportError(line, label, problem));
            return null;
        }
        if (value.Length > maxLength)
        {
            errors.Add(new ImportError(line, label, $"{maxLength}文字以内にしてください（{value.Length}文字）"));
            return null;
        }
        return value;
    }

    // Names and places keep their characters exactly as given: even NFC maps some CJK compatibility ideographs to
    // other code points, and a person's own spelling must survive. Readings, numbers and dates are NFKC-normalized
    // where they are parsed.
    internal static string Clean(string value) => value.Trim(' ', '\t', '\u3000');

    private static int Ordinal(TCol col) => Unsafe.As<TCol, int>(ref col);
}
