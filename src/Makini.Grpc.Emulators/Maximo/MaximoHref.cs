using System.Text;

namespace Makini.Grpc.Emulators.Maximo;

/// <summary>
/// The resource id in a member href: "_" + base64 of the record key ("BEDFORD/1000" → <c>_QkVERk9SRC8xMDAw</c>) with
/// '=' written as '-'. UNVERIFIED: how Maximo writes the base64 characters '+' and '/'; the emulator uses '/' → '_'.
/// </summary>
internal static class MaximoHref
{
    public static string Encode(string key) =>
        "_" + Convert.ToBase64String(Encoding.UTF8.GetBytes(key)).Replace('=', '-').Replace('/', '_');

    public static string? Decode(string resourceId)
    {
        if (!resourceId.StartsWith('_')) return null;
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(resourceId[1..].Replace('-', '=').Replace('_', '/')));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
