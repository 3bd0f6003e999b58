using Google.Protobuf.WellKnownTypes;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Domain.Accounts;
using Makini.Grpc.Domain.Connections;
using Makini.Grpc.Domain.Connections.Health;
using Makini.Grpc.Domain.Links;
using Makini.Grpc.Domain.Records;
using Proto = Makini.Grpc.V1;

namespace Makini.Grpc.Server.Grpc;

/// <summary>Domain → proto. Secrets and token hashes have no proto field, so they cannot leak through here.</summary>
public static class Mapping
{
    private static readonly Dictionary<string, Proto.SourceSystem> SystemProtos =
        SystemCatalog.All.ToDictionary(s => s.SystemId, s => s.ToProto());

    private static Proto.ListSystemsResponse? _catalogue;

    /// <summary>The catalogue entry, built once: it is on the hot path of GetConnectionInfo. Callers must not mutate it.</summary>
    public static Proto.SourceSystem SystemProto(string systemId) => SystemProtos[systemId];

    /// <summary>The catalogue with each entity's retry safety, as the writers declare it; built once.</summary>
    public static Proto.ListSystemsResponse Catalogue(Connectors.Writing.WriterRegistry writers)
    {
        if (_catalogue is not null) return _catalogue;
        foreach (var system in SystemCatalog.All)
        {
            foreach (var capability in SystemProtos[system.SystemId].Capabilities)
            {
                if (!capability.Operations.Contains(Proto.Operation.Create)) continue;
                var kind = system.Capabilities.Keys.First(k => k.ToProto() == capability.Entity);
                try
                {
                    var handle = writers.Get(system.SystemId).RequirementsOf(kind, Connectors.Writing.WriteKind.Create).RetrySafeHandle;
                    capability.RetrySafeCreate = handle is not null;
                    capability.RetrySafeHandle = handle ?? "";
                }
                catch (Connectors.Reading.EntityNotSupportedException) { }
            }
        }
        return _catalogue = new Proto.ListSystemsResponse { Systems = { SystemCatalog.All.Select(s => SystemProtos[s.SystemId]) } };
    }

    /// <summary><paramref name="defaults"/> fill in the limits the account does not set itself.</summary>
    public static Proto.Account ToProto(this Account a, Domain.RateLimits.RateLimitOptions defaults)
    {
        var (perConnection, perAccount) = defaults.EffectiveFor(a);
        return new Proto.Account
        {
            AccountId = a.Id,
            DisplayName = a.DisplayName,
            Credits = new Proto.Credits { Total = a.TotalCredits, Used = a.UsedCredits, Available = a.AvailableCredits },
            CreateTime = Timestamp.FromDateTimeOffset(a.CreatedAt),
            UpdateTime = Timestamp.FromDateTimeOffset(a.UpdatedAt),
            RateLimits = new Proto.AccountRateLimits { ConnectionRequestsPerMinute = perConnection, AccountRequestsPerMinute = perAccount },
        };
    }

    public static Proto.Connection ToProto(this Connection c)
    {
        var proto = new Proto.Connection
        {
            ConnectionId = c.Id,
            AccountId = c.AccountId,
            EndUserId = c.EndUserId,
            SystemId = c.SystemId,
            Deployment = c.Deployment.ToProto(),
            Status = c.Status.ToProto(),
            Credits = c.Credits,
            BaseUrl = c.BaseUrl,
            CreateTime = Timestamp.FromDateTimeOffset(c.CreatedAt),
            UpdateTime = Timestamp.FromDateTimeOffset(c.UpdatedAt),
            DataDeleted = c.DataDeleted,
            CredentialFieldNames = { c.CredentialFieldNames },
            Health = c.Health.ToProto(),
        };
        if (c.HealthChangedAt is { } healthChanged) proto.HealthChangeTime = Timestamp.FromDateTimeOffset(healthChanged);
        if (c.DisconnectedAt is { } d) proto.DisconnectTime = Timestamp.FromDateTimeOffset(d);
        proto.Settings = new Proto.ConnectionSettings();
        foreach (var (entity, fields) in c.Settings?.WriteDefaults ?? new Dictionary<string, System.Text.Json.Nodes.JsonObject>())
            proto.Settings.WriteDefaults[entity] = Google.Protobuf.JsonParser.Default.Parse<Struct>(fields.ToJsonString());
        if (c.LastHealthCheck is { } h)
        {
            proto.LastHealthCheck = new Proto.HealthCheck
            {
                CheckTime = Timestamp.FromDateTimeOffset(h.At),
                Result = h.Result switch
                {
                    HealthCheckResult.Ok => Proto.HealthCheckResult.Ok,
                    HealthCheckResult.CredentialsRejected => Proto.HealthCheckResult.CredentialsRejected,
                    _ => Proto.HealthCheckResult.Unreachable,
                },
                Message = h.Message,
            };
        }
        return proto;
    }

