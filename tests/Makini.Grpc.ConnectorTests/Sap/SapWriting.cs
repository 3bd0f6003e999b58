using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.Connectors.Writing;
using Makini.Grpc.Connectors.Sap;
using Makini.Grpc.V1;
using Microsoft.Extensions.DependencyInjection;
using Deployment = Makini.Grpc.Connectors.Catalog.Deployment;

namespace Makini.Grpc.ConnectorTests.Sap;

/// <summary>An SAP emulator instance with the writer and reader, for write tests.</summary>
internal sealed class SapWriting(EmulatedInstance instance, SourceTarget target, IServiceProvider services)
{
    /// <summary>A supplier of the demo data that is not blocked (17300017 is: every 17th), German, in EUR (purchasing org 1010).</summary>
    public const string Supplier = "17300001";

    public EmulatedInstance Instance { get; } = instance;

    public SourceTarget Target { get; } = target;

    public IEntityWriter Writer { get; } = services.GetRequiredService<WriterRegistry>().Get(SystemCatalog.Sap);

    public IEntityReader Reader { get; } = services.GetRequiredService<ReaderRegistry>().Get(SystemCatalog.Sap);

    public static async Task<SapWriting> NewAsync(EmulatorFixture emulator, IServiceProvider? services = null)
    {
        var instance = emulator.NewInstance("sap");
        var credentials = await instance.GetCredentialsAsync();
        return new SapWriting(instance, new SourceTarget(SystemCatalog.Sap, Deployment.Cloud, instance.BaseUrl, credentials), services ?? emulator.Services);
    }

    /// <summary>Connectors with a 1 s attempt timeout, for answers the emulator holds back.</summary>
    public static ServiceProvider ImpatientConnectors() =>
        new ServiceCollection()
            .AddSourceConnectors(http =>
            {
                http.RetryBaseDelay = TimeSpan.FromMilliseconds(20);
                http.MaxRetryDelay = TimeSpan.FromMilliseconds(200);
                http.AttemptTimeout = TimeSpan.FromSeconds(1);
                http.TotalTimeout = TimeSpan.FromSeconds(10);
            })
            .BuildServiceProvider();

    public static string NewKey() => "mk-" + Guid.NewGuid().ToString("N");

    /// <summary>The organizational data a purchase order needs, as a connection's write defaults would hold it.</summary>
    public static JsonObject OrderDefaults() => new()
    {
        ["CompanyCode"] = "1010", ["PurchasingOrganization"] = "1010", ["PurchasingGroup"] = "001", ["PurchaseOrderType"] = "NB", ["Plant"] = "1010",
    };

    public static PurchaseOrder Order(params PurchaseOrderLine[] lines)
    {
        var order = new PurchaseOrder { Vendor = new RecordRef { RemoteId = Supplier }, OrderDate = "2025-03-14" };
        order.Lines.AddRange(lines.Length > 0 ? lines : [Line("TG11", "5"), Line("SP-BRG-6205", "12", "6.40", "2025-04-01")]);
        return order;
    }

    public static PurchaseOrderLine Line(string material, string quantity, string? price = null, string deliveryDate = "") => new()
    {
        ItemCode = material,
        Quantity = quantity,
        UnitPrice = price is null ? null : new Money { CurrencyCode = "EUR", Amount = price },
        DeliveryDate = deliveryDate,
    };

    public static WriteRequest Create(EntityKind entity, IMessage record, JsonObject? remoteFields = null, string? key = null) =>
        new(entity, WriteKind.Create, null, record, [], remoteFields ?? new JsonObject(), null, key ?? NewKey());

    public static WriteRequest Update(EntityKind entity, string remoteId, IMessage record, string[] mask, string? etag = null, JsonObject? remoteFields = null) =>
        new(entity, WriteKind.Update, remoteId, record, mask, remoteFields ?? new JsonObject(), etag, NewKey());

    public static WriteRequest Delete(EntityKind entity, string remoteId, string? etag = null) =>
        new(entity, WriteKind.Delete, remoteId, null, [], new JsonObject(), etag, NewKey());

    public static WriteRequest Adjust(string remoteId, string? delta, string? newQuantity, string location = "", string? key = null) =>
        new(EntityKind.InventoryItem, WriteKind.Adjust, remoteId, null, [], new JsonObject(), null, key ?? NewKey(),
            new InventoryAdjustment(location, delta, newQuantity, "cycle count"));

    public Task<WriteResult> WriteAsync(WriteRequest request) => Writer.WriteAsync(Target, request, CancellationToken.None);

    public Task<SourceRecord?> FindAsync(WriteRequest request) => Writer.FindWrittenAsync(Target, request, CancellationToken.None);

    /// <summary>What a sync reads for this record now: an incremental read from a minute ago (stock: a full snapshot).</summary>
    public async Task<SourceRecord> ReadAsync(EntityKind entity, string remoteId)
    {
        string? cursor = null;
        do
        {
            var page = await Reader.ReadPageAsync(Target, entity, DateTimeOffset.UtcNow.AddMinutes(-1), cursor, CancellationToken.None);
            if (page.Records.LastOrDefault(r => r.RemoteId == remoteId) is { } found) return found;
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        throw new InvalidOperationException($"{remoteId} was not read back.");
    }

    /// <summary>The native record through the emulator's control API; null when it does not exist.</summary>
    public async Task<JsonObject?> NativeAsync(string entity, string key)
    {
        using var response = await Instance.Http.GetAsync(Instance.Url($"_emulator/records/{entity}/{Uri.EscapeDataString(key)}"));
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonObject>() : null;
    }

    public async Task<List<JsonObject>> AllAsync(string entity)
    {
        var page = await Instance.Http.GetFromJsonAsync<JsonObject>(Instance.Url($"_emulator/records/{entity}?limit=100000"));
        return page!["records"]!.AsArray().OfType<JsonObject>().Select(r => r["record"]!.AsObject()).ToList();
    }

    /// <summary>The next request is served, but its answer is held back for <paramref name="delayAfterMs"/>.</summary>
    public async Task HoldNextAnswerAsync(int delayAfterMs)
    {
        using var response = await Instance.Http.PostAsJsonAsync(Instance.Url("_emulator/faults"), new { status = 0, count = 1, delay_after_ms = delayAfterMs });
        response.EnsureSuccessStatusCode();
    }

    public async Task<IReadOnlyList<LoggedRequest>> RequestsAsync() => await Instance.GetRequestsAsync();

    /// <summary>A stock row of the demo data with at least <paramref name="minimum"/> unrestricted-use stock.</summary>
    public async Task<(string RemoteId, decimal Quantity)> StockAsync(decimal minimum)
    {
        var row = (await AllAsync("inventory_item")).First(r => r["InventoryStockType"]!.GetValue<string>() == "01"
            && decimal.Parse(r["MatlWrhsStkQtyInMatlBaseUnit"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) >= minimum);
        return (SapInventoryMapping.RemoteIdOf(System.Text.Json.JsonSerializer.SerializeToElement(row)), decimal.Parse(row["MatlWrhsStkQtyInMatlBaseUnit"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
    }
}
