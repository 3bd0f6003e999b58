using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.UpKeep;

/// <summary>UpKeep API v2 under <c>/api/v2/</c>: email/password login for a session token, sent as <c>Session-Token</c>;
/// reads, and the writes of <see cref="UpKeepWrites"/>.</summary>
internal sealed class UpKeepEmulator : SystemEmulator<UpKeepInstance>
{
    // Collections Makini reads: the singular name UpKeep uses in its not-found messages, and the records behind them
    // (locations are the account's fixed list).
    private static readonly Dictionary<string, (string Resource, string? Entity)> Collections = new(StringComparer.Ordinal)
    {
        ["assets"] = ("asset", "asset"),
        ["work-orders"] = ("work order", "work_order"),
        ["parts"] = ("part", "inventory_item"),
        ["vendors"] = ("vendor", "vendor"),
        ["purchase-orders"] = ("purchase order", "purchase_order"),
        ["locations"] = ("location", null),
    };

    private readonly TimeProvider _time;
    private readonly RouteTable<UpKeepInstance> _routes;

    public UpKeepEmulator(TimeProvider time)
    {
        _time = time;
        _routes = new RouteTable<UpKeepInstance>()
            .Map("POST", "api/v2/auth", LogInAsync)
            .Map("DELETE", "api/v2/auth", WithSession(LogOutAsync))
            .Map("GET", "api/v2/users", WithSession(ListUsersAsync))
            .Map("GET", "api/v2/users/{id}", WithSession(GetUserAsync))
            .Map("GET", "api/v2/{collection}", WithSession(ListAsync))
            .Map("GET", "api/v2/{collection}/{id}", WithSession(GetAsync))
            .Map("POST", "api/v2/{collection}", WithSession(UpKeepWrites.CreateAsync))
            .Map("PATCH", "api/v2/{collection}/{id}", WithSession(UpKeepWrites.PatchAsync))
            .Map("DELETE", "api/v2/{collection}/{id}", WithSession(UpKeepWrites.DeleteAsync))
            .Map("*", "api/v2/{**rest}", WithSession((context, _, _) => UpKeepErrors.WriteNotEmulatedAsync(context)));
    }

    public override string Prefix => "upkeep";

    public override EmulatorInstance CreateInstance(string segment) => new UpKeepInstance(segment, _time);

    protected override async Task HandleAsync(HttpContext context, UpKeepInstance instance)
    {
        if (await _routes.DispatchAsync(context, instance) != RouteOutcome.Handled)
            await UpKeepErrors.WriteNotFoundAsync(context, "resource");
    }

    protected override Task WriteFaultAsync(HttpContext context, UpKeepInstance instance, int status) =>
        UpKeepErrors.WriteFaultAsync(context, status);

    /// <summary>Every endpoint but login needs a live session.</summary>
    private static RouteHandler<UpKeepInstance> WithSession(RouteHandler<UpKeepInstance> handler) =>
        (context, instance, route) => instance.IsSessionValid(context.Request.Headers["Session-Token"].ToString())
            ? handler(context, instance, route)
            : UpKeepErrors.WriteInvalidSessionAsync(context);

    /// <summary>Accepts JSON or form fields, as UpKeep's API does. The email is matched exactly (it is case-sensitive there).</summary>
    private static async Task LogInAsync(HttpContext context, UpKeepInstance instance, RouteValues route)
    {
        var (email, password) = await ReadLoginAsync(context.Request);
        if (email != instance.Credential("email") || password != instance.Credential("password") || password.Length == 0)
        {
            await UpKeepErrors.WriteInvalidLoginAsync(context);
            return;
        }
        var (token, expiresAt) = instance.OpenSession();
        await context.Response.WriteJsonAsync(200, new JsonObject
        {
            ["success"] = true,
            ["result"] = new JsonObject
            {
                ["sessionToken"] = token,
                ["expiresAt"] = expiresAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            },
        });
    }

    private static Task LogOutAsync(HttpContext context, UpKeepInstance instance, RouteValues route)
    {
        instance.CloseSession(context.Request.Headers["Session-Token"].ToString());
        return context.Response.WriteJsonAsync(200, new JsonObject { ["success"] = true });
    }

    private static Task ListUsersAsync(HttpContext context, UpKeepInstance instance, RouteValues route) =>
        context.Response.WriteJsonAsync(200, new JsonObject { ["success"] = true, ["results"] = new JsonArray(User(instance)) });

    private static Task GetUserAsync(HttpContext context, UpKeepInstance instance, RouteValues route) =>
        route["id"] == UpKeepInstance.UserId
            ? context.Response.WriteJsonAsync(200, new JsonObject { ["success"] = true, ["result"] = User(instance) })
            : UpKeepErrors.WriteNotFoundAsync(context, "user");

    private static Task ListAsync(HttpContext context, UpKeepInstance instance, RouteValues route)
    {
        if (!Collections.TryGetValue(route["collection"], out var collection))
            return UpKeepErrors.WriteNotFoundAsync(context, "resource");
        return collection.Entity is { } entity
            ? UpKeepLists.HandleAsync(context, instance.Records[entity], collection.Resource)
            : context.Response.WriteJsonAsync(200, new JsonObject { ["success"] = true, ["results"] = new JsonArray(Locations().ToArray<JsonNode>()) });
    }

    private static Task GetAsync(HttpContext context, UpKeepInstance instance, RouteValues route)
    {
        if (!Collections.TryGetValue(route["collection"], out var collection))
            return UpKeepErrors.WriteNotFoundAsync(context, "resource");
        var record = collection.Entity is { } entity
            ? instance.Records[entity].Get(route["id"])
            : Locations().FirstOrDefault(l => (string?)l["id"] == route["id"]);
        return record is null
            ? UpKeepErrors.WriteNotFoundAsync(context, collection.Resource)
            : context.Response.WriteJsonAsync(200, new JsonObject { ["success"] = true, ["result"] = record });
    }

    private static IEnumerable<JsonObject> Locations() => UpKeepCatalog.Locations.Select(l => new JsonObject
    {
        ["id"] = l.Id,
        ["name"] = l.Name,
        ["createdAt"] = "2024-01-08T14:05:00.000Z",
        ["updatedAt"] = "2024-01-08T14:05:00.000Z",
    });

    private static JsonObject User(UpKeepInstance instance) => new()
    {
        ["id"] = UpKeepInstance.UserId,
        ["email"] = instance.Credential("email"),
        ["firstName"] = "Maintenance",
        ["lastName"] = "Demo",
        ["accountType"] = "ADMIN",
        ["createdAt"] = "2024-01-08T14:02:11.000Z",
        ["updatedAt"] = "2024-01-08T14:02:11.000Z",
    };

    private static async Task<(string Email, string Password)> ReadLoginAsync(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            return (form["email"].ToString(), form["password"].ToString());
        }
        try
        {
            var body = await JsonSerializer.DeserializeAsync<JsonObject>(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            return (Text(body?["email"]), Text(body?["password"]));
        }
        catch (JsonException)
        {
            return ("", "");
        }
    }

    private static string Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";
}
