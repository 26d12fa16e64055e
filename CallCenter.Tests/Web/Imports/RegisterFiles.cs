namespace CallCenter.Tests.Web.Imports;

/// <summary>The register files the register-import page and its data work are tried with.</summary>
internal static class RegisterFiles
{
    /// <summary>The register CSV header (住民名簿).</summary>
    public const string Header = "住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号";

    /// <summary>One household of two, CRLF line ends, no errors.</summary>
    public static readonly string GoodFile = string.Join("\r\n",
        Header,
        "0000101,H0101,世帯主,大和田 茂,オオワダ シゲル,昭和21年8月15日,男,中浜,福島県双葉郡汐見町大字中浜3-2,0240-33-1010",
        "0000102,H0101,妻,大和田 セツ子,オオワダ セツコ,昭和24年1月9日,女,中浜,福島県双葉郡汐見町大字中浜3-2,",
        "");
}
