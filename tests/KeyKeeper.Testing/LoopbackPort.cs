using System.Net;
using System.Net.Sockets;

namespace KeyKeeper.Testing;

/// <summary>Free TCP ports on 127.0.0.1 for the servers tests start.</summary>
public static class LoopbackPort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
