using System.Net;
using System.Net.Sockets;

namespace Makini.Grpc.Domain.Webhooks.Delivery;

/// <summary>Which addresses a webhook may reach: never loopback, private, link-local (cloud metadata lives at
/// 169.254.169.254), shared, multicast or unspecified ones, unless the operator allows private targets.</summary>
public static class TargetAddressPolicy
{
    public static bool IsBlocked(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return true;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 or 10 or 127 => true,                      // "this network", private, loopback
                100 => b[1] >= 64 && b[1] <= 127,            // carrier-grade NAT 100.64/10
                169 => b[1] == 254,                          // link-local, cloud metadata
                172 => b[1] >= 16 && b[1] <= 31,             // private 172.16/12
                192 => (b[1] == 168) || (b[1] == 0 && b[2] == 0), // private 192.168/16, IETF 192.0.0/24
                198 => b[1] == 18 || b[1] == 19,             // benchmarking 198.18/15
                >= 224 => true,                              // multicast, reserved, broadcast
                _ => false,
            };
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Any)) return true;
            if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal) return true; // fe80::/10, fec0::/10, ff00::/8, fc00::/7
            var b = address.GetAddressBytes();
            if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return true; // documentation 2001:db8::/32
            if (address.IsIPv4MappedToIPv6 || (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b)) // NAT64 64:ff9b::/96
                return IsBlocked(new IPAddress(b[12..16]));
            return false;
        }
        return true;
    }
}
