using CallCenter.Data.Audit;
using CallCenter.Web.Components.Pages.Audit;

namespace CallCenter.Tests.Web.Audit;

public sealed class AuditLineTests
{
    private static readonly DateTime At = new(2026, 3, 11, 15, 30, 5, DateTimeKind.Utc);

    private static AuditNames Names()
    {
        var names = new AuditNames();
        var watanabe = new AuditUserName { UserId = 7, UserName = "watanabe", DisplayName = "渡邊 美咲" };
        var sato = new AuditUserName { UserId = 8, UserName = "k.sato", DisplayName = "佐藤 健一" };
        names.UsersById[7] = watanabe;
        names.UsersByName["watanabe"] = watanabe;
        names.UsersById[8] = sato;
        names.UsersByName["k.sato"] = sato;
        var yoshida = new AuditResidentName { ResidentId = 3, ResidentNo = "B0003", FamilyName = "𠮷田", GivenName = "花子" };
        names.ResidentsById[3] = yoshida;
        names.ResidentsByNo["B0003"] = yoshida;
        names.Households[5] = ("BH02", "山区");
        names.ApiKeys[2] = "会津若松 集計出力";
        return names;
    }

    [Fact]
    public void From_ShowsJapanTime_TheActionInJapanese_AndWhoByName()
    {
        var line = AuditLine.From(new AuditEntry
        {
            OccurredAt = At, UserId = 7, UserName = "watanabe", Site = "いわき", Action = AuditActions.ViewResident,
            TargetType = "resident", TargetId = "B0003", ResidentId = 3,
        }, Names());

        Assert.Equal("2026/03/12 00:30:05", line.Time);
        Assert.Equal("住民の閲覧", line.Action);
        Assert.Equal(("渡邊 美咲", "watanabe", "いわき"), (line.Who, line.WhoAccount, line.Site));
        Assert.Equal(("住民", "B0003 𠮷田 花子"), (line.TargetKind, line.Target));
        Assert.Null(line.Resident);
        Assert.Equal("", line.Details);
    }

    [Fact]
    public void From_PutsTheResidentBesideAReport_And_NamesAUserTarget()
    {
        var names = Names();
        var report = AuditLine.From(new AuditEntry
        {
            OccurredAt = At, UserId = 8, UserName = "k.sato", Action = AuditActions.RecordReport, TargetType = "report", TargetId = "45",
            ResidentId = 3, Details = "無事; 親族・知人宅; call 12",
        }, names);
        var created = AuditLine.From(new AuditEntry
        {
            OccurredAt = At, UserId = 7, UserName = "watanabe", Action = AuditActions.CreateUser, TargetType = "user", TargetId = "k.sato",
            Details = "role Operator; site 会津若松",
        }, names);

        Assert.Equal(("安否報告", "#45", "B0003 𠮷田 花子"), (report.TargetKind, report.Target, report.Resident));
        Assert.Equal("安否 無事・避難先 「親族・知人宅」・通話 #12", report.Details);
        Assert.Equal(("ユーザー", "佐藤 健一（k.sato）"), (created.TargetKind, created.Target));
        Assert.Equal("役割 オペレーター・拠点 会津若松", created.Details);
    }

    [Fact]
    public void From_NamesActorsWhoAreNoStaff_And_ThingsFoundByIdOnly()
    {
        var names = Names();

        var cli = AuditLine.From(new AuditEntry { OccurredAt = At, UserName = "cli:root", Action = AuditActions.ImportResidents, TargetType = "file", TargetId = "r.csv" }, names);
        var api = AuditLine.From(new AuditEntry { OccurredAt = At, UserName = "api:PBX", Action = "api", TargetType = "endpoint", TargetId = "/api/residents" }, names);
        var system = AuditLine.From(new AuditEntry { OccurredAt = At, Action = AuditActions.RemoveUnsealedKeys, TargetType = "key-ring" }, names);
        var failed = AuditLine.From(new AuditEntry { OccurredAt = At, UserName = "nobody", Action = AuditActions.SignInFailed }, names);
        var household = AuditLine.From(new AuditEntry { OccurredAt = At, UserId = 8, Action = AuditActions.ClaimHousehold, TargetType = "household", TargetId = "5" }, names);
        var gone = AuditLine.From(new AuditEntry { OccurredAt = At, UserId = 8, Action = AuditActions.ClaimHousehold, TargetType = "household", TargetId = "99", ResidentId = 1000 }, names);
        var key = AuditLine.From(new AuditEntry { OccurredAt = At, UserId = 7, Action = AuditActions.RevokeApiKey, TargetType = "api-key", TargetId = "2" }, names);

        Assert.Equal(("コマンドライン", "root"), (cli.Who, cli.WhoAccount));
        Assert.Equal(("APIキー", "PBX", "API"), (api.Who, api.WhoAccount, api.TargetKind));
        Assert.Equal(("システム", "データ保護の鍵"), (system.Who, system.TargetKind));
        Assert.Equal(("nobody", null), (failed.Who, failed.WhoAccount));
        Assert.Equal(("世帯", "BH02（山区）"), (household.TargetKind, household.Target));
        Assert.Equal(("世帯ID 99", "住民ID 1000"), (gone.Target, gone.Resident));
        Assert.Equal("#2 会津若松 集計出力", key.Target);
    }

    [Fact]
    public void From_NamesTheOperatorOfAnOldOutboundAssignment()
    {
        var line = AuditLine.From(new AuditEntry
        {
            OccurredAt = At, UserId = 7, Action = AuditActions.OutboundAssign, TargetType = "list", TargetId = "要支援者", Details = "3 households; user 8; replaced",
        }, Names());

        Assert.Equal("3世帯・担当 佐藤 健一（k.sato）・同名のリストを置き換え", line.Details);
    }

    [Fact]
    public void From_CoversEveryActionWithAJapaneseLabel()
    {
        var actions = typeof(AuditActions).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();

        Assert.NotEmpty(actions);
        Assert.All(actions, a => Assert.NotEqual(a, AuditActionLabels.Label(a)));
    }
}
