using System.Net.Sockets;

namespace DaprChannels.TestSupport.Hosting;

public static class FreePort
{
    /// <summary>A loopback port free right now (for a child process that cannot report the port it bound).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
