using CallCenter.Data.Approvals;
using CallCenter.Data.Inquiries;
using CallCenter.Data.Reports;

namespace CallCenter.Tests.Data.Inquiries;

public sealed class ConsentRulesTests
{
    private const DisclosureItems None = DisclosureItems.None;
    private const DisclosureItems Relative = ConsentRules.RelativeItems;
    private const DisclosureItems Acquaintance = ConsentRules.AcquaintanceItems;
    private const DisclosureItems Public = ConsentRules.PublicItems;

    // Consent is written ⑫⑬⑭ as Y (yes), N (no) or - (not asked).
    public static TheoryData<InquirerType, string, DisclosureItems> Cases => new()
    {
        // A relative: everything ⑫ allows unless ⑫ is no (not asked is not a no); ⑬⑭ do not matter.
        { InquirerType.Relative, "YYY", Relative },
        { InquirerType.Relative, "Y--", Relative },
        { InquirerType.Relative, "YNN", Relative },
        { InquirerType.Relative, "NYY", None },
        { InquirerType.Relative, "N--", None },
        { InquirerType.Relative, "-Y-", Relative },
        { InquirerType.Relative, "-NY", Relative },
        { InquirerType.Relative, "---", Relative },
        { InquirerType.Relative, "-NN", Relative },
        // An acquaintance: never whereabouts or contact, even when ⑫ says yes; nothing when ⑬ is no.
        { InquirerType.Acquaintance, "YYY", Acquaintance },
        { InquirerType.Acquaintance, "Y--", Acquaintance },
        { InquirerType.Acquaintance, "-Y-", Acquaintance },
        { InquirerType.Acquaintance, "YNY", None },
        { InquirerType.Acquaintance, "-N-", None },
        { InquirerType.Acquaintance, "N-N", Acquaintance },
        { InquirerType.Acquaintance, "---", Acquaintance },
        // Anyone else: only whether the person is safe, and only with ⑭ yes.
        { InquirerType.Other, "YYY", Public },
        { InquirerType.Other, "YY-", None },
        { InquirerType.Other, "YYN", None },
        { InquirerType.Other, "--Y", Public },
        { InquirerType.Other, "---", None },
        { InquirerType.Other, "NNN", None },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decide_AllowsTheTiersItems(InquirerType inquirer, string consent, DisclosureItems expected)
    {
        var decision = ConsentRules.Decide(inquirer, Parse(consent));

        Assert.Equal(expected, decision.Allowed);
        Assert.False(string.IsNullOrWhiteSpace(decision.Headline));
    }

    [Fact]
    public void Decide_NeverExceedsTheInquirersTier_And_ADeclineMeansNothing_ForEveryCombination()
    {
        bool?[] answers = [true, false, null];
        foreach (var inquirer in Enum.GetValues<InquirerType>())
        {
            foreach (var relatives in answers)
            {
                foreach (var acquaintances in answers)
                {
                    foreach (var everyone in answers)
                    {
                        var consent = new Consent(relatives, acquaintances, everyone);
                        var decision = ConsentRules.Decide(inquirer, consent);
                        var ceiling = inquirer switch
                        {
                            InquirerType.Relative => Relative,
                            InquirerType.Acquaintance => Acquaintance,
                            _ => Public,
                        };
                        var own = inquirer switch
                        {
                            InquirerType.Relative => relatives,
                            InquirerType.Acquaintance => acquaintances,
                            _ => everyone,
                        };
                        Assert.True((decision.Allowed & ~ceiling) == None, $"{inquirer} {consent}: {decision.Allowed}");
                        var declined = own == false || (inquirer == InquirerType.Other && own is null);
                        Assert.True(declined ? decision.NothingAllowed : decision.Allowed == ceiling, $"{inquirer} {consent}: {decision.Allowed}");
                        Assert.Contains(decision.Allowed == None ? "何も伝えないでください" : "伝えてよいのは", decision.Headline, StringComparison.Ordinal);
                    }
                }
            }
        }
    }

    [Fact]
    public void Decide_TellsOperatorPlainly()
    {
        var relative = ConsentRules.Decide(InquirerType.Relative, Parse("YNN"));
        Assert.Equal("伝えてよいのは「氏名・生年月日等・安否・負傷・所在・連絡先」です。", relative.Headline);
        Assert.Equal("⑫親族 可 ／ ⑬知人 否 ／ ⑭その他 否", relative.Basis);

        var acquaintance = ConsentRules.Decide(InquirerType.Acquaintance, Parse("YY-"));
        Assert.Equal("伝えてよいのは「氏名・生年月日等・安否・負傷」です。", acquaintance.Headline);
        Assert.Equal("所在・連絡先は伝えないでください。", acquaintance.Guidance[0]);

        var declined = ConsentRules.Decide(InquirerType.Relative, Parse("NYY"));
        Assert.Equal("本人が親族・同居者への情報提供を断っています。安否を含め、何も伝えないでください。", declined.Headline);
        Assert.Contains(declined.Guidance, g => g.Contains("断っていることも伝えないでください", StringComparison.Ordinal));

        var relativeNotAsked = ConsentRules.Decide(InquirerType.Relative, Parse("---"));
        Assert.Equal(Relative, relativeNotAsked.Allowed);
        Assert.Contains(relativeNotAsked.Guidance, g => g.Contains("断ってはいないため", StringComparison.Ordinal));
        Assert.Contains(relativeNotAsked.Guidance, g => g.Contains("親族・同居者であることを確かめ", StringComparison.Ordinal));

        var notAsked = ConsentRules.Decide(InquirerType.Other, Parse("---"));
        Assert.Contains("同意がありません", notAsked.Headline, StringComparison.Ordinal);
        Assert.Contains(notAsked.Guidance, g => g.Contains("伝言", StringComparison.Ordinal));
    }

    [Fact]
    public void Decide_WarnsNotToTellAPendingGraveStatus()
    {
        var decision = ConsentRules.Decide(InquirerType.Relative, Parse("Y--"), SafetyStatus.Deceased);

        Assert.Equal(Relative, decision.Allowed);
        Assert.Contains("承認待ちの「死亡」の報告は伝えないでください（確定していません）。", decision.Guidance);
    }

    [Fact]
    public void LatestConsent_TakesEachTiersNewestAnswer_IgnoringRejectedReports()
    {
        var day = new DateTime(2026, 3, 12, 0, 0, 0, DateTimeKind.Utc);
        SafetyReport[] reports =
        [
            new() { ReportId = 1, ReportedAt = day, ConsentRelatives = true, ConsentAcquaintances = true, ConsentPublic = true },
            new() { ReportId = 2, ReportedAt = day.AddDays(1), ConsentRelatives = false },
            new() { ReportId = 3, ReportedAt = day.AddDays(2) }, // a shelter list: asked nothing
            new() { ReportId = 4, ReportedAt = day.AddDays(3), ConsentPublic = false, Approval = ApprovalState.Rejected },
        ];

        Assert.Equal(new Consent(false, true, true), ConsentRules.LatestConsent(reports));
        Assert.Equal(Consent.NotAsked, ConsentRules.LatestConsent([]));
    }

    private static Consent Parse(string yesNo)
    {
        static bool? One(char c) => c switch { 'Y' => true, 'N' => false, _ => null };
        return new Consent(One(yesNo[0]), One(yesNo[1]), One(yesNo[2]));
    }
}
