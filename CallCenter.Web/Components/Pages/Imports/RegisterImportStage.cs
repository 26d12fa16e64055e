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
