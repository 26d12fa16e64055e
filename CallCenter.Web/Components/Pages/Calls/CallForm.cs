using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;

namespace CallCenter.Web.Components.Pages.Calls;

/// <summary>What the operator has typed so far for one call: kept across validation errors and reloads.</summary>
public sealed class CallForm
{
    /// <summary>The relations offered in the caller's 続柄・関係 box; anything else may be typed.</summary>
    public static IReadOnlyList<string> Relations { get; } =
        ["本人", "配偶者", "子", "親", "兄弟姉妹", "親族", "知人", "近所", "避難所職員", "行政", "その他"];

    /// <summary>The resident whose page the call was opened from.</summary>
    public required int OpenedResidentId { get; init; }

    public string? CallerName { get; set; }
    public string? CallerPhone { get; set; }
    public string? CallerRelation { get; set; }
    public CallDirection Direction { get; set; } = CallDirection.Inbound;
    public string? Note { get; set; }

    /// <summary>The wrap-up code (要件) chosen, required for an inbound call.</summary>
    public int? WrapUpCodeId { get; set; }

    /// <summary>When the form opened (UTC, the server's clock): the call timer's start, stored as the call's start.</summary>
    public DateTime? StartedAt { get; init; }

    /// <summary>The caller's name as filled in from the person for 本人 (so a name the operator typed is never replaced).</summary>
    private string? filledCallerName;

    /// <summary>The opened resident's household (requests are the household's), or null.</summary>
    public int? HouseholdId { get; init; }

    /// <summary>The requests (要望・相談) heard in this call, saved with it.</summary>
    public RequestRows Requests { get; } = new();

    /// <summary>The household in display order; only the selected members are saved.</summary>
    public List<MemberForm> Members { get; } = [];

    public IEnumerable<MemberForm> Selected => Members.Where(m => m.Selected);

    /// <summary>Builds a form for a household, with the opened resident selected; <paramref name="openedAt"/> starts the call timer.</summary>
    public static CallForm For(ResidentSummary opened, IReadOnlyList<ResidentSummary> household, DateTime? openedAt = null)
    {
        var form = new CallForm { OpenedResidentId = opened.ResidentId, HouseholdId = opened.HouseholdId, StartedAt = openedAt };
        var members = household.Any(m => m.ResidentId == opened.ResidentId) ? household : [opened, .. household];
        foreach (var member in members)
        {
            form.Members.Add(new MemberForm { Resident = member, ExpectedVersion = member.Version, Selected = member.ResidentId == opened.ResidentId });
        }
        form.ApplyDefaultSources();
        return form;
    }

    /// <summary>
    /// Takes the household as it is now: versions and current statuses are refreshed, members who joined are
    /// added (not selected), and everything typed stays.
    /// </summary>
    public void Refresh(IReadOnlyList<ResidentSummary> household)
    {
        foreach (var now in household)
        {
            var member = Members.FirstOrDefault(m => m.Resident.ResidentId == now.ResidentId);
            if (member is null)
            {
                Members.Add(new MemberForm { Resident = now, ExpectedVersion = now.Version });
            }
            else
            {
                member.Resident = now;
                member.ExpectedVersion = now.Version;
            }
        }
        ApplyDefaultSources();
    }

    /// <summary>
    /// The 情報源 each member gets until the operator picks one: 本人 for the caller's own report, otherwise
    /// what the caller's relation says (family, acquaintance, agency), 家族・親族 when it says nothing.
    /// </summary>
    public void ApplyDefaultSources()
    {
        foreach (var member in Members.Where(m => !m.SourceChosen))
        {
            member.Source = DefaultSource(CallerRelation, member.Resident.ResidentId == OpenedResidentId);
        }
    }

    /// <summary>
    /// After the caller's relation changed: the members' default sources, and the caller's name for 本人
    /// (<see cref="FillSelfCaller"/>).
    /// </summary>
    public void CallerRelationChanged()
    {
        ApplyDefaultSources();
        FillSelfCaller();
    }

    /// <summary>Selects or leaves out a member; for 本人 the caller's name follows the one person the call is about.</summary>
    public void SetSelected(MemberForm member, bool selected)
    {
        member.Selected = selected;
        FillSelfCaller();
    }

