using Bunit;
using CallCenter.Web.Components.Pages.Mailing;

namespace CallCenter.Tests.Web.Mailing;

/// <summary>The exports page's mailing panel: the staff copies of both files, the mailing list in both encodings.</summary>
public sealed class MailingExportLinksTests : MudTestContext
{
    [Fact]
    public void Links_PointAtTheStaffExports_InBothEncodings()
    {
        var cut = Render<MailingExportLinks>();

        Assert.Equal("/exports/mailing.csv", cut.Find("[data-testid=mailing-csv]").GetAttribute("href"));
        Assert.Equal("/exports/mailing.csv?encoding=cp932", cut.Find("[data-testid=mailing-csv-cp932]").GetAttribute("href"));
        Assert.Equal("/exports/mailing-missing.csv", cut.Find("[data-testid=mailing-missing-csv]").GetAttribute("href"));
        Assert.Contains("全員が死亡の世帯は除く", cut.Find("[data-testid=mailing-exports]").TextContent, StringComparison.Ordinal);
    }
}
