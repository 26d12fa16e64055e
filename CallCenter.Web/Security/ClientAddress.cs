using System.Net;
using System.Net.Sockets;

namespace CallCenter.Web.Security;

/// <summary>
/// The client address that rate limits, sign-in lock-outs and the anonymous API tally count by. Behind a load
/// balancer it is the address the balancer forwards (ASPNETCORE_FORWARDEDHEADERS_ENABLED, docs/load-balancing.md).
/// An IPv6 client is counted by its /64 network: one subscriber usually holds a whole /64.
/// </summary>
public static class ClientAddress
{
    public static string Of(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6 || IPAddress.IsLoopback(address))
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
