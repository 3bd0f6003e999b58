using System.Net;
using System.Net.Sockets;

namespace Makini.Grpc.ConnectorTests.Infrastructure;

/// <summary>A loopback URL where nothing listens: a port the OS just handed out and that was closed again.</summary>
public static class ClosedPort
{
    public static Uri Url(string path)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/{path.TrimStart('/')}");
    }
}
