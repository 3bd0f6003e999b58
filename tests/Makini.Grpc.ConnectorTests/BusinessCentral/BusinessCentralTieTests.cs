using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.BusinessCentral;
using Deployment = Makini.Grpc.Connectors.Catalog.Deployment;

namespace Makini.Grpc.ConnectorTests.BusinessCentral;

/// <summary>
/// Many entities changed in the same millisecond (a batch job) and a server that orders such ties differently on every
/// request: the watermark still returns each entity exactly once, because it leaves out the ones it already returned
/// by identity, not by position.
/// </summary>
public sealed class BusinessCentralTieTests
{
    private const string Tenant = "contoso.onmicrosoft.com";
    private const string CompanyId = "9ee48135-93e1-ef11-9344-6045bde9ca09";
    private const string SameTime = "2025-02-02T18:28:34.057Z";

    [Fact]
    public async Task entities_sharing_one_change_time_are_each_read_once_across_pages()
    {
        var vendors = Enumerable.Range(0, 450).Select(i => new JsonObject
        {
            ["id"] = $"{(0x10000000 + i * 7919).ToString("x8", System.Globalization.CultureInfo.InvariantCulture)}-0000-4000-8000-000000000000",
            ["number"] = $"V{i:D5}",
            ["displayName"] = $"Vendor {i}",
            ["blocked"] = "_x0020_",
            ["currencyCode"] = "",
            ["lastModifiedDateTime"] = SameTime,
        }).ToList();
        var server = new ShufflingServer(vendors);
        var http = new Factory(server);
        var reader = new BusinessCentralReader(http, new BusinessCentralTokenProvider(http, TimeProvider.System), TimeProvider.System);
        var target = new SourceTarget(SystemCatalog.BusinessCentral, Deployment.Cloud, new Uri("https://bc.example"), new Dictionary<string, string>
        {
            ["tenant_id"] = Tenant, ["environment"] = "Production", ["client_id"] = "app", ["client_secret"] = "secret", ["company_id"] = CompanyId,
        });

        var read = new List<string>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var page = await reader.ReadPageAsync(target, EntityKind.Vendor, new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), cursor, CancellationToken.None);
            read.AddRange(page.Records.Select(r => r.RemoteId));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        read.Count.ShouldBe(450);
        read.ShouldBeUnique();
        pages.ShouldBe(3);
        server.Queries.ShouldAllBe(q => q.Contains("lastModifiedDateTime ge "));
    }

    /// <summary>Token endpoint, company lookups, and a vendors set whose ties come back in a new order each time.</summary>
    private sealed class ShufflingServer(IReadOnlyList<JsonObject> vendors) : HttpMessageHandler
    {
        private readonly Random _random = new(42);

        public List<string> Queries { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            var query = Uri.UnescapeDataString(request.RequestUri.Query);
            JsonNode body = path switch
            {
                _ when path.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal) =>
                    new JsonObject { ["token_type"] = "Bearer", ["expires_in"] = 3599, ["access_token"] = "token" },
                _ when path.EndsWith("/companies", StringComparison.Ordinal) => Collection([new JsonObject { ["id"] = CompanyId, ["name"] = "CRONUS" }]),
                _ when path.EndsWith("/companyInformation", StringComparison.Ordinal) => Collection([new JsonObject { ["currencyCode"] = "USD" }]),
                _ when path.EndsWith("/paymentTerms", StringComparison.Ordinal) => Collection([]),
                _ when path.EndsWith("/vendors", StringComparison.Ordinal) => Vendors(query),
                _ => throw new InvalidOperationException($"Unexpected {path}"),
            };
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
            });
        }

        private JsonObject Vendors(string query)
        {
            Queries.Add(query);
            var top = int.Parse(query.Split("$top=")[1].Split('&')[0], System.Globalization.CultureInfo.InvariantCulture);
            // Every entity matches "ge 2025-..." and all share one time: the order among them is the server's whim.
            var shuffled = vendors.OrderBy(_ => _random.Next()).Take(top).Select(v => (JsonNode)v.DeepClone()).ToList();
            return Collection(shuffled);
        }

        private static JsonObject Collection(IEnumerable<JsonNode> values) => new() { ["value"] = new JsonArray(values.ToArray()) };
    }

    private sealed class Factory(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
    }
}
