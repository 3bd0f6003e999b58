using System.Net;
using System.Text.Json;

namespace Makini.Grpc.Connectors.Http;

/// <summary>Reads a source's answer and maps failures to the connector exceptions, with the source's own message.</summary>
internal static class SourceResponses
{
    private const int MaxMessageLength = 500;

    public static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        // Bound what we keep: an error page can be large, and we only quote its message.
        return body.Length > 64 * 1024 ? body[..(64 * 1024)] : body;
    }

    /// <summary>Throws unless the response is a success.</summary>
    /// <param name="extractMessage">Finds the system's message in an error body; null when it has none.</param>
    /// <param name="isRejection">Which answers mean "bad credentials"; by default 401 and 403.</param>
    public static async Task EnsureSuccessAsync(
        string systemId,
        HttpResponseMessage response,
        Func<HttpResponseMessage, string, string?> extractMessage,
        CancellationToken cancellationToken,
        Func<HttpResponseMessage, string, bool>? isRejection = null)
    {
        if (response.IsSuccessStatusCode)
            return;
        var status = (int)response.StatusCode;
        var body = await ReadBodyAsync(response, cancellationToken);
        var message = Shorten(SafeExtract(extractMessage, response, body));
        var rejected = isRejection?.Invoke(response, body) ?? response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
        if (rejected)
            throw new SourceCredentialsRejectedException(systemId, status, message ?? $"HTTP {status} {response.ReasonPhrase}");
        if (response.StatusCode == HttpStatusCode.TooManyRequests || status >= 500)
            throw new SourceUnavailableException(systemId, $"answered HTTP {status} and kept failing after retries{Suffix(message)}", status);
        throw new SourceUnavailableException(systemId, $"answered unexpected HTTP {status}{Suffix(message)}", status);
    }

    public static JsonElement? TryParseJson(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Follows a path of object properties (and array indexes as "0") to a string value.</summary>
    public static string? StringAt(JsonElement? root, params string[] path)
    {
        if (root is not { } current)
            return null;
        foreach (var step in path)
        {
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(step, out var next))
                current = next;
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(step, out var index) && index < current.GetArrayLength())
                current = current[index];
            else
                return null;
        }
        return current.ValueKind == JsonValueKind.String ? current.GetString() : null;
    }

    private static string? SafeExtract(Func<HttpResponseMessage, string, string?> extract, HttpResponseMessage response, string body)
    {
        try
        {
            return extract(response, body);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static string? Shorten(string? message) =>
        string.IsNullOrWhiteSpace(message) ? null
        : message.Length > MaxMessageLength ? message[..MaxMessageLength] + "…" : message.Trim();

    private static string Suffix(string? message) => message is null ? "" : $": {message}";
}
