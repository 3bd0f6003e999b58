namespace Makini.Grpc.Server.Interceptors;

/// <summary>Every response carries <c>x-request-id</c>: the caller's own when it sent a sane one, else a new one.
/// Log lines of the call carry it too, through the logging scope.</summary>
public sealed class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> log)
{
    public const string Header = "x-request-id";
    private const string ItemKey = "makini.request_id";

    public async Task InvokeAsync(HttpContext context)
    {
        var incoming = context.Request.Headers[Header].ToString();
        var id = IsSane(incoming) ? incoming : "req_" + Guid.CreateVersion7().ToString("N");
        context.Items[ItemKey] = id;
        context.Response.Headers[Header] = id;
        using (log.BeginScope(new Dictionary<string, object> { ["RequestId"] = id }))
            await next(context);
    }

    public static string Get(HttpContext context) => context.Items[ItemKey] as string ?? "";

    private static bool IsSane(string id) =>
        id.Length is > 0 and <= 128 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
}
