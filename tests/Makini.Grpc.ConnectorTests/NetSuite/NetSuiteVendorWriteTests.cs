using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.Connectors.Writing;
using Makini.Grpc.V1;
using Microsoft.Extensions.DependencyInjection;
using static Makini.Grpc.ConnectorTests.NetSuite.NetSuiteWriteData;
using Deployment = Makini.Grpc.Connectors.Catalog.Deployment;

namespace Makini.Grpc.ConnectorTests.NetSuite;

/// <summary>Vendors written through the NetSuite writer; retry safety after lost answers; what the writer supports.</summary>
public sealed class NetSuiteVendorWriteTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task a_created_vendor_gets_an_auto_numbered_code_and_reads_back_as_a_sync_reads_it()
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);
        var checkpoint = DateTimeOffset.UtcNow;
        var vendor = new Vendor { Name = "Makini Test Supply GmbH", Email = "einkauf@makini-test.de", Phone = "+49 203 1234", CurrencyCode = "EUR", PaymentTerms = "Net 45" };
        var request = Create(EntityKind.Vendor, vendor, new JsonObject { ["subsidiary"] = "4" });

        var written = (await account.Writer.WriteAsync(account.Target, request, CancellationToken.None)).Record!;

        var created = (Vendor)written.Unified;
        created.Code.ShouldBe($"V{int.Parse(written.RemoteId):D5}");
        created.Name.ShouldBe("Makini Test Supply GmbH");
        created.CurrencyCode.ShouldBe("EUR");
        created.PaymentTerms.ShouldBe("Net 45");
        created.Active.ShouldBeTrue();
        var stored = (await account.AllAsync("vendor")).Single(v => Id(v) == written.RemoteId);
        stored["externalId"]!.GetValue<string>().ShouldBe(request.IdempotencyKey);
        RefId(stored["subsidiary"]).ShouldBe("4");
        (await account.ReadOneAsync(EntityKind.Vendor, written.RemoteId, checkpoint)).Unified.ShouldBe(written.Unified);
    }

    [Fact]
    public async Task an_update_renames_and_inactivates_a_vendor()
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);
        var stored = await VendorAsync(account);

        var written = (Vendor)(await account.Writer.WriteAsync(account.Target,
            Update(EntityKind.Vendor, Id(stored), new Vendor { Name = "Renamed Supply Inc.", Email = "x@renamed.example", Active = false },
                ["name", "active"]), CancellationToken.None)).Record!.Unified;

        written.Name.ShouldBe("Renamed Supply Inc.");
        written.Active.ShouldBeFalse();
        written.Email.ShouldBe(stored["email"]!.GetValue<string>(), "email was not in the mask");
        IsTrue((await account.AllAsync("vendor")).Single(v => Id(v) == Id(stored))["isInactive"]).ShouldBeTrue();
    }

    [Theory]
    [InlineData("email", "email", "INVALID_CONTENT")]
    [InlineData("code", "code", "USER_ERROR")]
    [InlineData("currency", "currency_code", "INVALID_CONTENT")]
    [InlineData("subsidiary", "remote_fields.subsidiary", "USER_ERROR")]
    public async Task a_refused_vendor_names_the_unified_field(string problem, string field, string code)
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);
        var existing = await VendorAsync(account);
        var vendor = new Vendor { Name = "Refused Supply" };
        var remote = new JsonObject { ["subsidiary"] = "1" };
        switch (problem)
        {
            case "email": vendor.Email = "not-an-address"; break;
            case "code": vendor.Code = existing["entityId"]!.GetValue<string>(); break;
            case "currency": vendor.CurrencyCode = "XAU"; break;
            case "subsidiary": remote.Remove("subsidiary"); break;
        }

        var refused = await Should.ThrowAsync<SourceValidationException>(() =>
            account.Writer.WriteAsync(account.Target, Create(EntityKind.Vendor, vendor, remote), CancellationToken.None));

        refused.UnifiedField.ShouldBe(field);
        refused.SourceCode.ShouldBe(code);
        refused.StateRule.ShouldBeFalse();
    }

    [Fact]
    public async Task a_create_whose_answer_was_lost_is_found_by_its_key_and_not_by_another()
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);
        await using var impatient = Connectors(attemptTimeout: TimeSpan.FromSeconds(2), totalTimeout: TimeSpan.FromMilliseconds(700));
        var writer = impatient.GetRequiredService<WriterRegistry>().Get(SystemCatalog.NetSuite);
        var request = Create(EntityKind.Vendor, new Vendor { Name = "Lost Answer Supply" }, new JsonObject { ["subsidiary"] = "1" });
        await account.PlanLostAnswerAsync(3000);

        var lost = await Should.ThrowAsync<SourceUnavailableException>(() => writer.WriteAsync(account.Target, request, CancellationToken.None));
        var found = await account.Writer.FindWrittenAsync(account.Target, request, CancellationToken.None);
        var other = await account.Writer.FindWrittenAsync(account.Target, request with { IdempotencyKey = NewKey() }, CancellationToken.None);

        lost.HttpStatus.ShouldBeNull("no answer came: the write may have been applied");
        ((Vendor)found!.Unified).Name.ShouldBe("Lost Answer Supply");
        other.ShouldBeNull();
    }

    [Fact]
    public async Task a_create_retried_after_a_lost_answer_makes_one_vendor()
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);
        await using var retrying = Connectors(attemptTimeout: TimeSpan.FromMilliseconds(600), totalTimeout: TimeSpan.FromSeconds(10));
        var writer = retrying.GetRequiredService<WriterRegistry>().Get(SystemCatalog.NetSuite);
        var request = Create(EntityKind.Vendor, new Vendor { Name = "Retried Supply" }, new JsonObject { ["subsidiary"] = "1" });
        await account.PlanLostAnswerAsync(3000);

        var written = (await writer.WriteAsync(account.Target, request, CancellationToken.None)).Record!;

        (await account.AllAsync("vendor")).Count(v => v["companyName"]?.GetValue<string>() == "Retried Supply").ShouldBe(1);
        ((Vendor)written.Unified).Name.ShouldBe("Retried Supply");
    }

    [Fact]
    public async Task revoked_credentials_are_rejected()
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);
        await account.Instance.SetCredentialsAsync(new Dictionary<string, string> { ["token_secret"] = "rotated" });

        await Should.ThrowAsync<SourceCredentialsRejectedException>(() => account.Writer.WriteAsync(account.Target,
            Create(EntityKind.Vendor, new Vendor { Name = "Nobody" }, new JsonObject { ["subsidiary"] = "1" }), CancellationToken.None));
    }

    [Fact]
    public async Task every_write_the_catalog_allows_has_requirements_and_others_are_not_supported()
    {
        var writer = emulator.Services.GetRequiredService<WriterRegistry>().Get(SystemCatalog.NetSuite);
        var system = SystemCatalog.Find(SystemCatalog.NetSuite)!;
        var kinds = new[] { (WriteKind.Create, Operations.Create), (WriteKind.Update, Operations.Update), (WriteKind.Delete, Operations.Delete), (WriteKind.Adjust, Operations.Adjust) };

        foreach (var entity in Enum.GetValues<EntityKind>())
            foreach (var (kind, operation) in kinds)
            {
                if (system.Supports(entity, operation)) writer.RequirementsOf(entity, kind).ShouldNotBeNull();
                else Should.Throw<EntityNotSupportedException>(() => writer.RequirementsOf(entity, kind));
            }
        writer.RequirementsOf(EntityKind.PurchaseOrder, WriteKind.Create).SystemFields.ShouldContain(f => f.Name == "subsidiary" && f.Required);
        writer.RequirementsOf(EntityKind.PurchaseOrder, WriteKind.Create).RetrySafeHandle.ShouldNotBeNull();
        writer.RequirementsOf(EntityKind.InventoryItem, WriteKind.Adjust).SystemFields.ShouldContain(f => f.Name == "account" && f.Required);
        await Should.ThrowAsync<EntityNotSupportedException>(() => writer.WriteAsync(new SourceTarget(SystemCatalog.NetSuite, Deployment.Cloud, new Uri("https://x"),
            new Dictionary<string, string>()), Delete(EntityKind.Vendor, "1"), CancellationToken.None));
        await Should.ThrowAsync<NotSupportedException>(() => writer.FindWrittenAsync(new SourceTarget(SystemCatalog.NetSuite, Deployment.Cloud, new Uri("https://x"),
            new Dictionary<string, string>()), Delete(EntityKind.PurchaseOrder, "1"), CancellationToken.None));
    }

    /// <summary>The connectors with short timeouts, so an answer held back for seconds is lost: a short total timeout gives
    /// up (the outcome is unknown), a short attempt timeout retries the request.</summary>
    private static ServiceProvider Connectors(TimeSpan attemptTimeout, TimeSpan totalTimeout) => new ServiceCollection()
        .AddSourceConnectors(http =>
        {
            http.MaxRetryAttempts = 2;
            http.RetryBaseDelay = TimeSpan.FromMilliseconds(20);
            http.AttemptTimeout = attemptTimeout;
            http.TotalTimeout = totalTimeout;
        })
        .BuildServiceProvider();
}
