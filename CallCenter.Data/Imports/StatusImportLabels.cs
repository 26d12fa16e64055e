using CallCenter.Data.Common;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;

namespace CallCenter.Data.Imports;

/// <summary>
/// Japanese labels of <see cref="StatusImportMatchState"/>, and the names and whereabouts of status-list lines and
/// their candidates as the import and review pages show them.
/// </summary>
public static class StatusImportLabels
{
    /// <summary>The state's label: 一致, 候補複数・要確認, 該当なし, 確認済み, 仮登録 or 対象外.</summary>
    public static string Label(this StatusImportMatchState state) => state switch
    {
        StatusImportMatchState.Matched => "一致",
        StatusImportMatchState.Ambiguous => "候補複数・要確認",
        StatusImportMatchState.Unmatched => "該当なし",
        StatusImportMatchState.Resolved => "確認済み",
        StatusImportMatchState.Provisional => "仮登録",
        StatusImportMatchState.Skipped => "対象外",
        _ => state.ToString(),
    };

    /// <summary>避難先 for display: type, prefecture, municipality, place (the parts given, space-separated).</summary>
    public static string WhereaboutsText(WhereaboutsType? type, byte? prefectureCode, string? municipality, string? place) =>
        string.Join(" ", new[] { type?.Label(), Prefectures.Name(prefectureCode), municipality, place }.Where(s => !string.IsNullOrEmpty(s)));

    /// <summary>True for the states that wait in the review queue.</summary>
    public static bool IsPending(this StatusImportMatchState state) =>
        state is StatusImportMatchState.Ambiguous or StatusImportMatchState.Unmatched;

    /// <summary>
    /// 氏名 as a status list and its review queue show it: family and given name separated by a full-width space, or
    /// the family name alone when there is no given name.
    /// </summary>
    public static string ListName(string familyName, string givenName) =>
        givenName.Length == 0 ? familyName : $"{familyName}　{givenName}";

    /// <summary>氏名カナ as a status list and its review queue show it: separated by a half-width space, or the family name alone.</summary>
    public static string ListNameKana(string familyNameKana, string givenNameKana) =>
        givenNameKana.Length == 0 ? familyNameKana : $"{familyNameKana} {givenNameKana}";

    /// <summary>A candidate's 氏名 in the words of <see cref="ListName(string, string)"/>.</summary>
    public static string ListName(this ResidentSummary resident) => ListName(resident.FamilyName, resident.GivenName);

    /// <summary>A candidate's 氏名カナ in the words of <see cref="ListNameKana(string, string)"/>.</summary>
    public static string ListNameKana(this ResidentSummary resident) => ListNameKana(resident.FamilyNameKana, resident.GivenNameKana);
}
