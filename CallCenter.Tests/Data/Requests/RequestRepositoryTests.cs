using CallCenter.Data.Accounts;
using CallCenter.Data.Calls;
using CallCenter.Data.Requests;
using CallCenter.Tests.Data.Calls;
using Dapper;

namespace CallCenter.Tests.Data.Requests;

/// <summary>A household's open and closed requests, as the resident page and the call form list them.</summary>
public abstract class RequestRepositoryTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private readonly TestClock clock = new(new DateTimeOffset(2026, 3, 14, 1, 30, 0, TimeSpan.Zero));

    [SkippableFact]
    public async Task OpenAndClosed_OfAHousehold_AreItsOwn_UrgentFirst_WithTheirLabels()
    {
        await CallTestData.ImportAsync(Connections, CallTestData.FiveMemberRegister);
        var aizu = await CallTestData.StaffAsync(Connections, clock, "op-aizu", "会津 一子", UserRole.Operator, "会津若松");
        var head = await CallTestData.ResidentAsync(Connections, "K0001");
        var neighbour = await CallTestData.ResidentAsync(Connections, "K0101");
        var recorder = new RequestRecorder(Connections, clock);
        var household = head.HouseholdId!.Value;
        var (first, _) = await recorder.SaveAsync(new RequestDraft(household, null, 1, 6, false, "住宅再建の補助について"), aizu);
        clock.Advance(TimeSpan.FromDays(2));
        var (urgent, _) = await recorder.SaveAsync(new RequestDraft(household, head.ResidentId, 4, 4, true, "持病の薬が足りない"), aizu);
        var (closed, _) = await recorder.SaveAsync(new RequestDraft(household, null, 10, 1, false, "広報誌を送ってほしい"), aizu);
        await recorder.SaveAsync(new RequestDraft(neighbour.HouseholdId!.Value, null, 1, 6, false, "隣の世帯の要望"), aizu);
        await using (var connection = await Connections.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE Requests SET Status = 3, ClosedAt = @At WHERE RequestId = @closed",
                new { At = clock.GetUtcNow().UtcDateTime, closed });
        }
        var requests = new RequestRepository(Connections);

        var open = await requests.OpenOfHouseholdAsync(household);
        var done = await requests.ClosedOfHouseholdAsync(household);

        Assert.Equal([urgent!.Value, first!.Value], open.Select(r => r.RequestId));
        Assert.Equal(("佐藤　正男", "医療・健康", "健康介護課", RequestStatus.Received, true, "会津 一子"),
            (open[0].ForWhom, open[0].Category, open[0].Department, open[0].Status, open[0].IsUrgent, open[0].CreatedBy));
        Assert.Equal(("世帯全体", 2), (open[1].ForWhom, open[1].AgeInDays(clock.GetUtcNow().UtcDateTime)));
        Assert.Equal((closed!.Value, RequestStatus.Done, "情報提供"), (Assert.Single(done).RequestId, done[0].Status, done[0].Category));
    }
}

public sealed class RequestRepositoryTestsOnSqlite : RequestRepositoryTests<OnSqlite>;

public sealed class RequestRepositoryTestsOnSqlServer : RequestRepositoryTests<OnSqlServer>;
