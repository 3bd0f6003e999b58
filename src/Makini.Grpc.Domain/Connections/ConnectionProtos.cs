using V1 = Makini.Grpc.V1;

namespace Makini.Grpc.Domain.Connections;

/// <summary>A connection's states as the API and its webhooks show them.</summary>
public static class ConnectionProtos
{
    public static V1.ConnectionStatus ToProto(this ConnectionStatus status) => status switch
    {
        ConnectionStatus.Active => V1.ConnectionStatus.Active,
        ConnectionStatus.ReauthorizationRequired => V1.ConnectionStatus.ReauthorizationRequired,
        _ => V1.ConnectionStatus.Disconnected,
    };

    public static V1.ConnectionHealth ToProto(this SourceHealth health) => health switch
    {
        SourceHealth.Online => V1.ConnectionHealth.Online,
        SourceHealth.Degraded => V1.ConnectionHealth.Degraded,
        SourceHealth.Offline => V1.ConnectionHealth.Offline,
        _ => V1.ConnectionHealth.Unspecified,
    };
}
