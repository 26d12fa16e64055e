using System.Diagnostics;
using System.Net;
using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Tests.Browser;
using CallCenter.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Security;

/// <summary>The real password hasher, counting how many passwords it checked.</summary>
public sealed class CountingPasswordHasher : PasswordHasher<UserAccount>
{
    private int verifications;

    public int Verifications => Volatile.Read(ref verifications);

    public override PasswordVerificationResult VerifyHashedPassword(UserAccount user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref verifications);
        return base.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}

/// <summary>An app with the default lock-out (5 failures), no rate limit, and a hasher that counts password checks.</summary>
public sealed class CountingHasherAppFixture : IAsyncLifetime
{
    public CountingPasswordHasher Hasher { get; } = new();

    public CapturingAppFactory App { get; }

    public CountingHasherAppFixture() =>
        App = new CapturingAppFactory(services: s => s.AddSingleton<IPasswordHasher<UserAccount>>(Hasher));

    public Task InitializeAsync()
    {
        App.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>
/// Sign-in lock-out (issue 12): failures are counted in the database before a password is hashed, per user name and
/// client address; an unknown name is answered exactly like a real one.
/// </summary>
public sealed class SignInLockoutTests(CountingHasherAppFixture fixture) : IClassFixture<CountingHasherAppFixture>
{
    private const int Limit = 5;

    private CallCenterAppFactory App => fixture.App;

    [Fact]
    public async Task ThirtyParallelWrongPasswords_CheckAtMostFivePasswords_And_TheRightOneIsThenRefused()
    {
        var userName = await App.CreateUserAsync("flood");
        var clients = Enumerable.Range(0, 30).Select(_ => App.NewClient()).ToList();
        var before = fixture.Hasher.Verifications;

        var responses = await Task.WhenAll(clients.Select((c, i) => c.TrySignInAsync(userName, $"wrong-password-{i:00}")));
        var checkedPasswords = fixture.Hasher.Verifications - before;
        using var rightClient = App.NewClient();
        using var right = await rightClient.TrySignInAsync(userName, CallCenterAppFactory.TestPassword);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.True(checkedPasswords <= Limit, $"{checkedPasswords} passwords were checked for 30 parallel attempts");
        Assert.Equal(Limit, checkedPasswords);
        Assert.Equal(checkedPasswords, fixture.Hasher.Verifications - before);
        Assert.Contains("ロックしています", StaffClient.SignInError(await right.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Null(rightClient.AuthCookie);
        var rows = await App.AuditAsync(userName, AuditActions.SignInFailed);
        Assert.Equal(Limit, rows.Count(r => r.Details!.StartsWith("パスワードの誤り", StringComparison.Ordinal)));
        Assert.Equal(31 - Limit, rows.Count(r => r.Details!.StartsWith("ロック中のため拒否", StringComparison.Ordinal)));
        foreach (var response in responses)
        {
            response.Dispose();
        }
        clients.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task UnknownName_GetsTheSameAnswers_And_TheSamePasswordChecks_AsARealName()
    {
        var realName = await App.CreateUserAsync("real");
        var unknownName = $"nobody-{Guid.NewGuid():N}"[..24];

        var (realAnswers, realChecks) = await TryWrongPasswordsAsync(realName, Limit + 2);
        var (unknownAnswers, unknownChecks) = await TryWrongPasswordsAsync(unknownName, Limit + 2);

        Assert.Equal(realAnswers, unknownAnswers);
        Assert.Equal(Limit, realChecks);
        Assert.Equal(realChecks, unknownChecks);
        Assert.Equal(Enumerable.Repeat("ユーザー名またはパスワードが違います。", Limit - 1), realAnswers.Take(Limit - 1).Select(a => a.Message));
        Assert.Contains($"{Limit}回続いたため", realAnswers[Limit - 1].Message, StringComparison.Ordinal);
        Assert.All(realAnswers.Skip(Limit), a => Assert.Contains("ロックしています", a.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnknownName_TakesAboutAsLongAsARealName_Because_ADummyHashIsChecked()
    {
        var realName = await App.CreateUserAsync("timing");
        var unknownName = $"nobody-{Guid.NewGuid():N}"[..24];
        // Straight through the service, each attempt from its own address so that no lock interferes, the two names
        // in turn (which goes first alternates); the fastest run of each, which a loaded machine does not inflate. On a
        // machine busy with the rest of the suite a few runs may all be slowed, so up to 30 pairs are tried until both
        // minimums are seen: a check that skips the hash (a few ms against ~50) or does it twice stays out of bounds
        // however many runs are made.
        var real = TimeSpan.MaxValue;
        var unknown = TimeSpan.MaxValue;
        for (var i = 0; i < 30 && !(i >= 6 && unknown > real * 0.5 && unknown < real * 2); i++)
        {
            if (i % 2 == 0)
            {
                real = Min(real, await TimeAsync(realName));
                unknown = Min(unknown, await TimeAsync(unknownName));
            }
            else
            {
                unknown = Min(unknown, await TimeAsync(unknownName));
                real = Min(real, await TimeAsync(realName));
            }
        }

        Assert.True(unknown > real * 0.5 && unknown < real * 2,
            $"an unknown name took {unknown.TotalMilliseconds:0.0} ms, a real one {real.TotalMilliseconds:0.0} ms");
    }

    [Fact]
    public async Task LockOutFromOneAddress_DoesNotLockTheAccountFromAnother_And_AnUnlockClearsIt()
    {
        var userName = await App.CreateUserAsync("pair");
        const string attacker = "203.0.113.9";
        for (var i = 0; i < Limit; i++)
        {
            Assert.False((await CheckAsync(userName, $"wrong-password-{i}", attacker)).Succeeded);
        }

        var fromAttacker = await CheckAsync(userName, CallCenterAppFactory.TestPassword, attacker);
        var fromOffice = await CheckAsync(userName, CallCenterAppFactory.TestPassword, "198.51.100.20");
        await App.Services.GetRequiredService<SignInFailureRepository>().UnlockAsync(userName);
        var afterUnlock = await CheckAsync(userName, CallCenterAppFactory.TestPassword, attacker);

        Assert.False(fromAttacker.Succeeded);
        Assert.Contains("ロックしています", fromAttacker.Message, StringComparison.Ordinal);
        Assert.True(fromOffice.Succeeded, fromOffice.Message);
        Assert.True(afterUnlock.Succeeded, afterUnlock.Message);
    }

    private async Task<(List<(HttpStatusCode Status, string? Message)> Answers, int Checks)> TryWrongPasswordsAsync(string userName, int count)
    {
        var before = fixture.Hasher.Verifications;
        var answers = new List<(HttpStatusCode, string?)>();
        using var client = App.NewClient();
        for (var i = 0; i < count; i++)
        {
            using var response = await client.TrySignInAsync(userName, $"wrong-password-{i}");
            answers.Add((response.StatusCode, StaffClient.SignInError(await response.Content.ReadAsStringAsync())));
        }
        return (answers, fixture.Hasher.Verifications - before);
    }

    private async Task<TimeSpan> TimeAsync(string userName)
    {
        var watch = Stopwatch.StartNew();
        await CheckAsync(userName, "wrong-password-t", $"192.0.2.{Random.Shared.Next(1, 250)}-{Guid.NewGuid():N}"[..40]);
        return watch.Elapsed;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private async Task<CallCenter.Web.Security.SignInResult> CheckAsync(string userName, string password, string address)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SignInService>().CheckAsync(userName, password, address);
    }
}
