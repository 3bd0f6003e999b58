using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.Features;

namespace Makini.Grpc.Emulators.Hosting;

/// <summary>URLs of the current request, for links and for the OAuth 1.0a base string.</summary>
internal static class RequestUrls
{
    /// <summary>scheme://host[:port]{instance base}, e.g. http://127.0.0.1:5090/sap-t42.</summary>
    public static string InstanceBase(this HttpRequest request) =>
        UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase).TrimEnd('/');

    /// <summary>The absolute URL without the query.</summary>
    public static string AbsolutePath(this HttpRequest request) =>
        UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, request.Path);

    public static string AbsoluteUrl(this HttpRequest request) => request.GetEncodedUrl();

    /// <summary>The request target exactly as the client sent it (path and query still percent-encoded).</summary>
    public static string RawTarget(this HttpContext context) =>
        context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw
            ? raw
            : context.Request.PathBase.Add(context.Request.Path).ToUriComponent() + context.Request.QueryString.ToUriComponent();
}
