using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.NetSuite;

/// <summary>NetSuite REST web services under <c>/services/rest/</c>, behind OAuth 1.0a token-based authentication.</summary>
internal sealed class NetSuiteEmulator : SystemEmulator<NetSuiteInstance>
{
    private readonly TimeProvider _time;
    private readonly RouteTable<NetSuiteInstance> _routes;

    public NetSuiteEmulator(TimeProvider time)
    {
        _time = time;
        _routes = new RouteTable<NetSuiteInstance>()
            .Map("GET", "services/rest/record/v1/{recordType}", NetSuiteRecordService.ListAsync)
            .Map("GET", "services/rest/record/v1/{recordType}/{id}", NetSuiteRecordService.GetAsync)
            .Map("GET", "services/rest/record/v1/{recordType}/{id}/{sublist}", NetSuiteRecordService.GetSublistAsync)
            .Map("POST", "services/rest/record/v1/{recordType}", NetSuiteWriteService.CreateAsync)
            .Map("PATCH", "services/rest/record/v1/{recordType}/{id}", NetSuiteWriteService.UpdateAsync)
            .Map("DELETE", "services/rest/record/v1/{recordType}/{id}", NetSuiteWriteService.DeleteAsync)
            .Map("*", "services/rest/record/v1/{**rest}", (context, _, _) => NetSuiteErrors.WriteNotEmulatedAsync(context, $"{context.Request.Method} {context.Request.Path}"));
    }

    public override string Prefix => "netsuite";

    public override EmulatorInstance CreateInstance(string segment) => new NetSuiteInstance(segment, _time);

    protected override async Task HandleAsync(HttpContext context, NetSuiteInstance instance)
    {
        if (!context.Request.Path.StartsWithSegments("/services/rest"))
        {
            await NetSuiteErrors.WriteUnknownPathAsync(context);
            return;
        }
        if (!NetSuiteTokenAuth.IsAuthorized(context, instance))
        {
            await NetSuiteErrors.WriteInvalidLoginAsync(context);
            return;
        }
        if (await _routes.DispatchAsync(context, instance) != RouteOutcome.Handled)
            await NetSuiteErrors.WriteUnknownPathAsync(context);
    }

    /// <summary>
    /// Throttling (CONCURRENCY_LIMIT_EXCEEDED is counted per account) and server errors happen after NetSuite has
    /// authenticated the request, so a faulted request still uses up its nonce: a client must sign each retry anew.
    /// </summary>
    protected override Task WriteFaultAsync(HttpContext context, NetSuiteInstance instance, int status)
    {
        NetSuiteTokenAuth.IsAuthorized(context, instance);
        return NetSuiteErrors.WriteFaultAsync(context, status);
    }
}
