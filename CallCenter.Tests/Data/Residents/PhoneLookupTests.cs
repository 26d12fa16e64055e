using CallCenter.Data.Accounts;
using CallCenter.Data.Calls;
using CallCenter.Data.Residents;
using CallCenter.Tests.Data.Calls;

namespace CallCenter.Tests.Data.Residents;

public abstract class PhoneLookupTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private PhoneLookup Lookup => new(new ResidentSearch(Connections));

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CallTestData.ImportAsync(Connections, CallTestData.FiveMemberRegister);
        // The wife is now reached at a shelter's number (her whereabouts contact), which the son's call gave.
        var by = await CallTestData.StaffAsync(Connections, TimeProvider.System, "op", "会津 一子", UserRole.Operator, "会津若松");
        var wife = await CallTestData.ResidentAsync(Connections, "K0002");
        var saved = await new CallRecordingService(Connections, TimeProvider.System).SaveAsync(CallTestData.Draft(CallTestData.Report(wife)), by);
        Assert.True(saved.Saved);
    }

    [SkippableTheory]
    [InlineData("0240-11-2233", "K0001")]
    [InlineData("０２４０（１１）２２３３", "K0001")]
    [InlineData("+81 240 11 2233", "K0001")]
    [InlineData("090-1234-5678", "K0002")]
    [InlineData("090-2222-3333", "K0003")]
    public async Task Find_GivesTheResidentsKnownByTheNumber_OwnOrWhereaboutsContact(string phone, string residentNo)
    {
        var found = await Lookup.FindAsync(phone);

        Assert.Equal([residentNo], found.Select(r => r.ResidentNo));
    }

    [SkippableTheory]
    [InlineData("0240-99-9999")]
    [InlineData("abc")]
    [InlineData("12")]
    [InlineData(null)]
    public async Task Find_IsEmpty_When_NoOneHasTheNumber_OrItIsNoNumber(string? phone)
    {
        Assert.Empty(await Lookup.FindAsync(phone));
    }

    [SkippableTheory]
    [InlineData("0240-11-2233", "0240112233")]
    [InlineData("090 1234 5678", "09012345678")]
    [InlineData("12345", null)]
    [InlineData("0240-11-223a", null)]
    public void KeyOf_IsTheDigits_OfAWholeNumber(string phone, string? key) => Assert.Equal(key, PhoneLookup.KeyOf(phone));
}

public sealed class PhoneLookupTestsOnSqlite : PhoneLookupTests<OnSqlite>;

public sealed class PhoneLookupTestsOnSqlServer : PhoneLookupTests<OnSqlServer>;
