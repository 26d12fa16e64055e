namespace CallCenter.Data.Intentions;

/// <summary>帰還意向: a household's intention to return (<c>IntentionAnswers.Intention</c>, migration 0016).</summary>
public enum ReturnIntention : byte
{
    /// <summary>戻りたいと考えている.</summary>
    WantsToReturn = 1,

    /// <summary>まだ判断がつかない.</summary>
    Undecided = 2,

    /// <summary>戻らないと決めている.</summary>
    WillNotReturn = 3,

    /// <summary>既に町内で生活している.</summary>
    AlreadyBack = 4,
}

/// <summary>判断に必要なこと: what would decide a return (several may be chosen; a bit set in <c>Needs</c>).</summary>
[Flags]
public enum IntentionNeeds
{
    /// <summary>None chosen.</summary>
    None = 0,

    /// <summary>社会基盤の復旧時期のめど.</summary>
    Infrastructure = 1,

    /// <summary>医療・介護福祉施設の再開.</summary>
    MedicalAndCare = 2,

    /// <summary>働く場の確保.</summary>
    Jobs = 4,

    /// <summary>住宅再建の支援.</summary>
    HousingSupport = 8,

    /// <summary>商業施設の再開.</summary>
    Shops = 16,

    /// <summary>放射線量の低下.</summary>
    LowerRadiation = 32,

    /// <summary>学校の再開.</summary>
    Schools = 64,

    /// <summary>その他.</summary>
    Other = 128,
}

/// <summary>戻らない理由: why a household will not return (several may be chosen; a bit set in <c>Reasons</c>).</summary>
[Flags]
public enum NotReturningReasons
{
    /// <summary>None chosen.</summary>
    None = 0,

    /// <summary>避難先で生活基盤ができた.</summary>
    SettledElsewhere = 1,

    /// <summary>家が住める状態でない.</summary>
    HouseUninhabitable = 2,

    /// <summary>放射線への不安.</summary>
    Radiation = 4,

    /// <summary>医療環境への不安.</summary>
    MedicalCare = 8,

    /// <summary>仕事.</summary>
    Work = 16,

    /// <summary>子どもの教育.</summary>
    ChildrenEducation = 32,

    /// <summary>その他.</summary>
    Other = 64,
}

/// <summary>希望する住まい (<c>Housing</c>).</summary>
public enum HousingWish : byte
{
    /// <summary>復興公営住宅.</summary>
    PublicHousing = 1,

    /// <summary>持ち家.</summary>
    OwnHome = 2,

    /// <summary>賃貸.</summary>
    Rental = 3,

    /// <summary>未定.</summary>
    Undecided = 4,
}

/// <summary>How an answer came in (<c>Channel</c>).</summary>
public enum AnswerChannel : byte
{
    /// <summary>電話.</summary>
    Phone = 1,

    /// <summary>郵送.</summary>
    Post = 2,

    /// <summary>窓口.</summary>
    Counter = 3,

    /// <summary>Web.</summary>
    Web = 4,
}

/// <summary>
/// The survey's wording: the Japanese label of every choice, in the order the survey gives them (the order of the bits
/// of the sets), and the reverse look-ups the import and the form use.
/// </summary>
public static class IntentionChoices
{
    /// <summary>The four intentions, in the survey's order.</summary>
    public static IReadOnlyList<ReturnIntention> Intentions { get; } =
        [ReturnIntention.WantsToReturn, ReturnIntention.Undecided, ReturnIntention.WillNotReturn, ReturnIntention.AlreadyBack];

    /// <summary>The full label of an intention, as the survey and the API's <c>byIntention</c> keys write it.</summary>
    public static string Label(this ReturnIntention intention) => intention switch
    {
        ReturnIntention.WantsToReturn => "戻りたいと考えている",
        ReturnIntention.Undecided => "まだ判断がつかない",
        ReturnIntention.WillNotReturn => "戻らないと決めている",
        ReturnIntention.AlreadyBack => "既に町内で生活している",
        _ => intention.ToString(),
    };

