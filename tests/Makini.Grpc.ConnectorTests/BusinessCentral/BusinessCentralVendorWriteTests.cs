using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.Connectors.Writing;
using Makini.Grpc.V1;
using Microsoft.Extensions.DependencyInjection;
using static Makini.Grpc.ConnectorTests.BusinessCentral.BusinessCentralWriteData;
using Deployment = Makini.Grpc.Connectors.Catalog.Deployment;

namespace Makini.Grpc.ConnectorTests.BusinessCentral;

/// <summary>Vendors written through the Business Central writer; lost answers of creates; what the writer supports.</summary>
public sealed class BusinessCentralVendorWriteTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task a_created_vendor_is_numbered_by_the_series_and_reads_back_as_a_sync_reads_it()
    {
        var company = await BusinessCentralTestCompany.CreateAsync(emulator);
        var checkpoint = DateTimeOffset.UtcNow;
        var vendor = new Vendor
        {
            Name = "Makini Test Supply B.V.", Email = "inkoop@makini-test.example", Phone = "+31 10 555 0100", CurrencyCode = "EUR", PaymentTerms = "30 DAYS",
            Address = new Address { Line1 = "Havenweg 12", City = "Rotterdam", PostalCode = "3011 AA", CountryCode = "NL" },
        };

        var written = (await company.Writer.WriteAsync(company.Target, Create(EntityKind.Vendor, vendor), CancellationToken.None)).Record!;

        var created = (Vendor)written.Unified;
        created.Code.ShouldBe("V01810");
        created.Name.ShouldBe("Makini Test Supply B.V.");
        created.CurrencyCode.ShouldBe("EUR");
        created.PaymentTerms.ShouldBe("30 DAYS");
        created.Address.City.ShouldBe("Rotterdam");
        created.Active.ShouldBeTrue();
        (await company.ReadAllAsync(EntityKind.Vendor, checkpoint)).Single(r => r.RemoteId == written.RemoteId).Unified.ShouldBe(written.Unified);
    }

    [Fact]
    public async Task an_update_renames_and_blocks_a_vendor_with_its_etag()
    {
        var company = await BusinessCentralTestCompany.CreateAsync(emulator);
        var stored = await VendorAsync(company);
        var etag = ((Vendor)(await company.ReadAllAsync(EntityKind.Vendor)).Single(r => r.RemoteId == Id(stored)).Unified).Etag;

        var written = (Vendor)(await company.Writer.WriteAsync(company.Target,
            Update(EntityKind.Vendor, Id(stored), new Vendor { Name = "Renamed Supply, Inc.", Email = "ignored@x.example", Active = false }, ["name", "active"], etag),
            CancellationToken.None)).Record!.Unified;

        written.Name.ShouldBe("Renamed Supply, Inc.");
        written.Active.ShouldBeFalse();
        written.Email.ShouldBe(Text(stored["email"]));
        Text((await company.AllAsync("vendor")).Single(v => Id(v) == Id(stored))["blocked"]).ShouldBe("All");
        await Should.ThrowAsync<SourceConflictException>(() => company.Writer.WriteAsync(company.Target,
            Update(EntityKind.Vendor, Id(stored), new Vendor { Name = "Again" }, ["name"], etag), CancellationToken.None));
    }

    [Theory]
    [InlineData("email", "email")]
    [InlineData("code", "code")]
    [InlineData("currency", "currency_code")]
    public async Task a_refused_vendor_names_the_unified_field(string problem, string field)
    {
        var company = await BusinessCentralTestCompany.CreateAsync(emulator);
        var existing = await VendorAsync(company);
        var vendor = new Vendor { Name = "Refused Supply" };
        switch (problem)
        {
            case "email": vendor.Email = "not-an-address"; break;
            case "code": vendor.Code = Text(existing["number"]); break;
            case "currency": vendor.CurrencyCode = "XAU"; break;
        }

        var refused = await Should.ThrowAsync<SourceValidationException>(() =>
            company.Writer.WriteAsync(company.Target, Create(EntityKind.Vendor, vendor), CancellationToken.None));

        refused.UnifiedField.ShouldBe(field);
        refused.StateRule.ShouldBeFalse();
    }

    [Fact]
    public async Task a_vendor_without_orders_is_deleted_and_one_with_orders_is_refused()
    {
        var company = await BusinessCentralTestCompany.CreateAsync(emulator);
        var orders = await company.AllAsync("purchase_order");
        var vendors = await company.AllAsync("vendor");
        var unused = vendors.First(v => orders.All(o => Text(o["vendorId"]) != Id(v)));
        var used = vendors.First(v => orders.Any(o => Text(o["vendorId"]) == Id(v)));

        (await company.Writer.WriteAsync(company.Target, Delete(EntityKind.Vendor, Id(unused)), CancellationToken.None)).Record.ShouldBeNull();
        var refused = await Should.ThrowAsync<SourceValidationException>(() =>
            company.Writer.WriteAsync(company.Target, Delete(EntityKind.Vendor, Id(used)), CancellationToken.None));

        refused.StateRule.ShouldBeTrue();
        refused.SourceMessage.ShouldContain("outstanding Purchase Order");
        var keys = (await company.ReadAllKeysAsync(EntityKind.Vendor)).Keys;
        keys.ShouldNotContain(Id(unused));
        keys.ShouldContain(Id(used));
    }

    [Fact]
    public async Task a_create_whose_answer_is_late_is_not_sent_again_and_cannot_be_looked_up()
    {
        var company = await BusinessCentralTestCompany.CreateAsync(emulator);
        await using var connectors = new ServiceCollection()
            .AddSourceConnectors(http =>
            {
                http.RetryBaseDelay = TimeSpan.FromMilliseconds(20);
                http.AttemptTimeout = TimeSpan.FromSeconds(1);
                http.TotalTimeout = TimeSpan.FromSeconds(10);
            })
            .BuildServiceProvider();
        var writer = connectors.GetRequiredService<WriterRegistry>().Get(SystemCatalog.BusinessCentral);
        var stored = await VendorAsync(company);
        // Warm the token and company caches, so the held-back answer is the create's.
        await writer.WriteAsync(company.Target, Update(EntityKind.Vendor, Id(stored), new Vendor { Name = "Warm" }, ["name"]), CancellationToken.None);
        var request = Create(EntityKind.Vendor, new Vendor { Name = "Late Answer Supply" });
        await company.PlanLostAnswerAsync(3000);

        var lost = await Should.ThrowAsync<SourceUnavailableException>(() => writer.WriteAsync(company.Target, request, CancellationToken.None));
        await Should.ThrowAsync<NotSupportedException>(() => writer.FindWrittenAsync(company.Target, request, CancellationToken.None));

        lost.HttpStatus.ShouldBeNull("no answer came: the create may have been applied");
        (await company.AllAsync("vendor")).Count(v => Text(v["displayName"]) == "Late Answer Supply").ShouldBe(1, "applied once, never sent twice");
    }

    [Fact]
    public async Task a_rotated_secret_is_rejected()
    {
        var company = await BusinessCentralTestCompany.CreateAsync(emulator);
        await company.Instance.SetCredentialsAsync(new Dictionary<string, string> { ["client_secret"] = "Rot8Q~" + Guid.NewGuid().ToString("N") });

        await Should.ThrowAsync<SourceCredentialsRejectedException>(() =>
            company.Writer.WriteAsync(company.Target, Create(EntityKind.Vendor, new Vendor { Name = "Nobody" }), CancellationToken.None));
    }

    [Fact]
    public async Task every_write_the_catalog_allows_has_requirements_without_a_retry_handle_and_others_are_not_supported()
    {
        var writer = emulator.Services.GetRequiredService<WriterRegistry>().Get(SystemCatalog.BusinessCentral);
        var system = SystemCatalog.Find(SystemCatalog.BusinessCentral)!;
        var kinds = new[] { (WriteKind.Create, Operations.Create), (WriteKind.Update, Operations.Update), (WriteKind.Delete, Operations.Delete), (WriteKind.Adjust, Operations.Adjust) };

        foreach (var entity in Enum.GetValues<EntityKind>())
            foreach (var (kind, operation) in kinds)
            {
                if (system.Supports(entity, operation)) writer.RequirementsOf(entity, kind).RetrySafeHandle.ShouldBeNull();
                else Should.Throw<EntityNotSupportedException>(() => writer.RequirementsOf(entity, kind));
            }
        await Should.ThrowAsync<EntityNotSupportedException>(() => writer.WriteAsync(new SourceTarget(SystemCatalog.BusinessCentral, Deployment.Cloud,
            new Uri("https://x"), new Dictionary<string, string>()), new WriteRequest(EntityKind.InventoryItem, WriteKind.Adjust, "1", null, [], new JsonObject(), null, NewKey()),
            CancellationToken.None));
    }
}
