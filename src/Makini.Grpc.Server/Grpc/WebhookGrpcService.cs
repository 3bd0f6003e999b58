using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Makini.Grpc.Domain.Common;
using Makini.Grpc.Domain.Security;
using Makini.Grpc.Domain.Webhooks.Delivery;
using Makini.Grpc.Domain.Webhooks.Endpoints;
using Makini.Grpc.Server.Auth;
using Makini.Grpc.V1;
using Endpoint = Makini.Grpc.Domain.Webhooks.Endpoints.WebhookEndpoint;

namespace Makini.Grpc.Server.Grpc;

[RequiresKey(TokenKind.Account)]
public sealed class WebhookGrpcService(WebhookEndpoints endpoints, WebhookDeliveries deliveries) : WebhookService.WebhookServiceBase
{
    public override async Task<CreateWebhookEndpointResponse> CreateWebhookEndpoint(CreateWebhookEndpointRequest request, ServerCallContext context)
    {
        var (endpoint, secret) = await endpoints.CreateAsync(context.Principal().AccountId, request.Url, request.EventTypes, request.ConnectionIds,
            context.CancellationToken);
        return new CreateWebhookEndpointResponse { WebhookEndpoint = ToProto(endpoint), SigningSecret = secret };
    }

    public override async Task<ListWebhookEndpointsResponse> ListWebhookEndpoints(ListWebhookEndpointsRequest request, ServerCallContext context)
    {
        var (list, next) = await endpoints.ListAsync(context.Principal().AccountId, request.PageSize, request.PageToken, context.CancellationToken);
        return new ListWebhookEndpointsResponse { WebhookEndpoints = { list.Select(ToProto) }, NextPageToken = next };
    }

    public override async Task<GetWebhookEndpointResponse> GetWebhookEndpoint(GetWebhookEndpointRequest request, ServerCallContext context) =>
        new() { WebhookEndpoint = ToProto(await endpoints.GetAsync(context.Principal().AccountId, Required(request.WebhookEndpointId, "webhook_endpoint_id"), context.CancellationToken)) };

    public override async Task<UpdateWebhookEndpointResponse> UpdateWebhookEndpoint(UpdateWebhookEndpointRequest request, ServerCallContext context)
    {
        var e = request.WebhookEndpoint ?? new V1.WebhookEndpoint();
        var changes = new WebhookEndpointChanges(e.Url, e.EventTypes, e.ConnectionIds, e.Disabled);
        var updated = await endpoints.UpdateAsync(context.Principal().AccountId, Required(e.WebhookEndpointId, "webhook_endpoint.webhook_endpoint_id"), request.UpdateMask?.Paths.ToList() ?? [], changes,
            context.CancellationToken);
        return new UpdateWebhookEndpointResponse { WebhookEndpoint = ToProto(updated) };
    }

    public override async Task<DeleteWebhookEndpointResponse> DeleteWebhookEndpoint(DeleteWebhookEndpointRequest request, ServerCallContext context)
    {
        await endpoints.DeleteAsync(context.Principal().AccountId, Required(request.WebhookEndpointId, "webhook_endpoint_id"), context.CancellationToken);
        return new DeleteWebhookEndpointResponse();
    }

    public override async Task<RotateWebhookSecretResponse> RotateWebhookSecret(RotateWebhookSecretRequest request, ServerCallContext context)
    {
        var (endpoint, secret) = await endpoints.RotateSecretAsync(context.Principal().AccountId, Required(request.WebhookEndpointId, "webhook_endpoint_id"),
            request.HasOverlapSeconds ? TimeSpan.FromSeconds(Math.Clamp(request.OverlapSeconds, -1, 100_000_000)) : null, context.CancellationToken);
        return new RotateWebhookSecretResponse { WebhookEndpoint = ToProto(endpoint), SigningSecret = secret };
    }

    public override async Task<SendTestWebhookResponse> SendTestWebhook(SendTestWebhookRequest request, ServerCallContext context)
    {
        var accountId = context.Principal().AccountId;
        var id = await endpoints.SendTestAsync(accountId, Required(request.WebhookEndpointId, "webhook_endpoint_id"), context.CancellationToken);
        return new SendTestWebhookResponse { WebhookDelivery = ToProto(await deliveries.GetAsync(accountId, id, context.CancellationToken)) };
    }

