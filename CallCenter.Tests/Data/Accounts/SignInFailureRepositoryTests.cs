using CallCenter.Data.Accounts;

namespace CallCenter.Tests.Data.Accounts;

public abstract class SignInFailureRepositoryTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private static readonly DateTime Now = new(2026, 3, 12, 1, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Lockout = TimeSpan.FromMinutes(15);

    private SignInFailureRepository Failures => new(Connections);

    [SkippableFact]
    public async Task TryReserve_CountsEachAttempt_And_RefusesOnceTheLimitLockedThePair()
    {
        var results = new List<SignInReservation>();
        for (var i = 0; i < 5; i++)
        {
            results.Add(await Failures.TryReserveAsync("sato", "203.0.113.5", 3, Now.AddSeconds(i), Lockout));
        }

        Assert.Equal([true, true, true, false, false], results.Select(r => r.Reserved));
        Assert.Equal([1, 2, 3, 3, 3], results.Select(r => r.Failures));
        Assert.Equal([null, null, Now.AddSeconds(2) + Lockout], results.Take(3).Select(r => r.LockedUntil));
        // Another address, and another name from the same address, are not locked.
        Assert.True((await Failures.TryReserveAsync("sato", "198.51.100.7", 3, Now, Lockout)).Reserved);
        Assert.True((await Failures.TryReserveAsync("ito", "203.0.113.5", 3, Now, Lockout)).Reserved);
        var locks = await Failures.LocksAsync(Now.AddSeconds(10));
        var locked = Assert.Single(locks);
        Assert.Equal(("sato", 1), (locked.UserName, locked.Addresses));
    }

    [SkippableFact]
    public async Task TryReserve_CountsAgainFromOne_When_TheLockEnded_Or_TheLastFailureIsOld()
    {
        for (var i = 0; i < 3; i++)
        {
            await Failures.TryReserveAsync("sato", "203.0.113.5", 3, Now, Lockout);
        }
        await Failures.TryReserveAsync("ito", "203.0.113.5", 3, Now, Lockout);
        await Failures.TryReserveAsync("ito", "203.0.113.5", 3, Now, Lockout);

        var afterLock = await Failures.TryReserveAsync("sato", "203.0.113.5", 3, Now + Lockout, Lockout);
        var afterQuiet = await Failures.TryReserveAsync("ito", "203.0.113.5", 3, Now + Lockout + TimeSpan.FromSeconds(1), Lockout);

        Assert.Equal((true, 1, (DateTime?)null), (afterLock.Reserved, afterLock.Failures, afterLock.LockedUntil));
        Assert.Equal((true, 1), (afterQuiet.Reserved, afterQuiet.Failures));
    }

    [SkippableFact]
    public async Task TryReserve_ReservesExactlyTheLimit_When_ThirtyAttemptsArriveAtOnce()
    {
        var attempts = Enumerable.Range(0, 30)
            .Select(_ => Task.Run(() => Failures.TryReserveAsync("admin", "203.0.113.5", 5, Now, Lockout)));

        var results = await Task.WhenAll(attempts);

        Assert.Equal(5, results.Count(r => r.Reserved));
        Assert.Equal([1, 2, 3, 4, 5], results.Where(r => r.Reserved).Select(r => r.Failures).Order());
    }

    [SkippableFact]
    public async Task Clear_ForgetsOneAddress_And_Unlock_ForgetsEveryAddressOfTheName()
    {
        foreach (var address in new[] { "203.0.113.5", "198.51.100.7" })
        {
            for (var i = 0; i < 3; i++)
            {
                await Failures.TryReserveAsync("sato", address, 3, Now, Lockout);
            }
        }
        await Failures.TryReserveAsync("ito", "203.0.113.5", 3, Now, Lockout);

        await Failures.ClearAsync("sato", "203.0.113.5");
        var afterClear = await Failures.LocksAsync(Now);
        var cleared = await Failures.UnlockAsync("sato");

        Assert.Equal(1, Assert.Single(afterClear).Addresses);
        Assert.Equal(1, cleared);
        Assert.Empty(await Failures.LocksAsync(Now));
        Assert.True((await Failures.TryReserveAsync("sato", "198.51.100.7", 3, Now, Lockout)).Reserved);
        Assert.Equal(2, (await Failures.TryReserveAsync("ito", "203.0.113.5", 3, Now, Lockout)).Failures);
    }
}

public sealed class SignInFailureRepositoryTestsOnSqlite : SignInFailureRepositoryTests<OnSqlite>;

public sealed class SignInFailureRepositoryTestsOnSqlServer : SignInFailureRepositoryTests<OnSqlServer>;
