using System.Security.Claims;
using CallCenter.Data.Calls;
using CallCenter.Web.Security;

namespace CallCenter.Web.Components.Pages.Calls;

/// <summary>
/// The 要件 list page's data work: the codes (retired ones too), and each edit in the supervisor's name with the list
/// read again and a message. One per page: it holds the list and the last message.
/// </summary>
public sealed class WrapUpCodeDesk(WrapUpCodes codes)
{
    /// <summary>Every code in list order, retired ones included.</summary>
    public IReadOnlyList<WrapUpCode> Codes { get; private set; } = [];

    /// <summary>What the last edit did, or why it was refused.</summary>
    public string? Message { get; private set; }

    /// <summary>True when <see cref="Message"/> is a refusal.</summary>
    public bool Refused { get; private set; }

    public async Task LoadAsync() => Codes = await codes.ListAsync(includeRetired: true);

    /// <summary>Adds a code at the end; true when added.</summary>
    public Task<bool> AddAsync(string? label, ClaimsPrincipal user) =>
        DoAsync(codes.AddAsync(label ?? "", user.Operator()), $"要件「{label?.Trim()}」を追加しました。着信の記録で選べます。");

    /// <summary>Renames a code; true when renamed.</summary>
    public Task<bool> RenameAsync(WrapUpCode code, string? label, ClaimsPrincipal user) =>
        DoAsync(codes.RenameAsync(code.WrapUpCodeId, label ?? "", user.Operator()), $"要件「{code.Label}」を「{label?.Trim()}」に変えました。");

    /// <summary>Moves a code one place up (-1) or down (+1).</summary>
    public Task<bool> MoveAsync(WrapUpCode code, int steps, ClaimsPrincipal user) =>
        DoAsync(codes.MoveAsync(code.WrapUpCodeId, steps, user.Operator()), $"要件「{code.Label}」を{(steps < 0 ? "上" : "下")}へ移しました。");

    /// <summary>Retires a code (not offered on new calls, kept on old ones) or restores it.</summary>
    public Task<bool> SetActiveAsync(WrapUpCode code, bool active, ClaimsPrincipal user) =>
        DoAsync(codes.SetActiveAsync(code.WrapUpCodeId, active, user.Operator()), active
            ? $"要件「{code.Label}」を再び使えるようにしました。"
            : $"要件「{code.Label}」の使用を停止しました。新しい通話では選べません（過去の通話には残ります）。");

    private async Task<bool> DoAsync(Task<string?> edit, string done)
    {
        var refusal = await edit;
        (Message, Refused) = (refusal ?? done, refusal is not null);
        await LoadAsync();
        return refusal is null;
    }
}
