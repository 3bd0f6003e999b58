using Makini.Grpc.Emulators.Hosting;
using Microsoft.Net.Http.Headers;

namespace Makini.Grpc.Emulators.Sap;

/// <summary>
/// SAP S/4HANA OData v2 under <c>/sap/opu/odata/sap/&lt;SERVICE&gt;/</c>: Basic logon (with sap-client), the
/// CSRF token handshake for writes, service documents, $metadata, entity-set reads and writes (<see cref="SapWrites"/>).
/// </summary>
internal sealed class SapEmulator : SystemEmulator<SapInstance>
{
    private readonly TimeProvider _time;
    private readonly RouteTable<SapInstance> _routes;

    public SapEmulator(TimeProvider time)
    {
        _time = time;
        _routes = new RouteTable<SapInstance>().Map("*", "sap/opu/odata/sap/{service}/{**resource}", ServeServiceAsync);
    }

    public override string Prefix => "sap";

    public override EmulatorInstance CreateInstance(string segment) => new SapInstance(segment, _time);

    protected override async Task HandleAsync(HttpContext context, SapInstance instance)
    {
        if (await _routes.DispatchAsync(context, instance) != RouteOutcome.Handled)
            await SapErrors.WriteIcfNotFoundAsync(context);
    }

    protected override Task WriteFaultAsync(HttpContext context, SapInstance instance, int status) =>
        SapErrors.WriteFaultAsync(context, status);

    private static Task ServeServiceAsync(HttpContext context, SapInstance instance, RouteValues route)
    {
        if (!SapLogon.IsAuthenticated(context.Request, instance))
            return SapErrors.WriteLogonErrorAsync(context, instance);

        var service = SapServiceCatalog.Find(route["service"]);
        if (service is null)
            return SapErrors.WriteODataErrorAsync(context, 404, "/IWFND/MED/170", $"No service found for namespace '', name '{route["service"]}', version '0001'");

        if (IsModifying(context.Request.Method))
        {
            var cookies = context.Request.Cookies;
            if (!instance.CsrfSessions.IsValid(cookies[instance.SessionCookieName], cookies[instance.XsrfCookieName], context.Request.Headers["x-csrf-token"]))
                return SapErrors.WriteCsrfRequiredAsync(context);
        }
        else if (string.Equals(context.Request.Headers["x-csrf-token"], "Fetch", StringComparison.OrdinalIgnoreCase))
        {
            IssueCsrfToken(context, instance);
        }

        return SapODataResources.ServeAsync(context, instance, service, route["resource"]);
    }

    /// <summary>Opens a session: the token comes back in a header, the session and XSRF cookies in Set-Cookie.</summary>
    private static void IssueCsrfToken(HttpContext context, SapInstance instance)
    {
        var session = instance.CsrfSessions.Open();
        context.Response.Headers["x-csrf-token"] = session.Token;
        // The real system marks the cookies secure over HTTPS; over plain HTTP a client would then never send them back.
        var secure = context.Request.IsHttps;
        var path = context.Request.PathBase.Value + "/";
        context.Response.Headers.Append(HeaderNames.SetCookie, new SetCookieHeaderValue(instance.XsrfCookieName, session.XsrfCookie) { Path = path, Secure = secure, HttpOnly = true }.ToString());
        context.Response.Headers.Append(HeaderNames.SetCookie, new SetCookieHeaderValue(instance.SessionCookieName, session.SessionId) { Path = path, Secure = secure, HttpOnly = true }.ToString());
    }

    private static bool IsModifying(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method)
        || string.Equals(method, "MERGE", StringComparison.OrdinalIgnoreCase);
}
