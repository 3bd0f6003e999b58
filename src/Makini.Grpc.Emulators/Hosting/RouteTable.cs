namespace Makini.Grpc.Emulators.Hosting;

internal delegate Task RouteHandler<in TInstance>(HttpContext context, TInstance instance, RouteValues values);

/// <summary>What a <see cref="RouteTable{TInstance}"/> found for a request.</summary>
internal enum RouteOutcome { Handled, PathNotFound, MethodNotAllowed }

/// <summary>The real endpoints of one emulated system, tried in the order they were mapped.</summary>
internal sealed class RouteTable<TInstance>
{
    private readonly List<(string Method, PathTemplate Template, RouteHandler<TInstance> Handler)> _routes = [];

    /// <param name="method">An HTTP method, or <c>*</c> for any.</param>
    public RouteTable<TInstance> Map(string method, string template, RouteHandler<TInstance> handler)
    {
        _routes.Add((method, new PathTemplate(template), handler));
        return this;
    }

    public async Task<RouteOutcome> DispatchAsync(HttpContext context, TInstance instance)
    {
        var path = context.Request.Path.Value ?? "";
        var pathMatched = false;
        foreach (var (method, template, handler) in _routes)
        {
            if (!template.TryMatch(path, out var values))
                continue;
            pathMatched = true;
            if (method != "*" && !HttpMethods.Equals(method, context.Request.Method))
                continue;
            await handler(context, instance, values);
            return RouteOutcome.Handled;
        }
        return pathMatched ? RouteOutcome.MethodNotAllowed : RouteOutcome.PathNotFound;
    }
}
