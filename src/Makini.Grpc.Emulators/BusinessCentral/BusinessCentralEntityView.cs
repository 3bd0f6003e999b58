using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.BusinessCentral;

/// <summary>
/// Turns a stored entity into what the API sends: <c>@odata.etag</c> first, then the selected properties in the
/// page's order, then an expanded child collection (each child with its own etag).
/// </summary>
internal static class BusinessCentralEntityView
{
    public static JsonObject Render(JsonObject stored, BusinessCentralEntitySet set, IReadOnlyList<string>? select, bool expandChild)
    {
        var result = new JsonObject { ["@odata.etag"] = ETagOf(stored) };
        var properties = select ?? set.Properties;
        foreach (var name in properties)
            if (stored.TryGetPropertyValue(name, out var value)) result[name] = value?.DeepClone();
        // Properties outside the documented list (e.g. from a customized page) are sent too, after the standard ones.
        if (select is null)
            foreach (var (name, value) in stored)
                if (!set.HasProperty(name) && name != set.Child && !name.StartsWith('@')) result[name] = value?.DeepClone();
        if (expandChild && set.Child is { } child)
        {
            var lines = stored[child] as JsonArray ?? [];
            var rendered = new JsonArray();
            foreach (var line in lines.OfType<JsonObject>())
            {
                var view = new JsonObject { ["@odata.etag"] = ETagOf(line) };
                foreach (var (name, value) in line) view[name] = value?.DeepClone();
                rendered.Add(view);
            }
            result[child] = rendered;
        }
        return result;
    }

    /// <summary>
    /// A weak ETag in Business Central's shape, <c>W/"JzE5OzEyMzQ1Njc4OTAxMjM0NTY3ODk7MDA7Jw=="</c> (base64 of
    /// <c>'19;1234567890123456789;00;'</c>): it changes whenever the entity changes. UNVERIFIED: the meaning of the
    /// inner number (a row version in the real system); here it is derived from the content.
    /// </summary>
    public static string ETagOf(JsonObject entity)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(entity.ToJsonString()));
        var version = (BitConverter.ToUInt64(hash, 0) % 9_000_000_000_000_000_000UL + 1_000_000_000_000_000_000UL).ToString(CultureInfo.InvariantCulture);
        var inner = $"'{version.Length.ToString(CultureInfo.InvariantCulture)};{version};00;'";
        return $"W/\"{Convert.ToBase64String(Encoding.UTF8.GetBytes(inner))}\"";
    }
}
