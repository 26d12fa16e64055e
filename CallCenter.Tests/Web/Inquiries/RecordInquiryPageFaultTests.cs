using Bunit;
using CallCenter.Data.Inquiries;
using CallCenter.Tests.Web.Residents;
using CallCenter.Web.Components.Pages.Inquiries;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Inquiries;

/// <summary>The inquiry form when another connection holds the database's write lock past a one-second busy timeout.</summary>
public sealed class RecordInquiryPageFaultTests : ConsoleTestContext
{
    // The page's services on the same file with a one-second busy timeout.
    public RecordInquiryPageFaultTests() : base("Default Timeout=1")
    {
    }

    public override Task InitializeAsync() => SeedAsync();

    [Fact]
    public async Task Save_When_TheDatabaseIsLocked_KeepsWhatTheOperatorTyped_And_RecordsOnceOnRetry()
    {
        var cut = Render<RecordInquiryPage>(p => p.Add(x => x.ResidentNo, "K0001"));
        cut.WaitForElement("[data-testid=choose-type]");
        cut.FindAll("[data-testid=inquirer-type] input[type=radio]")[1].Click();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=disclosure-items] input[type=checkbox]")));
        cut.Find("input[data-testid=inquirer-name]").Change("大野 修");
        cut.Find("input[data-testid=inquirer-relation]").Change("近所の人");
        cut.Find("input[data-testid=inquirer-contact]").Change("090-1111-2222");
        cut.Find("textarea[data-testid=message]").Change("大野さんが心配しています");

        await using (var other = new SqliteConnection($"Data Source={Db.Path};Pooling=False"))
        {
            await other.OpenAsync();
            await using var writeLock = other.BeginTransaction(deferred: false);
            cut.Find("button[data-testid=save-inquiry]").Click();

            var fault = cut.WaitForElement("[data-testid=save-fault]", TimeSpan.FromSeconds(15)).TextContent;
            Assert.Contains("保存されていません", fault, StringComparison.Ordinal);
            Assert.Equal("大野 修", cut.Find("input[data-testid=inquirer-name]").GetAttribute("value"));
            Assert.Equal("近所の人", cut.Find("input[data-testid=inquirer-relation]").GetAttribute("value"));
            Assert.Equal("090-1111-2222", cut.Find("input[data-testid=inquirer-contact]").GetAttribute("value"));
            Assert.Equal("大野さんが心配しています", cut.Find("textarea[data-testid=message]").GetAttribute("value") ?? cut.Find("textarea[data-testid=message]").TextContent);
        }

        cut.Find("button[data-testid=save-inquiry]").Click();

        cut.WaitForAssertion(() => Assert.EndsWith("/residents/K0001", Navigation.Uri, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        var saved = Assert.Single((await Services.GetRequiredService<InquiryRepository>().LogAsync(new InquiryFilter(), CallCenter.Data.Towns.TownScope.All, 0, 10)).Inquiries);
        Assert.Equal(("大野 修", "大野さんが心配しています"), (saved.InquirerName, saved.Message));
    }
}
