namespace CallCenter.Web.Components.Pages.Imports;

/// <summary>Where the register import page is: receiving the file, checking it, showing the preview, committing, done.</summary>
public enum RegisterImportStage
{
    None,
    Uploading,
    Checking,
    Previewed,
    Committing,
    Committed,
}

/// <summary>A file's size as the register import page writes it (バイト, KB, MB).</summary>
public static class RegisterFileSize
{
    public static string Format(long bytes) => bytes switch
    {
        < 1024 => $"{bytes:N0} バイト",
        < 1024 * 1024 => $"{bytes / 1024.0:N1} KB",
        _ => $"{bytes / (1024.0 * 1024):N1} MB",
    };
}