    public static Proto.Deployment ToProto(this Deployment d) =>
        d == Deployment.OnPrem ? Proto.Deployment.OnPrem : Proto.Deployment.Cloud;

    public static Deployment? FromProto(this Proto.Deployment d) => d switch
    {
        Proto.Deployment.Cloud => Deployment.Cloud,
        Proto.Deployment.OnPrem => Deployment.OnPrem,
        _ => null,
    };

    public static ConnectionStatus? FromProto(this Proto.ConnectionStatus s) => s switch
    {
        Proto.ConnectionStatus.Active => ConnectionStatus.Active,
        Proto.ConnectionStatus.ReauthorizationRequired => ConnectionStatus.ReauthorizationRequired,
        Proto.ConnectionStatus.Disconnected => ConnectionStatus.Disconnected,
        _ => null,
    };

    public static Proto.SourceSystem ToProto(this SystemDescriptor s)
    {
        var proto = new Proto.SourceSystem
        {
            SystemId = s.SystemId,
            DisplayName = s.DisplayName,
            Category = s.Category switch
            {
                SystemCategory.Erp => Proto.SystemCategory.Erp,
                SystemCategory.Cmms => Proto.SystemCategory.Cmms,
                _ => Proto.SystemCategory.Eam,
            },
            Tier = s.Tier,
            CloudCredits = s.CreditCost(Deployment.Cloud),
            OnPremCredits = s.CreditCost(Deployment.OnPrem),
            AuthScheme = s.AuthScheme,
            DefaultBaseUrl = s.DefaultBaseUrl,
        };
        proto.CredentialFields.Add(s.CredentialFields.Select(f => new Proto.CredentialField
        {
            Name = f.Name, DisplayName = f.DisplayName, Secret = f.Secret, Required = f.Required, HelpText = f.HelpText,
        }));
        foreach (var (entity, ops) in s.Capabilities.OrderBy(kv => kv.Key))
        {
            var capability = new Proto.EntityCapability { Entity = entity.ToProto() };
            foreach (var op in System.Enum.GetValues<Operations>().Where(o => o != Operations.None && ops.HasFlag(o)))
                capability.Operations.Add(op.ToProto());
            proto.Capabilities.Add(capability);
        }
        return proto;
    }

    public static Proto.Operation ToProto(this Operations o) => o switch
    {
        Operations.Read => Proto.Operation.Read,
        Operations.Create => Proto.Operation.Create,
        Operations.Update => Proto.Operation.Update,
        Operations.Delete => Proto.Operation.Delete,
        _ => Proto.Operation.Adjust,
    };

    public static Proto.LinkSession ToProto(this LinkSession s, DateTimeOffset now, string linkToken = "") => new()
    {
        LinkSessionId = s.Id,
        AccountId = s.AccountId,
        EndUserId = s.EndUserId,
        LinkToken = linkToken,
        ExpireTime = Timestamp.FromDateTimeOffset(s.ExpiresAt),
        Status = s.IsExpired(now) ? Proto.LinkSessionStatus.Expired : s.Status switch
        {
            LinkSessionStatus.Open => Proto.LinkSessionStatus.Open,
            LinkSessionStatus.Completed => Proto.LinkSessionStatus.Completed,
            _ => Proto.LinkSessionStatus.Exchanged,
        },
        Systems = { s.AllowedSystemIds.Select(SystemCatalog.Find).OfType<SystemDescriptor>().Select(d => d.ToProto()) },
        ReauthorizeConnectionId = s.ReauthorizeConnectionId ?? "",
        CreateTime = Timestamp.FromDateTimeOffset(s.CreatedAt),
        ConnectionId = s.ConnectionId ?? "",
    };
}

public static class SettingsMapping
{
    private static readonly Google.Protobuf.JsonFormatter Formatter = new(Google.Protobuf.JsonFormatter.Settings.Default);

    /// <summary>Write defaults from the API: per entity name, a Struct of source fields.</summary>
    public static IReadOnlyDictionary<string, System.Text.Json.Nodes.JsonObject> FromProto(Proto.ConnectionSettings? settings) =>
        settings is null
            ? new Dictionary<string, System.Text.Json.Nodes.JsonObject>()
            : settings.WriteDefaults.ToDictionary(kv => kv.Key, kv => (System.Text.Json.Nodes.JsonNode.Parse(Formatter.Format(kv.Value)) as System.Text.Json.Nodes.JsonObject)!);
}
