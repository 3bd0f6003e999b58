namespace Makini.Grpc.Emulators.NetSuite;

/// <summary>Parses <c>Authorization: OAuth realm="...", oauth_consumer_key="...", ...</c> (RFC 5849 §3.5.1).</summary>
internal static class OAuthAuthorizationHeader
{
    public static bool TryParse(string? header, out Dictionary<string, string> parameters)
    {
        parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (header is null || !header.StartsWith("OAuth ", StringComparison.OrdinalIgnoreCase))
            return false;
        var text = header.AsSpan(6);
        while (true)
        {
            text = text.TrimStart(" \t,");
            if (text.IsEmpty)
                return parameters.Count > 0;
            var equals = text.IndexOf('=');
            if (equals <= 0 || equals + 1 >= text.Length || text[equals + 1] != '"')
                return false;
            var name = text[..equals].Trim().ToString();
            text = text[(equals + 2)..];
            var closing = text.IndexOf('"');
            if (closing < 0)
                return false;
            // Values are percent-encoded by the client; the realm is sent as-is but decoding leaves it unchanged.
            if (!parameters.TryAdd(name, Uri.UnescapeDataString(text[..closing].ToString())))
                return false;
            text = text[(closing + 1)..];
        }
    }
}
