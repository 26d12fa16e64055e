using CallCenter.Data.Database;

namespace CallCenter.Web.Components.Shared;

/// <summary>
/// Runs a page's save. A storage fault (database locked past the timeout, disk full, read-only, file missing)
/// becomes <see cref="Fault"/>, the Japanese message the page shows beside its form (<see cref="SaveFaultAlert"/>):
/// the page keeps its state, so what the operator typed stays and the same button tries again. Every other
/// exception propagates as before. One per page (transient).
/// </summary>
public sealed class SaveGuard(ILogger<SaveGuard> logger)
{
    /// <summary>The message of the last attempt's storage fault, or null when it did not fail on storage.</summary>
    public string? Fault { get; private set; }

    /// <summary>Runs <paramref name="save"/>; false when it failed on storage (then <see cref="Fault"/> says why).</summary>
    public async Task<bool> TryAsync(Func<Task> save)
    {
        Fault = null;
        try
        {
            await save();
            return true;
        }
        catch (Exception e) when (Handles(e))
        {
            return false;
        }
    }

    /// <summary>
    /// For a save written as try/finally (kept so for small diffs): <c>catch (Exception e) when (Save.Handles(e)) { }</c>
    /// turns a storage fault into <see cref="Fault"/> and lets every other exception through.
    /// </summary>
    public bool Handles(Exception exception)
    {
        if (StorageFault.Classify(exception) is not { } kind)
        {
            return false;
        }
        logger.LogWarning(exception, "A save failed on storage ({Fault}); nothing was saved", StorageFault.Code(kind));
        Fault = StorageFault.NotSavedMessage(kind);
        return true;
    }

    /// <summary>Forgets the last fault (the page moved on, e.g. to another record).</summary>
    public void Clear() => Fault = null;
}
