using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Reading;

namespace Makini.Grpc.ConnectorTests.Infrastructure;

/// <summary>Mappings read SAP pages as elements and everything else as nodes: both must normalize a value alike.</summary>
public sealed class NormalizeElementTests
{
    [Theory]
    [InlineData("\"1250.50\"")]
    [InlineData("\" 3 \"")]
    [InlineData("-0.000")]
    [InlineData("1.5e2")]
    [InlineData("12345678901234567890.123456789")]
    [InlineData("\"abc\"")]
    [InlineData("\"\"")]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("{\"a\":1}")]
    public void decimals_texts_and_values_read_the_same_from_an_element_and_a_node(string json)
    {
        using var document = JsonDocument.Parse(json);
        var element = document.RootElement;
        var node = JsonNode.Parse(json);

        Normalize.Decimal(element).ShouldBe(Normalize.Decimal(node));
        Normalize.Text(element).ShouldBe(Normalize.Text(node));
        Normalize.ToValue(element).ShouldBe(Normalize.ToValue(node));
    }

    [Fact]
    public void custom_fields_are_taken_from_an_element_as_from_a_node()
    {
        const string json = """{"YY1_Plant":"1010","PurchaseOrder":"4500000001","YY1_Qty":2.5,"YY1_Tags":["a",null,true]}""";
        using var document = JsonDocument.Parse(json);
        static bool Custom(string name) => name.StartsWith("YY1_", StringComparison.Ordinal);

        Normalize.CustomFields(document.RootElement, Custom).ShouldBe(Normalize.CustomFields(JsonNode.Parse(json)!.AsObject(), Custom));
        Normalize.CustomFields(document.RootElement, Custom).Fields.Keys.ShouldBe(["YY1_Plant", "YY1_Qty", "YY1_Tags"], ignoreOrder: true);
    }

    [Fact]
    public void a_missing_property_reads_as_undefined_and_chains()
    {
        using var document = JsonDocument.Parse("""{"a":{"b":"x"},"n":null}""");
        var root = document.RootElement;

        root.Field("a").Field("b").GetString().ShouldBe("x");
        root.Field("missing").Field("b").ValueKind.ShouldBe(JsonValueKind.Undefined);
        root.Field("n").Field("b").ValueKind.ShouldBe(JsonValueKind.Undefined);
        Normalize.Text(root.Field("missing")).ShouldBe("");
    }
}
