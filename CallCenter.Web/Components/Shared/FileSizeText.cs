namespace CallCenter.Web.Components.Shared;

/// <summary>A file's size as the pages write it (バイト, KB, MB).</summary>
public static class FileSizeText
{
    /// <summary>1,023 バイト, 1.5 KB, 12.3 MB.</summary>
    public static string Format(long bytes) => bytes switch
    {
        < 1024 => $"{bytes:N0} バイト",
        < 1024 * 1024 => $"{bytes / 1024.0:N1} KB",
        _ => $"{bytes / (1024.0 * 1024):N1} MB",
    };
}
