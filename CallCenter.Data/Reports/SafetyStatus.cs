namespace CallCenter.Data.Reports;

/// <summary>安否: the safety status of a person. Stored as its number.</summary>
public enum SafetyStatus : byte
{
    /// <summary>未確認</summary>
    Unconfirmed = 0,
    /// <summary>無事</summary>
    Safe = 1,
    /// <summary>負傷</summary>
    Injured = 2,
    /// <summary>入院中</summary>
    Hospitalized = 3,
    /// <summary>行方不明</summary>
    Missing = 4,
    /// <summary>死亡</summary>
    Deceased = 5,
}

/// <summary>情報源: where a safety report came from.</summary>
public enum ReportSource : byte
{
    /// <summary>本人</summary>
    Self = 1,
    /// <summary>家族・親族</summary>
    Family = 2,
    /// <summary>知人・近隣</summary>
    Acquaintance = 3,
    /// <summary>避難所名簿</summary>
    ShelterList = 4,
    /// <summary>行政・他機関</summary>
    Agency = 5,
    /// <summary>その他</summary>
    Other = 9,
}

/// <summary>避難先種別: the kind of place a person is staying.</summary>
public enum WhereaboutsType : byte
{
    /// <summary>不明</summary>
    Unknown = 0,
    /// <summary>避難所</summary>
    Shelter = 1,
    /// <summary>親族・知人宅</summary>
    RelativeHome = 2,
    /// <summary>旅館・ホテル</summary>
    Hotel = 3,
    /// <summary>仮設住宅</summary>
    TemporaryHousing = 4,
    /// <summary>借上げ住宅</summary>
    LeasedHousing = 5,
    /// <summary>病院</summary>
    Hospital = 6,
    /// <summary>福祉施設</summary>
    WelfareFacility = 7,
    /// <summary>自宅</summary>
    Home = 8,
    /// <summary>海外</summary>
    Abroad = 9,
    /// <summary>その他</summary>
    Other = 10,
}

/// <summary>Japanese labels of the report enums, as shown to operators and written to CSV.</summary>
public static class ReportLabels
{
    /// <summary>The Japanese label of a safety status (無事, 負傷, 行方不明…).</summary>
    public static string Label(this SafetyStatus status) => status switch
    {
        SafetyStatus.Unconfirmed => "未確認",
        SafetyStatus.Safe => "無事",
        SafetyStatus.Injured => "負傷",
        SafetyStatus.Hospitalized => "入院中",
        SafetyStatus.Missing => "行方不明",
        SafetyStatus.Deceased => "死亡",
        _ => status.ToString(),
    };

    /// <summary>The Japanese label of an information source (本人, 家族・親族, 行政・他機関…).</summary>
    public static string Label(this ReportSource source) => source switch
    {
        ReportSource.Self => "本人",
        ReportSource.Family => "家族・親族",
        ReportSource.Acquaintance => "知人・近隣",
        ReportSource.ShelterList => "避難所名簿",
        ReportSource.Agency => "行政・他機関",
        ReportSource.Other => "その他",
        _ => source.ToString(),
    };

    /// <summary>The Japanese label of a kind of whereabouts (避難所, 親族・知人宅, 病院…).</summary>
    public static string Label(this WhereaboutsType type) => type switch
    {
        WhereaboutsType.Unknown => "不明",
        WhereaboutsType.Shelter => "避難所",
        WhereaboutsType.RelativeHome => "親族・知人宅",
        WhereaboutsType.Hotel => "旅館・ホテル",
        WhereaboutsType.TemporaryHousing => "仮設住宅",
        WhereaboutsType.LeasedHousing => "借上げ住宅",
        WhereaboutsType.Hospital => "病院",
        WhereaboutsType.WelfareFacility => "福祉施設",
        WhereaboutsType.Home => "自宅",
        WhereaboutsType.Abroad => "海外",
        WhereaboutsType.Other => "その他",
        _ => type.ToString(),
    };
}
