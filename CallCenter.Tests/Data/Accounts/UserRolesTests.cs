using CallCenter.Data.Accounts;

namespace CallCenter.Tests.Data.Accounts;

public class UserRolesTests
{
    [Theory]
    [InlineData("operator", UserRole.Operator)]
    [InlineData("Supervisor", UserRole.Supervisor)]
    [InlineData("ADMIN", UserRole.Admin)]
    public void TryParse_ReadsCliRoleWords(string text, UserRole role)
    {
        Assert.True(UserRoles.TryParse(text, out var parsed));
        Assert.Equal(role, parsed);
    }

    [Fact]
    public void TryParse_Rejects_UnknownRole()
    {
        Assert.False(UserRoles.TryParse("root", out _));
    }

    [Fact]
    public void Label_IsJapanese()
    {
        Assert.Equal(["オペレーター", "スーパーバイザー", "管理者"], new[] { UserRole.Operator, UserRole.Supervisor, UserRole.Admin }.Select(r => r.Label()));
    }
}
