using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.Hosting;

/// <summary>Writes JSON and text bodies with exact content types, as the real systems send them.</summary>
internal static class WireJson
{
    // The real systems do not escape quotes or angle brackets inside messages; neither do we.
    public static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Snake-case keys for the emulator's own control API.</summary>
    public static readonly JsonSerializerOptions Control = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public const string ApplicationJson = "application/json; charset=utf-8";

    public static Task WriteJsonAsync(this HttpResponse response, int status, JsonNode body, string contentType = ApplicationJson)
    {
        response.StatusCode = status;
        response.ContentType = contentType;
        return response.WriteAsync(body.ToJsonString(Options));
    }

    public static Task WriteTextAsync(this HttpResponse response, int status, string body, string contentType)
    {
        response.StatusCode = status;
        response.ContentType = contentType;
        return response.WriteAsync(body);
    }

    public static Task WriteControlAsync<T>(this HttpResponse response, int status, T body)
    {
        response.StatusCode = status;
        response.ContentType = ApplicationJson;
        return response.WriteAsync(JsonSerializer.Serialize(body, Control));
    }
}
