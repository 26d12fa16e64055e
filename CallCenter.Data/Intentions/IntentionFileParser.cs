using System.Text;
using CallCenter.Data.Common;
using CallCenter.Data.Imports;

namespace CallCenter.Data.Intentions;

/// <summary>
/// Reads the lines of an intention file (postal returns): columns by Japanese or English header, numbers resolved to
/// households through the look-ups given, every field checked; each problem with line, column and reason in Japanese.
/// </summary>
internal sealed class IntentionFileParser
{
    private enum Col { HouseholdNo, ResidentNo, AnsweredOn, Intention, Needs, Reasons, Housing, Respondent, Channel }

    private static readonly (Col, string, string[], bool)[] Columns =
    [
        (Col.HouseholdNo, "世帯番号", ["household_no"], false),
        (Col.ResidentNo, "住民番号", ["resident_no"], false),
        (Col.AnsweredOn, "回答日", ["answered_on"], true),
        (Col.Intention, "帰還意向", ["intention"], true),
        (Col.Needs, "判断に必要なこと", ["needs"], false),
        (Col.Reasons, "戻らない理由", ["reasons"], false),
        (Col.Housing, "希望する住まい", ["housing"], false),
        (Col.Respondent, "回答者", ["respondent"], false),
        (Col.Channel, "経路", ["channel"], false),
    ];

    private static readonly char[] ListSeparators = [';', '；', '、'];

    private readonly CsvColumns<Col> columns;
    private readonly DateOnly today;

    private IntentionFileParser(CsvColumns<Col> columns, DateOnly today)
    {
        this.columns = columns;
        this.today = today;
    }

    /// <summary>Whether the file names residents (the resident look-up is needed only then).</summary>
    public bool HasResidentNo => columns.Has(Col.ResidentNo);

    /// <summary>Whether the file names households.</summary>
    public bool HasHouseholdNo => columns.Has(Col.HouseholdNo);

    /// <summary>Maps a header record; returns null and fills <paramref name="errors"/> when it is unusable.</summary>
    public static IntentionFileParser? FromHeader(IReadOnlyList<string> header, DateOnly today, List<ImportError> errors)
    {
        var columns = CsvColumns<Col>.Map(header, Columns, errors);
        if (columns is null)
        {
            return null;
        }
        if (!columns.Has(Col.HouseholdNo) && !columns.Has(Col.ResidentNo))
        {
            errors.Add(new ImportError(1, "見出し", "世帯番号か住民番号の列が必要です"));
            return null;
        }
        return new IntentionFileParser(columns, today);
    }

