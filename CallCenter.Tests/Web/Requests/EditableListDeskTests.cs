using System.Security.Claims;
using CallCenter.Data;
using CallCenter.Data.Requests;
using CallCenter.Tests.Data;
using CallCenter.Web.Components.Pages.Requests;

namespace CallCenter.Tests.Web.Requests;

/// <summary>A list panel's desk on a real SQLite file: each edit reads the list again and leaves a message.</summary>
public sealed class EditableListDeskTests : IAsyncLifetime
{
    private readonly TestDatabase.SqliteTestDatabase db = TestDatabase.CreateSqlite();

    public Task InitializeAsync()
    {
        db.Migrate();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task Retire_KeepsTheEntryListed_AsRetired_WithAMessage()
    {
        var desk = new EditableListDesk(new Departments(db.Connections));
        await desk.LoadAsync();
        var tax = desk.Entries.Single(e => e.Label == "税務課");

        Assert.True(await desk.SetActiveAsync(tax, false, new ClaimsPrincipal(new ClaimsIdentity())));

        Assert.False(desk.Entries.Single(e => e.Label == "税務課").IsActive);
        Assert.Equal((false, "担当課「税務課」の使用を停止しました。新しい要望では選べません（これまでの要望には残ります）。"), (desk.Refused, desk.Message));
        Assert.False(await desk.RenameAsync(tax, "住民課", new ClaimsPrincipal(new ClaimsIdentity())));
        Assert.Equal((true, "担当課「住民課」は既にあります。別の名前にしてください。"), (desk.Refused, desk.Message));
    }
}
