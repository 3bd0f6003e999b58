using System.Net;
using System.Net.Sockets;

namespace Makini.Grpc.Domain.Webhooks.Delivery;

/// <summary>The refusal of a target address, found when connecting.</summary>
public sealed class BlockedTargetException(string host, IPAddress address)
    : Exception($"blocked address {address} (resolved from {host})");

/// <summary>The HTTP client that posts webhooks. Every connection resolves the host itself and refuses it when any
/// address is loopback, private, link-local or metadata, so a name that passed the check at registration and was
/// later re-pointed (DNS rebinding) is still refused. Redirects are not followed; no proxy, no cookies.</summary>
public static class WebhookHttp
{
    public static HttpClient Create(bool allowPrivateTargets) => new(CreateHandler(allowPrivateTargets)) { Timeout = Timeout.InfiniteTimeSpan };

    public static SocketsHttpHandler CreateHandler(bool allowPrivateTargets) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        MaxConnectionsPerServer = 256, // bounded by the dispatcher's own limits
        ConnectCallback = async (context, ct) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
            if (!allowPrivateTargets && addresses.FirstOrDefault(TargetAddressPolicy.IsBlocked) is { } blocked)
                throw new BlockedTargetException(host, blocked);
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