    /// <summary>
    /// Validates one record and resolves its household through <paramref name="households"/> (household number → id)
    /// and <paramref name="residents"/> (resident number → household id). Returns null and adds every problem of the line
    /// when it is invalid.
    /// </summary>
    public (IntentionAnswerDraft Answer, string HouseholdNo)? Parse(IReadOnlyList<string> record, int line, int roundId,
        IReadOnlyDictionary<string, int> households, IReadOnlyDictionary<string, int>? residents, Func<int, string> householdNoOf,
        List<ImportError> errors)
    {
        if (record.Count != columns.FieldCount)
        {
            errors.Add(new ImportError(line, "行", $"項目数が{record.Count}個です（見出しは{columns.FieldCount}個）"));
            return null;
        }
        var before = errors.Count;

        var householdNo = Identifier(columns.Optional(record, Col.HouseholdNo, "世帯番号", 20, line, errors));
        var residentNo = Identifier(columns.Optional(record, Col.ResidentNo, "住民番号", 20, line, errors));
        int? householdId = null;
        if (errors.Count == before)
        {
            if (householdNo is null && residentNo is null)
            {
                errors.Add(new ImportError(line, HasHouseholdNo ? "世帯番号" : "住民番号", "世帯番号か住民番号のどちらかを入力してください"));
            }
            int? byHousehold = null, byResident = null;
            if (householdNo is not null)
            {
                if (households.TryGetValue(householdNo, out var id))
                {
                    byHousehold = id;
                }
                else
                {
                    errors.Add(new ImportError(line, "世帯番号", $"世帯番号「{householdNo}」は住民台帳にありません"));
                }
            }
            if (residentNo is not null)
            {
                if (residents!.TryGetValue(residentNo, out var id))
                {
                    byResident = id;
                }
                else
                {
                    errors.Add(new ImportError(line, "住民番号", $"住民番号「{residentNo}」は住民台帳にありません（または世帯がありません）"));
                }
            }
            if (byHousehold is { } h && byResident is { } r && h != r)
            {
                errors.Add(new ImportError(line, "住民番号", $"住民番号「{residentNo}」の世帯（世帯番号 {householdNoOf(r)}）が世帯番号「{householdNo}」と違います"));
            }
            householdId = byHousehold ?? byResident;
        }

        DateOnly answeredOn = default;
        var dateText = columns.Required(record, Col.AnsweredOn, "回答日", 30, line, errors);
        if (dateText is not null)
        {
            if (!JapaneseDates.TryParse(dateText, out answeredOn, out var dateError))
            {
                errors.Add(new ImportError(line, "回答日", dateError ?? $"日付として読めません（{dateText}）"));
            }
            else if (answeredOn > today)
            {
                errors.Add(new ImportError(line, "回答日", $"未来の日付です（{JapaneseDates.FormatWestern(answeredOn)}）"));
            }
        }

        ReturnIntention? intention = null;
        var intentionText = columns.Required(record, Col.Intention, "帰還意向", 30, line, errors);
        if (intentionText is not null)
        {
            intention = IntentionChoices.IntentionFromLabel(intentionText.Normalize(NormalizationForm.FormKC));
            if (intention is null)
            {
                errors.Add(new ImportError(line, "帰還意向",
                    $"「{intentionText}」は選択肢にありません（{string.Join("、", IntentionChoices.Intentions.Select(i => i.ShortLabel()))} またはその正式な表記）"));
            }
        }

        var needs = (IntentionNeeds)Set(record, Col.Needs, "判断に必要なこと", IntentionChoices.NeedLabels, line, errors);
        var reasons = (NotReturningReasons)Set(record, Col.Reasons, "戻らない理由", IntentionChoices.ReasonLabels, line, errors);
        if (reasons != NotReturningReasons.None && intention is { } given && given != ReturnIntention.WillNotReturn)
        {
            errors.Add(new ImportError(line, "戻らない理由", $"帰還意向が「{given.Label()}」のときは書けません（「戻らないと決めている」のときだけ）"));
        }

        HousingWish? housing = null;
        if (columns.Optional(record, Col.Housing, "希望する住まい", 30, line, errors) is { } housingText)
        {
            housing = IntentionChoices.HousingFromLabel(housingText);
            if (housing is null)
            {
                errors.Add(new ImportError(line, "希望する住まい", $"「{housingText}」は選択肢にありません（{string.Join("、", IntentionChoices.HousingLabels)}）"));
            }
        }

        var respondent = columns.Optional(record, Col.Respondent, "回答者", IntentionAnswers.MaxRespondentLength, line, errors);

        var channel = AnswerChannel.Post;
        if (columns.Optional(record, Col.Channel, "経路", 10, line, errors) is { } channelText)
        {
            if (IntentionChoices.ChannelFromLabel(channelText) is { } c)
            {
                channel = c;
            }
            else
            {
                errors.Add(new ImportError(line, "経路", $"「{channelText}」は選択肢にありません（{string.Join("、", IntentionChoices.ChannelLabels)}）"));
            }
        }

        if (errors.Count > before || householdId is not { } household)
        {
            return null;
        }
        return (new IntentionAnswerDraft(roundId, household, answeredOn, intention, needs, reasons, housing, respondent, channel), householdNo ?? householdNoOf(household));
    }

    private int Set(IReadOnlyList<string> record, Col col, string label, IReadOnlyList<string> labels, int line, List<ImportError> errors)
    {
        if (columns.Optional(record, col, label, 500, line, errors) is not { } text)
        {
            return 0;
        }
        var bits = 0;
        foreach (var part in text.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var value = part.Trim('\u3000');
            var index = -1;
            for (var i = 0; i < labels.Count; i++)
            {
                if (labels[i] == value)
                {
                    index = i;
                    break;
                }
            }
            if (index < 0)
            {
                errors.Add(new ImportError(line, label, $"「{value}」は選択肢にありません"));
            }
            else
            {
                bits |= 1 << index;
            }
        }
        return bits;
    }

    private static string? Identifier(string? value) => value?.Normalize(NormalizationForm.FormKC).Trim();
}
