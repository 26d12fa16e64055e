using Microsoft.AspNetCore.Components.Server.Circuits;

namespace CallCenter.Web.Components.Shared;

/// <summary>
/// Whether this page's browser is still connected. A circuit outlives its connection for a few minutes (so a
/// page can reconnect after a network blip); work that claims the user is present, such as the presence
/// heartbeat, pauses meanwhile.
/// </summary>
public sealed class CircuitConnection
{
    public bool IsConnected { get; internal set; } = true;
}

/// <summary>Keeps <see cref="CircuitConnection"/> up to date for its circuit.</summary>
public sealed class CircuitConnectionHandler(CircuitConnection connection) : CircuitHandler
{
    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        connection.IsConnected = false;
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        connection.IsConnected = true;
        return Task.CompletedTask;
    }
}
