namespace Makini.Grpc.Domain.Webhooks;

public static class WebhookEventTypes
{
    public const string ConnectionCreated = "connection.created";
    public const string ConnectionReauthorizationRequired = "connection.reauthorization_required";
    public const string ConnectionReauthorized = "connection.reauthorized";
    public const string ConnectionHealthChanged = "connection.health_changed";
    public const string ConnectionDisconnected = "connection.disconnected";
    public const string ConnectionDataDeleted = "connection.data_deleted";
    public const string SyncCompleted = "sync.completed";
    public const string SyncFailed = "sync.failed";
    public const string WriteSucceeded = "write.succeeded";
    public const string WriteFailed = "write.failed";
    /// <summary>Opt-in: an endpoint gets it only when it lists it (it carries whole records and can be voluminous).</summary>
    public const string RecordsChanged = "records.changed";
    /// <summary>Sent by SendTestWebhook to one endpoint, whatever it subscribes to.</summary>
    public const string Test = "webhook.test";

    public static readonly IReadOnlySet<string> Subscribable = new HashSet<string>
    {
        ConnectionCreated, ConnectionReauthorizationRequired, ConnectionReauthorized, ConnectionHealthChanged,
        ConnectionDisconnected, ConnectionDataDeleted, SyncCompleted, SyncFailed, WriteSucceeded, WriteFailed, RecordsChanged,
    };
}
