using CallCenter.Data.Database;

namespace CallCenter.Web.Startup;

/// <summary>
/// Runs before the web server or a command touches the database: can the database be opened and written? If
/// not (a missing or read-only folder, a read-only file, a full disk, a server that does not answer), the
/// caller prints one clear message naming the place and what to do, and exits with code 1 instead of aborting
/// with a stack trace half-way through start-up.
/// </summary>
public static class DatabaseStartupCheck
{
    /// <summary>The exit code after a failed check.</summary>
    public const int ExitCode = 1;

    /// <summary>Runs the check for a command-line tool: throws <see cref="DatabaseStartupException"/> with the problem.</summary>
    public static void ThrowIfUnusable(ConnectionFactory connections)
    {
        if (FindProblemAsync(connections).GetAwaiter().GetResult() is { } problem)
        {
            throw new DatabaseStartupException(problem);
        }
    }

    /// <summary>Null when the database can be opened and a write transaction begun; otherwise the message to print.</summary>
    public static async Task<string?> FindProblemAsync(ConnectionFactory connections, CancellationToken cancellationToken = default)
    {
        if (connections.SqliteFilePath is { } file && Path.GetDirectoryName(file) is { Length: > 0 } folder && !Directory.Exists(folder))
        {
            return $"データベースのフォルダー {folder} がなく、作ることもできません。"
                   + "フォルダーを作ってアプリを動かすユーザーが書き込めるようにするか、ConnectionStrings:CallCenter で書き込める場所を指定してください。";
        }
        try
        {
            await using var connection = await connections.OpenAsync(cancellationToken);
            // BEGIN IMMEDIATE on SQLite takes the write lock; in WAL mode only a write tells a read-only file.
            await using var transaction = await connections.BeginWriteAsync(connection, cancellationToken);
            if (connections.Dialect.WriteProbeSql is { } write)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = write;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.RollbackAsync(cancellationToken);
            return null;
        }
        catch (Exception e) when (StorageFault.Classify(e) is { } kind)
        {
            return Message(connections, kind, e);
        }
    }

    /// <summary>Runs the check and prints the problem, if any; returns the exit code to end with, or null to go on.</summary>
    public static async Task<int?> RunAsync(IServiceProvider services, TextWriter error)
    {
        if (await FindProblemAsync(services.GetRequiredService<ConnectionFactory>()) is not { } problem)
        {
            return null;
        }
        await error.WriteLineAsync($"error: {problem}");
        return ExitCode;
    }

    private static string Message(ConnectionFactory connections, StorageFaultKind kind, Exception e)
    {
        var place = connections.SqliteFilePath is { } file
            ? $"データベース {file}"
            : $"データベース {SqlServerName(connections)}";
        var folder = Path.GetDirectoryName(connections.SqliteFilePath);
        var advice = kind switch
        {
            StorageFaultKind.ReadOnly or StorageFaultKind.Missing when folder is not null =>
                $"に書き込めません。フォルダー {folder} とファイルが、アプリを動かすユーザーに書き込めるか（読み取り専用でないか）を確かめるか、"
                + "ConnectionStrings:CallCenter で書き込める場所を指定してください。",
            StorageFaultKind.ReadOnly => "が読み取り専用です。データベースを書き込めるようにしてください。",
            StorageFaultKind.Missing => "を開けません。サーバー名とデータベース名、アプリのログインの権限を確かめてください。",
            StorageFaultKind.Busy => "を別のプロセスがロックしています。ほかに動いているアプリやコマンドを確かめてから、もう一度起動してください。",
            StorageFaultKind.Full => "のディスクがいっぱいです。空きを作ってから、もう一度起動してください。",
            _ => "を読めません（接続できない、または壊れています）。接続先と、ファイルやサーバーの状態を確かめてください。",
        };
        return $"{place} {advice} ({StorageFault.Code(kind)}: {e.Message})";
    }

    // The server and database only: never the password of the connection string.
    private static string SqlServerName(ConnectionFactory connections) =>
        connections.Dialect.ServerAndDatabase(connections.ConnectionString) is { } named
            ? $"{named.Database}（サーバー {named.Server}）"
            : "(SQL Server)";
}

/// <summary>The database cannot be used at start-up; the message says where and what to do.</summary>
public sealed class DatabaseStartupException(string message) : InvalidOperationException(message);
