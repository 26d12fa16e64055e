using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Database;
using CallCenter.Tests.Browser;
using CallCenter.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallCenter.Tests.Web.Security;

/// <summary>
/// The Data Protection key ring in the database is sealed (key file or certificate): the stored XML holds no key in
/// clear, a copy of the database with another key file cannot read a cookie, keys an earlier version stored in clear
/// are replaced at start-up, and the key file is made readable only by the app's user.
/// </summary>
public sealed class KeyRingProtectionTests
{
    [Fact]
    public async Task StoredKeys_HoldNoUnencryptedKey_When_TheAppHasIssuedACookie()
    {
        await using var app = new CallCenterAppFactory();
        app.Start();
        using var client = app.NewClient();
        await client.SignInAsync("test-operator");

        var rows = await app.QueryAsync<string>("SELECT Xml FROM DataProtectionKeys");

        Assert.NotEmpty(rows);
        var keyFile = KeyEncryptionKey.Load(app.KeyFilePath, NullLogger.Instance);
        foreach (var xml in rows)
        {
            var key = XElement.Parse(xml);
            Assert.DoesNotContain(key.Descendants(), e => e.Name.LocalName == "masterKey");
            var sealedElement = Assert.Single(key.Descendants(KeyFileXmlEncryptor.ElementName));
            Assert.Equal(keyFile.Id, sealedElement.Attribute(KeyFileXmlEncryptor.KeyIdAttribute)?.Value);
            // Opened with the key file, the descriptor does hold the master key, and its value is nowhere in the row.
            var opened = KeyFileXmlEncryptor.Decrypt(sealedElement, keyFile);
            var masterKey = opened.DescendantsAndSelf().Single(e => e.Name.LocalName == "masterKey").Value.Trim();
            Assert.True(masterKey.Length >= 40, $"unexpected master key element: {opened}");
            Assert.DoesNotContain(masterKey, xml, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task KeyFile_IsCreatedWithMode0600_When_ItIsAbsentAtFirstStart()
    {
        var folder = Path.Combine(Path.GetTempPath(), "callcenter-tests", $"keys-{Guid.NewGuid():N}");
        var keyFile = Path.Combine(folder, "dataprotection.key");
        try
        {
            await using var app = new CallCenterAppFactory(new Dictionary<string, string?> { ["DataProtection:KeyFile"] = keyFile });
            app.Start();

            Assert.True(File.Exists(keyFile));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
            }
            Assert.Equal(32, Convert.FromBase64String(File.ReadAllText(keyFile).Trim()).Length);
            Assert.Empty(Directory.GetFiles(folder, "*.tmp", SearchOption.AllDirectories));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task CopiedDatabase_RefusesTheCookie_And_SaysSoInTheLog_When_TheInstanceHasAnotherKeyFile()
    {
        await using var original = new CallCenterAppFactory();
        original.Start();
        using var browser = original.NewClient();
        await browser.SignInAsync("test-operator");
        var cookie = browser.AuthCookie!;
        // A backup of the database, as a thief or a careless copy would take it (the session is in it too).
        var copyWithKey = CopyOf(original.DatabasePath);
        var copyWithout = CopyOf(original.DatabasePath);
        File.Copy(original.KeyFilePath, copyWithKey + ".key");

        // Control: the same copy with the original key file accepts the cookie, so the refusal below is the key file's doing.
        await using (var sameKey = new CallCenterAppFactory(settings: null, databasePath: copyWithKey))
        {
            sameKey.Start();
            using var client = sameKey.NewClient();
            client.UseAuthCookie(cookie);
            using var accepted = await client.GetAsync("/");
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }
        await using var otherKey = new CapturingAppFactory(settings: null, databasePath: copyWithout);
        otherKey.Start();
        using var thief = otherKey.NewClient();
        thief.UseAuthCookie(cookie);
        using var refused = await thief.GetAsync("/");
        using var api = await thief.GetAsync("/account/password");

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("/account/sign-in", refused.Headers.Location?.AbsolutePath);
        Assert.Equal(HttpStatusCode.Redirect, api.StatusCode);
        Assert.Contains(otherKey.LogLines, line => line.StartsWith("Error", StringComparison.Ordinal)
            && line.Contains("DataProtection:KeyFile", StringComparison.Ordinal) && line.Contains("refused", StringComparison.Ordinal));
        // The instance itself still works: its own sign-in issues a cookie it accepts.
        using var staff = otherKey.NewClient();
        await staff.SignInAsync("test-admin");
        using var home = await staff.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        foreach (var path in new[] { copyWithKey, copyWithout })
        {
            DeleteDatabase(path);
        }
    }

    [Fact]
    public async Task UnencryptedKeysOfAnEarlierVersion_AreReplacedAtStartUp_And_CookiesUnderThemRefused()
    {
        var databasePath = CallCenterAppFactory.NewDatabasePath();
        var connections = CallCenter.Tests.Data.TestDatabase.ConnectionsFor(
            CallCenter.Tests.Data.TestDatabase.ConfigurationFor(DatabaseProvider.Sqlite, $"Data Source={databasePath}"));
        new Migrations(connections).Apply();
        var users = new UserRepository(connections, TimeProvider.System);
        var userId = (await users.CreateAsync("legacy-user", "試験 旧版", UserRole.Operator, "いわき", SignInService.HashPassword(CallCenterAppFactory.TestPassword)))!.Value;
        var sessionId = await new SessionRepository(connections, TimeProvider.System).StartAsync(userId, "いわき");
        var principal = SignInService.Principal((await users.FindByIdAsync(userId))!, sessionId);
        // An earlier version: Data Protection on the database with no XML encryptor stores its key in clear.
        string oldCookie;
        string oldKeyId;
        var legacy = new ServiceCollection().AddLogging();
        legacy.AddDataProtection().SetApplicationName("CallCenter");
        legacy.Configure<KeyManagementOptions>(o => o.XmlRepository = new DatabaseXmlRepository(connections, TimeProvider.System));
        await using (var legacyServices = legacy.BuildServiceProvider())
        {
            oldCookie = ProtectCookie(legacyServices.GetRequiredService<IDataProtectionProvider>(), principal);
            var stored = XElement.Parse(Assert.Single(await QueryAsync(connections, "SELECT Xml FROM DataProtectionKeys")));
            Assert.True(DatabaseXmlRepository.IsUnencryptedKey(stored), "the earlier version's key is not in clear: the test's premise is wrong");
            oldKeyId = stored.Attribute("id")!.Value;
        }

        await using var app = new CapturingAppFactory(settings: null, databasePath: databasePath);
        app.Start();
        using var old = app.NewClient();
        old.UseAuthCookie(oldCookie);
        using var refused = await old.GetAsync("/");
        // Control: the same ticket protected with the app's current (sealed) key ring is accepted.
        using var current = app.NewClient();
        current.UseAuthCookie(ProtectCookie(app.Services.GetRequiredService<IDataProtectionProvider>(), principal));
        using var accepted = await current.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("/account/sign-in", refused.Headers.Location?.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var keys = (await app.QueryAsync<string>("SELECT Xml FROM DataProtectionKeys")).Select(XElement.Parse).ToList();
        Assert.NotEmpty(keys);
        Assert.DoesNotContain(keys, k => k.Attribute("id")?.Value == oldKeyId);
        Assert.All(keys, k => Assert.False(DatabaseXmlRepository.IsUnencryptedKey(k)));
        Assert.All(keys, k => Assert.Single(k.Descendants(KeyFileXmlEncryptor.ElementName)));
        var audit = Assert.Single(await app.AuditAsync(null, AuditActions.RemoveUnsealedKeys));
        Assert.Contains(oldKeyId, audit.Details, StringComparison.Ordinal);
        Assert.Contains(app.LogLines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains(oldKeyId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Certificate_SealsTheKeys_And_AnotherInstanceWithItReadsThem_When_CertificatePathIsSet()
    {
        var pfx = Path.Combine(Path.GetTempPath(), "callcenter-tests", $"dp-{Guid.NewGuid():N}.pfx");
        const string password = "pfx-password-1";
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=CallCenter Data Protection (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, password));
        }
        var settings = new Dictionary<string, string?>
        {
            ["DataProtection:CertificatePath"] = pfx,
            ["DataProtection:CertificatePassword"] = password,
        };
        try
        {
            await using var a = new CallCenterAppFactory(settings);
            a.Start();
            using var browser = a.NewClient();
            await browser.SignInAsync("test-operator");
            await using var b = new CallCenterAppFactory(settings, a.DatabasePath);
            b.Start();
            using var onB = b.NewClient();
            onB.UseAuthCookie(browser.AuthCookie!);
            using var response = await onB.GetAsync("/");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var keys = (await a.QueryAsync<string>("SELECT Xml FROM DataProtectionKeys")).Select(XElement.Parse).ToList();
            Assert.NotEmpty(keys);
            Assert.All(keys, k => Assert.DoesNotContain(k.Descendants(), e => e.Name.LocalName == "masterKey"));
            Assert.All(keys, k => Assert.Contains(k.Descendants(), e => e.Name.LocalName == "EncryptedData"));
            Assert.False(File.Exists(a.KeyFilePath), "a key file was made although a certificate is configured");
        }
        finally
        {
            File.Delete(pfx);
        }
    }

    private static string ProtectCookie(IDataProtectionProvider provider, System.Security.Claims.ClaimsPrincipal principal)
    {
        // The purposes cookie authentication uses for the "Cookies" scheme.
        var protector = provider.CreateProtector("Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware", "Cookies", "v2");
        var now = DateTimeOffset.UtcNow;
        var ticket = new AuthenticationTicket(principal, new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now.AddHours(1) }, "Cookies");
        return new TicketDataFormat(protector).Protect(ticket);
    }

    private static async Task<IReadOnlyList<string>> QueryAsync(ConnectionFactory connections, string sql)
    {
        await using var connection = await connections.OpenAsync();
        return (await Dapper.SqlMapper.QueryAsync<string>(connection, sql)).ToList();
    }

    private static string CopyOf(string databasePath)
    {
        var copy = CallCenterAppFactory.NewDatabasePath();
        using var source = new SqliteConnection($"Data Source={databasePath}");
        using var target = new SqliteConnection($"Data Source={copy}");
        source.Open();
        target.Open();
        source.BackupDatabase(target);
        return copy;
    }

    private static void DeleteDatabase(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm", ".key" })
        {
            File.Delete(path + suffix);
        }
    }
}
