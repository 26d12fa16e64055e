using CallCenter.Web.Components.Pages.Calls;

namespace CallCenter.Tests.Web.Calls;

/// <summary>The call form's own rules that need no page (the page tests drive the rest).</summary>
public sealed class CallFormTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("   ", null)]
    [InlineData(" 024-932-1234 ", "024-932-1234")]
    [InlineData("+81 24 932 1234", "+81 24 932 1234")]
    public void PhoneFromQuery_TakesTheScreenPopsNumber_Trimmed(string? query, string? expected) =>
        Assert.Equal(expected, CallForm.PhoneFromQuery(query));

    [Fact]
    public void PhoneFromQuery_CutsAnOverlongNumber_ToTheFieldsLength() =>
        Assert.Equal(new string('1', 30), CallForm.PhoneFromQuery(new string('1', 200)));
}