    /// <summary>
    /// When the caller is 本人, the caller's name is the person's: the one member the call is about, or the person the
    /// form opened for when it is about several (or none). A name the operator typed is kept; a filled-in name goes
    /// again when the relation is no longer 本人.
    /// </summary>
    public void FillSelfCaller()
    {
        var typedByOperator = !string.IsNullOrWhiteSpace(CallerName) && CallerName != filledCallerName;
        if (typedByOperator)
        {
            return;
        }
        if (CallerRelation?.Trim() != "本人")
        {
            CallerName = filledCallerName = null;
            return;
        }
        var selected = Selected.Take(2).ToList();
        var self = selected.Count == 1 ? selected[0] : Members.FirstOrDefault(m => m.Resident.ResidentId == OpenedResidentId);
        CallerName = filledCallerName = self?.Resident.Name;
    }

    /// <summary>
    /// The caller's number from the address (<c>?phone=</c>: a PBX screen-pop, or the number dialed from the
    /// worklist), trimmed and cut to the field's length; null when there is none.
    /// </summary>
    public static string? PhoneFromQuery(string? phone) =>
        string.IsNullOrWhiteSpace(phone) ? null : phone.Trim() is var p && p.Length > 30 ? p[..30] : p;

    public static ReportSource DefaultSource(string? relation, bool isOpenedResident) => relation?.Trim() switch
    {
        "本人" => isOpenedResident ? ReportSource.Self : ReportSource.Family,
        "知人" or "近所" => ReportSource.Acquaintance,
        "避難所職員" or "行政" => ReportSource.Agency,
        "その他" => ReportSource.Other,
        _ => ReportSource.Family,
    };

    /// <summary>Copies the nearest selected member above <paramref name="member"/>'s whereabouts onto it.</summary>
    public bool CopyFromAbove(MemberForm member)
    {
        var index = Members.IndexOf(member);
        var above = Members.Take(index).LastOrDefault(m => m.Selected);
        if (above is null)
        {
            return false;
        }
        member.CopyWhereaboutsFrom(above);
        return true;
    }

    /// <summary>
    /// Gives every other selected member <paramref name="source"/>'s whereabouts, and its 安否 to those whose 安否 is still
    /// empty (a household together: 「全員無事で郡山の親戚宅」 is one entry, not one per person); a 安否 already chosen
    /// for a member stays.
    /// </summary>
    public void CopyToAll(MemberForm source)
    {
        foreach (var member in Selected.Where(m => m != source))
        {
            member.CopyWhereaboutsFrom(source);
            member.Status ??= source.Status;
        }
    }

    /// <summary>
    /// The operator has seen these newer reports and saves over them: each member's expected version becomes the
    /// one the warning showed, so a report that arrives after the warning is warned about again, not overwritten.
    /// </summary>
    public void Acknowledge(IEnumerable<NewerReport> seen)
    {
        foreach (var n in seen)
        {
            if (Members.FirstOrDefault(m => m.Resident.ResidentId == n.ResidentId) is { } member)
            {
                member.ExpectedVersion = n.CurrentVersion;
            }
        }
    }

    /// <summary>
    /// Errors the form knows before the service sees the draft: a selected member's 都道府県 typed as text that stands
    /// for no prefecture (the draft would otherwise go without one, silently). The card shows the member's own
    /// <see cref="MemberForm.PrefectureProblem"/>, which goes as soon as the box is corrected; these count in the summary.
    /// </summary>
    public IReadOnlyList<DraftError> TypedErrors() =>
        [.. Selected.Where(m => m.PrefectureProblem is not null).Select(m => new DraftError(m.Resident.ResidentId, "prefectureText", m.PrefectureProblem!)),
         .. Requests.Problems()];

    /// <summary>The draft the service validates and saves.</summary>
    public CallDraft ToDraft() => new(
        Direction, CallerName, CallerPhone, CallerRelation, Note,
        [.. Selected.Select(m => m.ToDraft())], WrapUpCodeId: WrapUpCodeId, StartedAt: StartedAt,
        Requests: HouseholdId is { } household ? Requests.ToDrafts(household) : null,
        Intention: Intention?.ToDraft(CallerName), ToldAnnouncements: Announcements?.ToDraft(),
        Mailing: MailingOffered ? Mailing?.ToDraft() : null);

    /// <summary>The household's 「帰還意向」 section (issue 17); null when the person belongs to no household.</summary>
    public Intentions.IntentionForm? Intention { get; set; }

    /// <summary>The household's 「伝えること」 (issue 18): the announcements that apply, and those ticked 伝達済; null without a household.</summary>
    public Announcements.AnnouncementTicks? Announcements { get; set; }

