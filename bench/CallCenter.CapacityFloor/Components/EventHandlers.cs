using Microsoft.AspNetCore.Components;

namespace CallCenter.CapacityFloor.Components;

/// <summary>The product's search-box event (wwwroot/js/search.js raises it after a pause in typing).</summary>
[EventHandler("onsearchtext", typeof(SearchTextEventArgs), enableStopPropagation: true, enablePreventDefault: true)]
public static class EventHandlers
{
}

/// <summary>The text in the box after a pause in typing.</summary>
public sealed class SearchTextEventArgs : EventArgs
{
    public string Value { get; set; } = "";
}
