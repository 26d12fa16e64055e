using System.Text.Json;
using CallCenter.Tests.Data.SqlServer;
using CallCenter.Web.Startup;

namespace CallCenter.Tests.Web.Startup;

/// <summary>A newcomer's first run: the address they chose is the one served, and the console ends with how to start.</summary>
public sealed class DatabaseStartupTests
{
    [Fact]
    public void ReadyBanner_NamesTheAddresses_And_TheDemoAccounts()
    {
        var banner = DatabaseStartup.ReadyBanner(["http://127.0.0.1:8080", "http://[::1]:8080"], demo: true);

        Assert.Contains("Open http://127.0.0.1:8080 or http://[::1]:8080 in a browser.", banner, StringComparison.Ordinal);
        foreach (var account in DatabaseStartup.DemoAccounts)
        {
            Assert.Contains($"user: {account.UserName}", banner, StringComparison.Ordinal);
            Assert.Contains($"password: {account.Password}", banner, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("password", DatabaseStartup.ReadyBanner(["http://localhost:5000"], demo: false), StringComparison.Ordinal);
    }

    [Fact]
    public void LaunchSettings_SetNoAddress_So_AspNetCoreUrlsAndUrlsDecide()
    {
        // `dotnet run` applies the launch profile over the environment: an applicationUrl there would win over the
        // ASPNETCORE_URLS a user set. Without one, Kestrel serves http://localhost:5000 unless told otherwise.
        var path = Path.Combine(SqlServerSources.RepositoryRoot, "CallCenter.Web", "Properties", "launchSettings.json");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        foreach (var profile in json.RootElement.GetProperty("profiles").EnumerateObject())
        {
            Assert.False(profile.Value.TryGetProperty("applicationUrl", out _), $"profile {profile.Name} sets applicationUrl");
            if (profile.Value.TryGetProperty("environmentVariables", out var variables))
            {
                Assert.False(variables.TryGetProperty("ASPNETCORE_URLS", out _), $"profile {profile.Name} sets ASPNETCORE_URLS");
                Assert.False(variables.TryGetProperty("ASPNETCORE_HTTP_PORTS", out _), $"profile {profile.Name} sets ASPNETCORE_HTTP_PORTS");
            }
        }
    }
}