    /// <summary>The household's 「送付先」 section (issue 18), set by the section when it loads; null before, or without a household.</summary>
    public Mailing.MailingAddressForm? Mailing { get; set; }

    /// <summary>「送付先」 is offered: a person recorded in the call is at a home-like place (<see cref="Data.Mailing.MailingAddressRules.IsHomeLike"/>).</summary>
    public bool MailingOffered => HouseholdId is not null && Selected.Any(m => Data.Mailing.MailingAddressRules.IsHomeLike(m.WhereaboutsType));
}

/// <summary>Consent to tell inquirers, as asked on the phone.</summary>
public enum ConsentAnswer
{
    /// <summary>未確認: not asked, or the person did not say.</summary>
    NotAsked,
    /// <summary>同意</summary>
    Yes,
    /// <summary>不同意</summary>
    No,
}

/// <summary>One household member in the call form and the report typed for them.</summary>
public sealed class MemberForm
{
    /// <summary>
    /// Stands for "not chosen yet": the service's validation then answers 安否を選んでください for this member,
    /// so the message comes from the same rules as every other one.
    /// </summary>
    private const SafetyStatus NoStatus = (SafetyStatus)byte.MaxValue;

    /// <summary>The member as loaded (current status and version).</summary>
    public required ResidentSummary Resident { get; set; }

    /// <summary>The version read when the form opened (or was reloaded): the save is refused if it moved.</summary>
    public int ExpectedVersion { get; set; }

    public bool Selected { get; set; }
    public SafetyStatus? Status { get; set; }
    public ReportSource Source { get; set; } = ReportSource.Family;

    /// <summary>True once the operator picked the 情報源 by hand: defaults no longer overwrite it.</summary>
    public bool SourceChosen { get; set; }

    public WhereaboutsType? WhereaboutsType { get; set; }
    public byte? PrefectureCode { get; set; }

    /// <summary>Text typed into the 都道府県 box since it last stood for a prefecture; resolved when focus leaves it.</summary>
    public string? PrefectureTyped { get; set; }

    /// <summary>Why the typed 都道府県 stands for no prefecture (none or several match); the save is refused while set.</summary>
    public string? PrefectureProblem { get; set; }

    public string? Municipality { get; set; }
    public string? Place { get; set; }
    public string? ContactPhone { get; set; }
    public ConsentAnswer ConsentRelatives { get; set; }
    public ConsentAnswer ConsentAcquaintances { get; set; }
    public ConsentAnswer ConsentPublic { get; set; }
    public string? Note { get; set; }

    public void CopyWhereaboutsFrom(MemberForm other)
    {
        WhereaboutsType = other.WhereaboutsType;
        PrefectureCode = other.PrefectureCode;
        (PrefectureTyped, PrefectureProblem) = (null, null);
        Municipality = other.Municipality;
        Place = other.Place;
        ContactPhone = other.ContactPhone;
    }

    /// <summary>Raised when the operator picks a whereabouts type (the 「送付先」 section is offered for home-like ones).</summary>
    public event Action? WhereaboutsTypeChanged;

    /// <summary>海外 as the type means 海外 as the prefecture, and the other way round.</summary>
    public void SetWhereaboutsType(WhereaboutsType? type)
    {
        WhereaboutsType = type;
        WhereaboutsTypeChanged?.Invoke();
        if (type == Data.Reports.WhereaboutsType.Abroad)
        {
            (PrefectureCode, PrefectureTyped, PrefectureProblem) = (Prefectures.Abroad, null, null);
        }
        else if (PrefectureCode == Prefectures.Abroad)
        {
            PrefectureCode = null;
        }
    }

    public void SetPrefecture(byte? code)
    {
        PrefectureCode = code;
        if (code == Prefectures.Abroad && WhereaboutsType is null)
        {
            WhereaboutsType = Data.Reports.WhereaboutsType.Abroad;
        }
    }

    public PersonReportDraft ToDraft() => new(
        Resident.ResidentId, ExpectedVersion, Status ?? NoStatus, Source, WhereaboutsType, PrefectureCode,
        Municipality, Place, ContactPhone,
        new Consent(ToBool(ConsentRelatives), ToBool(ConsentAcquaintances), ToBool(ConsentPublic)), Note);

    private static bool? ToBool(ConsentAnswer answer) => answer switch
    {
        ConsentAnswer.Yes => true,
        ConsentAnswer.No => false,
        _ => null,
    };
}
