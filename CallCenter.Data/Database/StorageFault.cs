using System.Data.Common;

namespace CallCenter.Data.Database;

/// <summary>What went wrong with the storage underneath a database operation.</summary>
public enum StorageFaultKind
{
    /// <summary>Another writer held the database past the busy timeout (SQLite BUSY/LOCKED, SQL Server lock timeout or deadlock).</summary>
    Busy,

    /// <summary>The disk or the database is full.</summary>
    Full,

    /// <summary>The database or its folder cannot be written to.</summary>
    ReadOnly,

    /// <summary>The database file is gone.</summary>
    Missing,

    /// <summary>The database cannot be reached or read (I/O error, server down, corrupt file).</summary>
    Unavailable,
}

/// <summary>
/// Thrown where the app itself finds the storage unusable (for example the SQLite file deleted under a running
/// app), so callers can treat it like a fault the provider reported.
/// </summary>
public sealed class StorageFaultException(StorageFaultKind kind, string message, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The kind of fault.</summary>
    public StorageFaultKind Kind { get; } = kind;
}

/// <summary>
/// Recognises storage faults in exceptions from either provider (the dialect-specific codes live in
/// <see cref="SqlDialect.ClassifyFault"/>) and says in Japanese what happened, for pages and API answers.
/// </summary>
public static class StorageFault
{
    /// <summary>The storage fault behind <paramref name="exception"/> (or one of its inner exceptions), or null when it is not one.</summary>
    public static StorageFaultKind? Classify(Exception? exception)
    {
        // An I/O error counts only beneath a provider's exception (a broken connection to the server): one from a
        // temporary file or an upload is not the database's, and must not be reported as if it were.
        var beneathDatabase = false;
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case StorageFaultException fault:
                    return fault.Kind;
                case DbException db when (SqlDialect.Sqlite.ClassifyFault(db) ?? SqlDialect.SqlServer.ClassifyFault(db)) is { } kind:
                    return kind;
                case DbException:
                    beneathDatabase = true;
                    break;
                case IOException when beneathDatabase:
                    return StorageFaultKind.Unavailable;
            }
        }
        return null;
    }

    /// <summary>What happened, in Japanese, for an operator (one sentence, no advice).</summary>
    public static string Describe(StorageFaultKind kind) => kind switch
    {
        StorageFaultKind.Busy => "データベースが混み合っていて、時間内に応答しませんでした。",
        StorageFaultKind.Full => "サーバーのディスクがいっぱいで、データベースに書き込めません。",
        StorageFaultKind.ReadOnly => "データベースが読み取り専用になっていて、書き込めません。",
        StorageFaultKind.Missing => "データベースのファイルが見つかりません。",
        _ => "データベースに接続できません。",
    };

    /// <summary>The full message a page shows after a failed save: what happened, that nothing was saved, what to do.</summary>
    public static string NotSavedMessage(StorageFaultKind kind) =>
        Describe(kind) + "保存されていません。入力した内容はそのまま残っています。少し待ってからもう一度お試しください。続く場合は管理者に連絡してください。";

    /// <summary>The English code used in API answers and logs (busy, full, read-only, missing, unavailable).</summary>
    public static string Code(StorageFaultKind kind) => kind switch
    {
        StorageFaultKind.Busy => "busy",
        StorageFaultKind.Full => "full",
        StorageFaultKind.ReadOnly => "read-only",
        StorageFaultKind.Missing => "missing",
        _ => "unavailable",
    };
}
