using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Makini.Grpc.Emulators.BusinessCentral;

/// <summary>Timestamps and GUIDs of the demo data, in Business Central's shapes.</summary>
internal static class BusinessCentralDemoClock
{
    /// <summary>A change in the past ~180 days, at least an hour ago (so "changed since now" starts empty).</summary>
    public static DateTimeOffset RecentChange(Random random, DateTimeOffset now) =>
        now - TimeSpan.FromMinutes(random.Next(60, 180 * 24 * 60)) - TimeSpan.FromMilliseconds(random.Next(60_000));

    /// <summary>
    /// lastModifiedDateTime as the API writes it: UTC, SQL datetime precision (1/300 s, so .003 and .007 endings),
    /// trailing zeros of the fraction dropped: "2025-02-02T18:28:34.057Z", "2025-01-06T09:14:52.25Z".
    /// </summary>
    public static string Stamp(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        var second = new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        var threeHundredths = Math.Round((utc - second).TotalMilliseconds * 0.3, MidpointRounding.AwayFromZero);
        var rounded = second.AddMilliseconds(Math.Round(threeHundredths / 0.3, MidpointRounding.AwayFromZero));
        return rounded.ToString("yyyy-MM-dd'T'HH:mm:ss.FFF'Z'", CultureInfo.InvariantCulture);
    }

    public static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A random (version 4) GUID drawn from the seeded generator, so the demo data is the same everywhere.</summary>
    public static string Guid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new System.Guid(bytes).ToString();
    }

    /// <summary>A stable GUID for a setup code (unit of measure, item category), the same in every instance.</summary>
    public static string GuidOf(string code) => new System.Guid(SHA256.HashData(Encoding.UTF8.GetBytes(code)).AsSpan(0, 16)).ToString();
}
