using System.Security.Claims;
using CallCenter.Data.Requests;
using CallCenter.Web.Security;

namespace CallCenter.Web.Components.Pages.Requests;

/// <summary>
/// One list panel's data work (分類 or 担当課 on the request-lists page, 要件 on the wrap-up codes page): the entries
/// (retired ones too), each edit in the editor's name with the list read again and a message. One per panel: it holds
/// the list and the last message.
/// </summary>
public sealed class EditableListDesk(EditableList list)
{
    /// <summary>Every entry in list order, retired ones included.</summary>
    public IReadOnlyList<ListEntry> Entries { get; private set; } = [];

    /// <summary>What the last edit did, or why it was refused.</summary>
    public string? Message { get; private set; }

    /// <summary>True when <see cref="Message"/> is a refusal.</summary>
    public bool Refused { get; private set; }

    /// <summary>The list's noun (分類, 担当課).</summary>
    public string Noun => list.Noun;

    /// <summary>Reads the list.</summary>
    public async Task LoadAsync() => Entries = await list.ListAsync(includeRetired: true);

    /// <summary>Adds an entry at the end; true when added.</summary>
    public Task<bool> AddAsync(string? label, ClaimsPrincipal user) =>
        DoAsync(list.AddAsync(label ?? "", user.Operator()), $"{Noun}「{label?.Trim()}」を追加しました。{list.ChosenIn}で選べます。");

    /// <summary>Renames an entry; true when renamed.</summary>
    public Task<bool> RenameAsync(ListEntry entry, string? label, ClaimsPrincipal user) =>
        DoAsync(list.RenameAsync(entry.Id, label ?? "", user.Operator()), $"{Noun}「{entry.Label}」を「{label?.Trim()}」に変えました。");

    /// <summary>Moves an entry one place up (-1) or down (+1).</summary>
    public Task<bool> MoveAsync(ListEntry entry, int steps, ClaimsPrincipal user) =>
        DoAsync(list.MoveAsync(entry.Id, steps, user.Operator()), $"{Noun}「{entry.Label}」を{(steps < 0 ? "上" : "下")}へ移しました。");

    /// <summary>Retires an entry (not offered for new requests, kept on old ones) or restores it.</summary>
    public Task<bool> SetActiveAsync(ListEntry entry, bool active, ClaimsPrincipal user) =>
        DoAsync(list.SetActiveAsync(entry.Id, active, user.Operator()), active
            ? $"{Noun}「{entry.Label}」を再び使えるようにしました。"
            : $"{Noun}「{entry.Label}」の使用を停止しました。{list.RetiredNote}。");

    private async Task<bool> DoAsync(Task<string?> edit, string done)
    {
        var refusal = await edit;
        (Message, Refused) = (refusal ?? done, refusal is not null);
        await LoadAsync();
        return refusal is null;
    }
}
