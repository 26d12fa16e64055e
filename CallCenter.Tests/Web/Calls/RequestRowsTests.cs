using CallCenter.Data.Calls;
using CallCenter.Data.Requests;
using CallCenter.Web.Components.Pages.Calls;

namespace CallCenter.Tests.Web.Calls;

/// <summary>The request rows' checks before the save, and their drafts.</summary>
public sealed class RequestRowsTests
{
    private static readonly ListEntry Housing = new(1, "住まい・住宅", 10, true);
    private static readonly ListEntry Recovery = new(6, "復興推進課", 60, true);

    [Fact]
    public void NoRows_MakeNoDrafts_AndNoProblems()
    {
        var rows = new RequestRows();

        Assert.Null(rows.ToDrafts(7));
        Assert.Empty(rows.Problems());
    }

    [Fact]
    public void Problems_NameEachMissingField_OfEachRow_ByItsNumber()
    {
        var rows = new RequestRows();
        var first = rows.Add();
        (first.Category, first.Department, first.Body) = (Housing, Recovery, "仮設住宅の入居期限を延ばしてほしい");
        var second = rows.Add();
        second.Body = "  ";

        Assert.Equal([
            new DraftError(null, "requests[1].category", "2件目の分類を選んでください。"),
            new DraftError(null, "requests[1].department", "2件目の担当課を選んでください。"),
            new DraftError(null, "requests[1].body", "2件目の要望の内容を入力してください。"),
        ], rows.Problems());
    }

    [Fact]
    public void Drafts_CarryTheHousehold_TheTarget_AndTheChoices()
    {
        var rows = new RequestRows();
        var row = rows.Add();
        (row.Target, row.Category, row.Department, row.IsUrgent, row.Body) = (new RequestTarget(42, "菅野　幸子"), Housing, Recovery, true, "修繕の補助");

        Assert.Empty(rows.Problems());
        Assert.Equal([new RequestDraft(7, 42, 1, 6, true, "修繕の補助")], rows.ToDrafts(7)!);
        rows.Remove(row);
        Assert.Null(rows.ToDrafts(7));
    }
}
