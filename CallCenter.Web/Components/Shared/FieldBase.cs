using Microsoft.AspNetCore.Components;

namespace CallCenter.Web.Components.Shared;

/// <summary>
/// What the call form's native fields (<see cref="FieldSelect{T}"/>, <see cref="FieldText"/>) share: the label, the error
/// state and message under the box, a class for the grid, the test id on the control, and an element id tying label and
/// control together.
/// </summary>
public abstract class FieldBase : ComponentBase
{
    [Parameter, EditorRequired]
    public required string Label { get; set; }

    [Parameter]
    public bool Error { get; set; }

    [Parameter]
    public string? ErrorText { get; set; }

    [Parameter]
    public string? Class { get; set; }

    [Parameter]
    public string? TestId { get; set; }

    /// <summary>The control takes the keyboard focus when it first appears (the call form's first field).</summary>
    [Parameter]
    public bool AutoFocus { get; set; }

    /// <summary>The control itself (<c>@ref</c> in the markup), for <see cref="FocusAsync"/>.</summary>
    protected ElementReference Control;

    /// <summary>Moves the keyboard focus to the control (a shortcut that adds a row focuses its first field).</summary>
    public ValueTask FocusAsync() => Control.FocusAsync();

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // A focus from the server, once the control is in the page (an autofocus attribute is honoured only while the
        // document first loads, not in a page the circuit renders later).
        if (firstRender && AutoFocus && RendererInfo.IsInteractive)
        {
            await Control.FocusAsync();
        }
    }

    /// <summary>The control's element id (the label's <c>for</c>).</summary>
    protected string Id { get; } = "field-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>The wrapper's classes: the kind of field, the error state, the caller's class.</summary>
    protected string WrapperClass(string kind) => $"{kind}{(Error ? " field-error" : "")} {Class}".TrimEnd();
}
