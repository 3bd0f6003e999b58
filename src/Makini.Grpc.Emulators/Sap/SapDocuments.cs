using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace Makini.Grpc.Emulators.Sap;

/// <summary>OData v2 documents of a service: service document, $metadata (EDMX) and entity-set feeds, in JSON or Atom.</summary>
internal static class SapDocuments
{
    private static readonly XNamespace Edmx = "http://schemas.microsoft.com/ado/2007/06/edmx";
    private static readonly XNamespace Edm = "http://schemas.microsoft.com/ado/2008/09/edm";
    private static readonly XNamespace Metadata = "http://schemas.microsoft.com/ado/2007/08/dataservices/metadata";
    private static readonly XNamespace SapData = "http://www.sap.com/Protocols/SAPData";
    private static readonly XNamespace App = "http://www.w3.org/2007/app";
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    public static JsonObject ServiceDocumentJson(SapService service) => new()
    {
        ["d"] = new JsonObject { ["EntitySets"] = new JsonArray(service.EntitySets.Select(s => (JsonNode)JsonValue.Create(s.Name)!).ToArray()) },
    };

    public static string ServiceDocumentXml(SapService service, string serviceRoot) =>
        Declare(new XElement(App + "service",
            new XAttribute(XNamespace.Xml + "base", serviceRoot),
            new XAttribute(XNamespace.Xmlns + "app", App),
            new XAttribute(XNamespace.Xmlns + "atom", Atom),
            new XAttribute(XNamespace.Xmlns + "sap", SapData),
            new XElement(App + "workspace",
                new XElement(Atom + "title", new XAttribute("type", "text"), "Data"),
                service.EntitySets.Select(set => new XElement(App + "collection",
                    new XAttribute("href", set.Name),
                    new XElement(Atom + "title", new XAttribute("type", "text"), set.Name))))));

    public static string MetadataXml(SapService service)
    {
        var schema = new XElement(Edm + "Schema",
            new XAttribute("Namespace", service.Name),
            new XAttribute(XNamespace.Xml + "lang", "en"),
            new XAttribute(SapData + "schema-version", "1"),
            service.EntitySets.Select(set => new XElement(Edm + "EntityType",
                new XAttribute("Name", set.EntityType),
                new XAttribute(SapData + "content-version", "1"),
                new XElement(Edm + "Key", set.Keys.Select(k => new XElement(Edm + "PropertyRef", new XAttribute("Name", k)))),
                set.Keys.Select(k => new XElement(Edm + "Property",
                    new XAttribute("Name", k),
                    new XAttribute("Type", set.DateTimeKeys?.Contains(k) == true ? "Edm.DateTime" : "Edm.String"),
                    new XAttribute("Nullable", "false"))))),
            new XElement(Edm + "EntityContainer",
                new XAttribute("Name", service.Name + "_Entities"),
                new XAttribute(Metadata + "IsDefaultEntityContainer", "true"),
                new XAttribute(SapData + "supported-formats", "atom json xlsx"),
                service.EntitySets.Select(set => new XElement(Edm + "EntitySet",
                    new XAttribute("Name", set.Name),
                    new XAttribute("EntityType", $"{service.Name}.{set.EntityType}"),
                    new XAttribute(SapData + "content-version", "1")))));

        return Declare(new XElement(Edmx + "Edmx",
            new XAttribute("Version", "1.0"),
            new XAttribute(XNamespace.Xmlns + "edmx", Edmx),
            new XAttribute(XNamespace.Xmlns + "m", Metadata),
            new XAttribute(XNamespace.Xmlns + "sap", SapData),
            new XElement(Edmx + "DataServices",
                new XAttribute(Metadata + "DataServiceVersion", "2.0"),
                schema)));
    }

    public static string EmptyFeedXml(SapEntitySet set, string serviceRoot, DateTimeOffset now, bool withCount) =>
        Declare(new XElement(Atom + "feed",
            new XAttribute(XNamespace.Xml + "base", serviceRoot),
            new XAttribute(XNamespace.Xmlns + "m", Metadata),
            new XAttribute(XNamespace.Xmlns + "d", "http://schemas.microsoft.com/ado/2007/08/dataservices"),
            new XElement(Atom + "id", serviceRoot + set.Name),
            new XElement(Atom + "title", new XAttribute("type", "text"), set.Name),
            new XElement(Atom + "updated", now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)),
            new XElement(Atom + "author", new XElement(Atom + "name")),
            new XElement(Atom + "link", new XAttribute("href", set.Name), new XAttribute("rel", "self"), new XAttribute("title", set.Name)),
            withCount ? new XElement(Metadata + "count", "0") : null));

    private static string Declare(XElement root) =>
        new XDeclaration("1.0", "utf-8", null) + Environment.NewLine + root.ToString(SaveOptions.DisableFormatting);
}
