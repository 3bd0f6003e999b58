using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.Maximo;

/// <summary>
/// Without <c>lean=1</c> Maximo answers in its OSLC namespaced form. The emulator approximates it by renaming:
/// attributes get the <c>spi:</c> prefix, <c>href</c> becomes <c>rdf:about</c>, <c>member</c> <c>rdfs:member</c> and
/// <c>responseInfo</c> <c>oslc:responseInfo</c>. UNVERIFIED beyond these names (no prefixes block, no typed literals);
/// clients should always send lean=1, as Makini's connector does.
/// </summary>
internal static class MaximoLeanJson
{
    public static JsonNode Namespaced(JsonNode node, bool envelope = false) => node switch
    {
        JsonObject obj => Rename(obj, envelope),
        JsonArray array => new JsonArray(array.Select(n => n is null ? null : Namespaced(n)).ToArray()),
        _ => node.DeepClone(),
    };

    private static JsonObject Rename(JsonObject obj, bool envelope)
    {
        var result = new JsonObject();
        foreach (var (name, value) in obj)
        {
            var renamed = name switch
            {
                "href" => "rdf:about",
                "member" when envelope => "rdfs:member",
                "responseInfo" when envelope => "oslc:responseInfo",
                _ when envelope => name,
                _ => "spi:" + name,
            };
            result[renamed] = value is null ? null : name == "responseInfo" ? value.DeepClone() : Namespaced(value);
        }
        return result;
    }
}