    /// <summary>The short label (戻りたい, 判断がつかない, 戻らない, 既に戻っている), for narrow columns and postal files.</summary>
    public static string ShortLabel(this ReturnIntention intention) => intention switch
    {
        ReturnIntention.WantsToReturn => "戻りたい",
        ReturnIntention.Undecided => "判断がつかない",
        ReturnIntention.WillNotReturn => "戻らない",
        ReturnIntention.AlreadyBack => "既に戻っている",
        _ => intention.ToString(),
    };

    /// <summary>The intention a full or short label names (surrounding spaces ignored), or null.</summary>
    public static ReturnIntention? IntentionFromLabel(string? text)
    {
        var label = (text ?? "").Trim();
        foreach (var intention in Intentions)
        {
            if (label == intention.Label() || label == intention.ShortLabel())
            {
                return intention;
            }
        }
        return null;
    }

    /// <summary>The labels of 判断に必要なこと, bit 0 first.</summary>
    public static IReadOnlyList<string> NeedLabels { get; } =
        ["社会基盤の復旧時期のめど", "医療・介護福祉施設の再開", "働く場の確保", "住宅再建の支援", "商業施設の再開", "放射線量の低下", "学校の再開", "その他"];

    /// <summary>The labels of 戻らない理由, bit 0 first.</summary>
    public static IReadOnlyList<string> ReasonLabels { get; } =
        ["避難先で生活基盤ができた", "家が住める状態でない", "放射線への不安", "医療環境への不安", "仕事", "子どもの教育", "その他"];

    /// <summary>The labels of 希望する住まい, <see cref="HousingWish.PublicHousing"/> first.</summary>
    public static IReadOnlyList<string> HousingLabels { get; } = ["復興公営住宅", "持ち家", "賃貸", "未定"];

    /// <summary>The labels of the channels, <see cref="AnswerChannel.Phone"/> first.</summary>
    public static IReadOnlyList<string> ChannelLabels { get; } = ["電話", "郵送", "窓口", "Web"];

    /// <summary>The labels of the needs set in <paramref name="needs"/>, in the survey's order.</summary>
    public static IReadOnlyList<string> Labels(this IntentionNeeds needs) => LabelsOf((int)needs, NeedLabels);

    /// <summary>The labels of the reasons set in <paramref name="reasons"/>, in the survey's order.</summary>
    public static IReadOnlyList<string> Labels(this NotReturningReasons reasons) => LabelsOf((int)reasons, ReasonLabels);

    /// <summary>The label of a housing wish.</summary>
    public static string Label(this HousingWish housing) => HousingLabels[(int)housing - 1];

    /// <summary>The label of a channel.</summary>
    public static string Label(this AnswerChannel channel) => ChannelLabels[(int)channel - 1];

    /// <summary>The need a label names, or null.</summary>
    public static IntentionNeeds? NeedFromLabel(string? text) => BitOf(text, NeedLabels) is { } bit ? (IntentionNeeds)bit : null;

    /// <summary>The reason a label names, or null.</summary>
    public static NotReturningReasons? ReasonFromLabel(string? text) => BitOf(text, ReasonLabels) is { } bit ? (NotReturningReasons)bit : null;

    /// <summary>The housing wish a label names, or null.</summary>
    public static HousingWish? HousingFromLabel(string? text) => IndexOf(text, HousingLabels) is { } i ? (HousingWish)(i + 1) : null;

    /// <summary>The channel a label names (Web in any case, ＷＥＢ in full width too), or null.</summary>
    public static AnswerChannel? ChannelFromLabel(string? text)
    {
        var label = (text ?? "").Normalize(System.Text.NormalizationForm.FormKC).Trim();
        return label.Equals("web", StringComparison.OrdinalIgnoreCase) ? AnswerChannel.Web
            : IndexOf(label, ChannelLabels) is { } i ? (AnswerChannel)(i + 1) : null;
    }

    private static IReadOnlyList<string> LabelsOf(int bits, IReadOnlyList<string> labels) =>
        [.. labels.Where((_, i) => (bits & (1 << i)) != 0)];

    private static int? BitOf(string? text, IReadOnlyList<string> labels) => IndexOf(text, labels) is { } i ? 1 << i : null;

    private static int? IndexOf(string? text, IReadOnlyList<string> labels)
    {
        var label = (text ?? "").Trim();
        for (var i = 0; i < labels.Count; i++)
        {
            if (labels[i] == label)
            {
                return i;
            }
        }
        return null;
    }
}
