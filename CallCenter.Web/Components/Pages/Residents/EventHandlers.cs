using Microsoft.AspNetCore.Components;

namespace CallCenter.Web.Components.Pages.Residents;

/// <summary>
/// The search box's two browser events (raised by <c>wwwroot/js/search.js</c>): <c>searchtext</c> once the operator
/// pauses typing, and <c>searchkey</c> for the four keys the box answers (↑ ↓ Enter Esc). The browser waits out the
/// pause and filters the keys, so a search costs the server one event instead of two per keystroke. (The Razor compiler
/// finds custom events only on a class named exactly <c>EventHandlers</c>, in the .razor file's namespace or one it
/// imports.)
/// </summary>
[EventHandler("onsearchtext", typeof(SearchTextEventArgs), enableStopPropagation: true, enablePreventDefault: true)]
[EventHandler("onsearchkey", typeof(SearchKeyEventArgs), enableStopPropagation: true, enablePreventDefault: true)]
public static class EventHandlers
{
}

/// <summary>The text in the box after a pause in typing.</summary>
public sealed class SearchTextEventArgs : EventArgs
{
    public string Value { get; set; } = "";
}

/// <summary>One of ArrowUp, ArrowDown, Enter, Escape, with the text in the box when it was pressed.</summary>
public sealed class SearchKeyEventArgs : EventArgs
{
    public string Key { get; set; } = "";

    public string Value { get; set; } = "";
}
