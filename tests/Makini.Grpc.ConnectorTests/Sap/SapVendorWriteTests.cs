using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Writing;
using Makini.Grpc.V1;
using static Makini.Grpc.ConnectorTests.Sap.SapWriting;

namespace Makini.Grpc.ConnectorTests.Sap;

/// <summary>Suppliers written through API_BUSINESS_PARTNER: deep insert with the supplier roles, changes per entity.</summary>
public sealed class SapVendorWriteTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private static Vendor NewVendor() => new()
    {
        Name = "Donau Pumpentechnik GmbH",
        Email = "orders@donau-pumpen.example.com",
        Phone = "+49 89 1234 567",
        Address = new Address { Line1 = "Leopoldstraße 12", City = "München", Region = "BY", PostalCode = "80802", CountryCode = "DE" },
        CurrencyCode = "EUR",
        PaymentTerms = "NT30",
    };

    private static JsonObject PurchasingOrg() => new() { ["PurchasingOrganization"] = "1010" };

    [Fact]
    public async Task a_create_is_a_business_partner_deep_insert_in_the_supplier_role()
    {
        var sap = await NewAsync(emulator);
        var request = Create(EntityKind.Vendor, NewVendor(), PurchasingOrg());

        var written = (Vendor)(await sap.WriteAsync(request)).Record!.Unified;

        written.Name.ShouldBe("Donau Pumpentechnik GmbH");
        written.Email.ShouldBe("orders@donau-pumpen.example.com");
        written.Phone.ShouldBe("+49 89 1234 567");
        written.Address.ShouldBe(NewVendor().Address);
        written.CurrencyCode.ShouldBe("EUR");
        written.PaymentTerms.ShouldBe("NT30");
        written.Active.ShouldBeTrue();
        (await sap.ReadAsync(EntityKind.Vendor, written.RemoteId)).Unified.ShouldBe(written);
        var partner = (await sap.NativeAsync("vendor", written.RemoteId))!;
        partner["BusinessPartnerCategory"]!.GetValue<string>().ShouldBe("2");
        partner["to_BusinessPartnerRole"]!["results"]!.AsArray().Select(r => r!["BusinessPartnerRole"]!.GetValue<string>()).ShouldBe(["FLVN00", "FLVN01"]);
        partner["SearchTerm2"]!.GetValue<string>().ShouldMatch("^MK[A-Z2-7]{18}$");
        partner["to_Supplier"]!["Supplier"]!.GetValue<string>().ShouldBe(written.RemoteId);
        (await sap.FindAsync(request))!.Unified.ShouldBe(written);
        (await sap.FindAsync(request with { IdempotencyKey = NewKey() })).ShouldBeNull();
    }

    [Fact]
    public async Task an_update_changes_each_field_where_sap_keeps_it()
    {
        var sap = await NewAsync(emulator);
        var vendor = (Vendor)(await sap.WriteAsync(Create(EntityKind.Vendor, NewVendor(), PurchasingOrg()))).Record!.Unified;
        var changed = vendor.Clone();
        changed.Name = "Donau Pumpentechnik und Armaturen Gesellschaft mit beschränkter Haftung";
        changed.Email = "einkauf@donau-pumpen.example.com";
        changed.PaymentTerms = "NT60";
        changed.Active = false;
        changed.Address.City = "Regensburg";

        var updated = (Vendor)(await sap.WriteAsync(Update(EntityKind.Vendor, vendor.RemoteId, changed,
            ["name", "email", "payment_terms", "active", "address"], remoteFields: PurchasingOrg()))).Record!.Unified;

        updated.Name.ShouldBe(changed.Name);
        updated.Email.ShouldBe("einkauf@donau-pumpen.example.com");
        updated.Phone.ShouldBe(vendor.Phone);
        updated.PaymentTerms.ShouldBe("NT60");
        updated.Active.ShouldBeFalse();
        updated.Address.City.ShouldBe("Regensburg");
        updated.RemoteModifiedTime.ShouldNotBeNull();
        (await sap.ReadAsync(EntityKind.Vendor, vendor.RemoteId)).Unified.ShouldBe(updated);
        var partner = (await sap.NativeAsync("vendor", vendor.RemoteId))!;
        partner["OrganizationBPName1"]!.GetValue<string>().ShouldBe("Donau Pumpentechnik und Armaturen");
        partner["OrganizationBPName2"]!.GetValue<string>().ShouldBe("Gesellschaft mit beschränkter Haftung");
        partner["to_Supplier"]!["PurchasingIsBlocked"]!.GetValue<bool>().ShouldBeTrue();

        changed.Active = true;
        ((Vendor)(await sap.WriteAsync(Update(EntityKind.Vendor, vendor.RemoteId, changed, ["active"]))).Record!.Unified).Active.ShouldBeTrue();
    }

    [Fact]
    public async Task a_demo_supplier_without_purchasing_data_gets_it_for_the_named_organization()
    {
        var sap = await NewAsync(emulator);
        var created = (Vendor)(await sap.WriteAsync(Create(EntityKind.Vendor, new Vendor { Name = "Plain Supplier Ltd" }))).Record!.Unified;
        created.CurrencyCode.ShouldBeEmpty();
        var changed = created.Clone();
        changed.CurrencyCode = "GBP";
        changed.Email = "sales@plain.example.com";
        changed.Address = new Address { City = "London", CountryCode = "GB" };

        var missingOrg = await Should.ThrowAsync<SourceValidationException>(() =>
            sap.WriteAsync(Update(EntityKind.Vendor, created.RemoteId, changed, ["currency_code"])));
        missingOrg.UnifiedField.ShouldBe("remote_fields.PurchasingOrganization");
        var updated = (Vendor)(await sap.WriteAsync(Update(EntityKind.Vendor, created.RemoteId, changed,
            ["currency_code", "email", "address"], remoteFields: new JsonObject { ["PurchasingOrganization"] = "1110" }))).Record!.Unified;

        updated.CurrencyCode.ShouldBe("GBP");
        updated.Email.ShouldBe("sales@plain.example.com");
        updated.Address.CountryCode.ShouldBe("GB");
    }

    [Fact]
    public async Task unknown_payment_terms_are_refused_with_the_unified_field()
    {
        var sap = await NewAsync(emulator);
        var vendor = NewVendor();
        vendor.PaymentTerms = "ZZ99";

        var refused = await Should.ThrowAsync<SourceValidationException>(() => sap.WriteAsync(Create(EntityKind.Vendor, vendor, PurchasingOrg())));

        refused.SourceCode.ShouldBe("ME/053");
        refused.UnifiedField.ShouldBe("payment_terms");
    }

    [Fact]
    public async Task an_email_without_a_country_for_its_address_is_refused_before_anything_is_sent()
    {
        var sap = await NewAsync(emulator);

        var refused = await Should.ThrowAsync<SourceValidationException>(() =>
            sap.WriteAsync(Create(EntityKind.Vendor, new Vendor { Name = "No Country Inc.", Email = "x@example.com" })));

        refused.UnifiedField.ShouldBe("address.country_code");
        (await sap.RequestsAsync()).ShouldBeEmpty();
    }
}
