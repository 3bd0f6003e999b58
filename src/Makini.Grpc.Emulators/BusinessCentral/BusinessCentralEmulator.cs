using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.BusinessCentral;

/// <summary>
/// Business Central online and its identity provider in one: the Entra token endpoint under
/// <c>{tenant}/oauth2/v2.0/token</c> and the API under <c>v2.0/{tenant}/{environment}/api/v2.0/</c>.
/// </summary>
internal sealed class BusinessCentralEmulator : SystemEmulator<BusinessCentralInstance>
{
    private const string TokenPath = "{tenant}/oauth2/v2.0/token";

    private readonly TimeProvider _time;
    private readonly RouteTable<BusinessCentralInstance> _routes;
    private readonly PathTemplate _tokenTemplate = new(TokenPath);

    public BusinessCentralEmulator(TimeProvider time)
    {
        _time = time;
        _routes = new RouteTable<BusinessCentralInstance>()
            .Map("*", "v2.0/{tenant}/{environment}/api/v2.0/{**resource}", BusinessCentralApi.ServeAsync)
            .Map("POST", TokenPath, EntraTokenEndpoint.IssueAsync);
    }

    public override string Prefix => "bc";

    public override EmulatorInstance CreateInstance(string segment) => new BusinessCentralInstance(segment, _time);

    protected override async Task HandleAsync(HttpContext context, BusinessCentralInstance instance)
    {
        switch (await _routes.DispatchAsync(context, instance))
        {
            case RouteOutcome.MethodNotAllowed:
                await EntraErrors.WriteAsync(context, _time, 405, "invalid_request", 900561, "The endpoint only accepts POST requests.");
                break;
            case RouteOutcome.PathNotFound:
                await BusinessCentralErrors.WriteNoResourceAsync(context);
                break;
        }
    }

    protected override Task WriteFaultAsync(HttpContext context, BusinessCentralInstance instance, int status) =>
        _tokenTemplate.TryMatch(context.Request.Path.Value ?? "", out _)
            ? EntraErrors.WriteFaultAsync(context, _time, status)
            : BusinessCentralErrors.WriteFaultAsync(context, status);
}
