namespace CallCenter.Tests.Data.Imports;

/// <summary>A register and status lists the status-import tests share (data, bUnit and browser).</summary>
public static class StatusImportTestData
{
    /// <summary>
    /// Six households: 佐藤 (five), 鈴木, and two 高橋 花子 (the same reading, different birth dates and districts).
    /// </summary>
    public const string Register = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
        S0001,SH01,世帯主,佐藤 正男,サトウ マサオ,昭和22年5月3日,男,浜区,汐見町浜1-1,0240-11-2233
        S0002,SH01,妻,佐藤 節子,サトウ セツコ,昭和25年8月1日,女,浜区,汐見町浜1-1,
        S0003,SH01,子,佐藤 浩二,サトウ コウジ,1975-02-14,男,浜区,汐見町浜1-1,090-2222-3333
        S0101,SH02,世帯主,鈴木 一郎,スズキ イチロウ,1960-01-01,男,山区,汐見町山2-2,
        S0201,SH03,世帯主,高橋 花子,タカハシ ハナコ,1980-04-01,女,浜区,汐見町浜3-3,
        S0301,SH04,世帯主,髙橋 花子,タカハシ ハナコ,1955-09-09,女,山区,汐見町山4-4,
        """;

    public const string Header = "住民番号,氏名,氏名カナ,生年月日,性別,安否,避難先種別,都道府県,市区町村,避難先,連絡先,確認日";

    /// <summary>
    /// One line per matching case, lines 2..8: by number; by reading and birth date; ambiguous; none;
    /// number and name conflicting; reading unique but birth date contradicting; nobody by reading.
    /// </summary>
    public static readonly string MixedList = string.Join("\r\n",
        Header,
        "S0003,佐藤 浩二,サトウ コウジ,1975/02/14,男,無事,避難所,福島県,会津若松市,会津若松市立第一中学校 体育館,090-2222-3333,2026/03/13",
        ",高橋 花子,たかはし はなこ,昭和55年4月1日,女,負傷,病院,福島県,会津若松市,会津中央病院,,令和8年3月13日",
        ",高橋 花子,タカハシ ハナコ,,女,無事,避難所,福島県,いわき市,いわき市総合体育館,,2026/03/13",
        ",山本 太郎,ヤマモト タロウ,1990/07/07,男,無事,親族・知人宅,宮城県,仙台市,,022-123-4567,2026/03/13",
        "S0003,鈴木 一郎,スズキ イチロウ,1960/01/01,男,無事,避難所,福島県,郡山市,ビッグパレットふくしま,,2026/03/13",
        ",佐藤 正男,サトウ マサオ,1950/01/01,男,無事,避難所,福島県,郡山市,ビッグパレットふくしま,,2026/03/13",
        "");
}
