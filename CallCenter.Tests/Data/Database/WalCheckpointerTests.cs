using CallCenter.Data.Database;
using Dapper;

namespace CallCenter.Tests.Data.Database;

public sealed class WalCheckpointerTests : DatabaseTests<OnSqlite>
{
    [Fact]
    public async Task Connections_LeaveCheckpointsToTheCheckpointer()
    {
        await using var connection = await Connections.OpenAsync();

        Assert.Equal(10000, await connection.ExecuteScalarAsync<int>("PRAGMA wal_autocheckpoint"));
    }

    [Fact]
    public async Task Checkpoint_CopiesTheLogIntoTheDatabase()
    {
        // Held open throughout: SQLite checkpoints by itself when the last connection closes, which another
        // test's pool clearing could otherwise trigger in the middle of this one.
        await using var check = await Connections.OpenAsync();
        await using (var connection = await Connections.OpenAsync())
        {
            for (var i = 0; i < 50; i++)
            {
                await connection.ExecuteAsync("INSERT INTO Settings (Name, Value) VALUES (@n, @v)", new { n = $"k{i}", v = new string('x', 500) });
            }
        }
        var before = await check.QuerySingleAsync<(long Busy, long Log, long Checkpointed)>("PRAGMA wal_checkpoint(NOOP)");

        await new WalCheckpointer(Connections).CheckpointAsync();

        var after = await check.QuerySingleAsync<(long Busy, long Log, long Checkpointed)>("PRAGMA wal_checkpoint(NOOP)");
        Assert.True(before.Log > 0);
        Assert.True(before.Checkpointed < before.Log, $"{before.Checkpointed} of {before.Log} frames were already checkpointed");
        Assert.Equal(after.Log, after.Checkpointed);
    }
}
