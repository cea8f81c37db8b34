using System.Net;
using System.Net.Sockets;

namespace TestSupport;

/// <summary>A loopback port nobody listens on now, for a program that takes its port on the command line.</summary>
internal static class FreePort
{
    public static int Get()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