    public override async Task<ListWebhookDeliveriesResponse> ListWebhookDeliveries(ListWebhookDeliveriesRequest request, ServerCallContext context)
    {
        var filter = new DeliveryFilter(Empty(request.WebhookEndpointId), StatusName(request.Status), Empty(request.EventType), Empty(request.ConnectionId),
            request.CreatedAfter?.ToDateTimeOffset(), request.CreatedBefore?.ToDateTimeOffset());
        var (list, next) = await deliveries.ListAsync(context.Principal().AccountId, filter, request.PageSize, request.PageToken, context.CancellationToken);
        return new ListWebhookDeliveriesResponse { WebhookDeliveries = { list.Select(ToProto) }, NextPageToken = next };
    }

    public override async Task<GetWebhookDeliveryResponse> GetWebhookDelivery(GetWebhookDeliveryRequest request, ServerCallContext context) =>
        new() { WebhookDelivery = ToProto(await deliveries.GetAsync(context.Principal().AccountId, Required(request.WebhookDeliveryId, "webhook_delivery_id"), context.CancellationToken)) };

    public override async Task<RetryWebhookDeliveryResponse> RetryWebhookDelivery(RetryWebhookDeliveryRequest request, ServerCallContext context) =>
        new() { WebhookDelivery = ToProto(await deliveries.RetryAsync(context.Principal().AccountId, Required(request.WebhookDeliveryId, "webhook_delivery_id"), context.CancellationToken)) };

    private static string? Empty(string s) => s.Length == 0 ? null : s;

    /// <summary>A missing id is a bad request (AIP-193 field violation), not an unknown resource.</summary>
    private static string Required(string id, string field)
    {
        new Validator().Check(id.Length > 0, field, "is required").ThrowIfInvalid();
        return id;
    }

    private static string? StatusName(WebhookDeliveryStatus status) => status switch
    {
        WebhookDeliveryStatus.Pending => "pending",
        WebhookDeliveryStatus.Succeeded => "succeeded",
        WebhookDeliveryStatus.Failed => "failed",
        _ => null,
    };

    private static V1.WebhookEndpoint ToProto(Endpoint e)
    {
        var proto = new V1.WebhookEndpoint
        {
            WebhookEndpointId = e.Id, Url = e.Url, EventTypes = { e.EventTypes }, ConnectionIds = { e.ConnectionIds }, Disabled = e.Disabled,
            CreateTime = Timestamp.FromDateTimeOffset(e.CreatedAt), UpdateTime = Timestamp.FromDateTimeOffset(e.UpdatedAt),
        };
        if (e.PreviousSecretExpiresAt is { } until) proto.PreviousSecretExpireTime = Timestamp.FromDateTimeOffset(until);
        proto.ConsecutiveFailures = e.ConsecutiveFailures;
        if (e.PausedUntil is { } paused) proto.PauseExpireTime = Timestamp.FromDateTimeOffset(paused);
        proto.InFlightLimit = e.InFlightLimit;
        return proto;
    }

    private static WebhookDelivery ToProto(WebhookDeliveryView d)
    {
        var proto = new WebhookDelivery
        {
            WebhookDeliveryId = d.Id, WebhookEndpointId = d.EndpointId, EventId = d.EventId, EventType = d.EventType, ConnectionId = d.ConnectionId ?? "",
            Status = d.Status switch
            {
                "pending" => WebhookDeliveryStatus.Pending,
                "succeeded" => WebhookDeliveryStatus.Succeeded,
                _ => WebhookDeliveryStatus.Failed,
            },
            CreateTime = Timestamp.FromDateTimeOffset(d.CreatedAt), AttemptCount = d.AttemptCount, Payload = d.Payload ?? "",
        };
        if (d.NextAttemptAt is { } next) proto.NextAttemptTime = Timestamp.FromDateTimeOffset(next);
        foreach (var a in d.Attempts)
            proto.Attempts.Add(new WebhookDeliveryAttempt
            {
                AttemptTime = Timestamp.FromDateTimeOffset(a.AttemptTime), HttpStatus = a.HttpStatus, LatencyMs = a.LatencyMs,
                ResponseBody = a.ResponseBody, Error = a.Error,
            });
        return proto;
    }
}
