namespace Makini.Grpc.Emulators.UpKeep;

/// <summary>
/// The fixed reference data of the demo account: its locations and users, and the demo record counts. UpKeep ids
/// are 10-character alphanumeric object ids; generated ones come from a seeded random source, so every instance holds
/// the same records.
/// </summary>
internal static class UpKeepCatalog
{
    public const int DemoSeed = 4242;
    public const int DemoVendors = 150;
    public const int DemoAssets = 300;
    public const int DemoParts = 300;
    public const int DemoWorkOrders = 400;
    public const int DemoPurchaseOrders = 200;

    public static readonly (string Id, string Name)[] Locations =
    [
        ("Lc7Hq2Tz9A", "Main Plant"), ("Mk3Rw8Px1B", "Warehouse North"), ("Pq5Vn4Ys6C", "Boiler Room"), ("Rt2Jd7Lm3D", "Packaging Line 2"),
        ("Sx9Kc1Wb5E", "Office Building"), ("Tb6Nf3Qh8F", "Parking Structure"), ("Vw4Gp9Zr2G", "Cold Storage"), ("Xz1Mt5Ck7H", "Rooftop"),
    ];

    /// <summary>The login's user (UpKeepInstance.UserId) and the technicians work is assigned to.</summary>
    public static readonly string[] Users = [UpKeepInstance.UserId, "Ab8Cd2Ef4G", "Hj5Kl9Mn3P", "Qr7St1Uv6W", "Xy3Za8Bc2D"];

    private const string IdChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>A Parse-style object id from the seeded source.</summary>
    public static string NextId(Random random) => string.Create(10, random, (span, r) =>
    {
        for (var i = 0; i < span.Length; i++) span[i] = IdChars[r.Next(IdChars.Length)];
    });

    /// <summary>The ids of the demo records of an entity, in generation order; work orders and purchase orders refer
    /// to assets, parts and vendors through these.</summary>
    public static string[] DemoIds(int salt, int count)
    {
        var random = new Random(DemoSeed * 31 + salt);
        return Enumerable.Range(0, count).Select(_ => NextId(random)).ToArray();
    }
}
