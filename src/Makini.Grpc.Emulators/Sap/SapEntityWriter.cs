using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Makini.Grpc.Emulators.Sap;

/// <summary>
/// Writes entities as Gateway does in OData v2 JSON: <c>__metadata</c> first, then the properties, then the
/// navigations: expanded ones inline (<c>{"results":[...]}</c> for collections), the rest as <c>__deferred</c> links.
/// </summary>
internal sealed class SapEntityWriter(SapService service, string serviceRoot)
{
    public string ServiceRoot => serviceRoot;

    public void Write(Utf8JsonWriter writer, SapEntitySet set, JsonElement row, SapProjection projection)
    {
        var uri = serviceRoot + set.Name + KeyPredicate(set, row);
        writer.WriteStartObject();
        writer.WriteStartObject("__metadata");
        writer.WriteString("id", uri);
        writer.WriteString("uri", uri);
        writer.WriteString("type", $"{service.Name}.{set.EntityType}");
        if (set.ChangeField is { } field && row.TryGetProperty(field, out var change)
            && change.ValueKind == JsonValueKind.String && SapDates.TryParseMilliseconds(change.GetString()!, out var ms))
            writer.WriteString("etag", SapDates.ETag(ms));
        writer.WriteEndObject();

        foreach (var property in row.EnumerateObject())
        {
            if (property.NameEquals("__metadata") || set.FindNav(property.Name) is not null || !projection.Selects(property.Name))
                continue;
            property.WriteTo(writer);
        }
        foreach (var nav in set.Navs)
        {
            if (!projection.Selects(nav.Name)) continue;
            if (projection.Expansion(nav.Name) is { } expansion)
                WriteExpanded(writer, nav, row, expansion);
            else
                WriteDeferred(writer, nav.Name, $"{uri}/{nav.Name}");
        }
        writer.WriteEndObject();
    }

    private void WriteExpanded(Utf8JsonWriter writer, SapNav nav, JsonElement row, SapProjection expansion)
    {
        var target = service.FindSet(nav.TargetSet);
        writer.WritePropertyName(nav.Name);
        if (!nav.Many)
        {
            List<JsonElement> single = target is null ? [] : SapIndex.Children(row, nav).Take(1).ToList();
            if (single.Count == 0) writer.WriteNullValue();
            else Write(writer, target!, single[0], expansion);
            return;
        }
        writer.WriteStartObject();
        writer.WriteStartArray("results");
        if (target is not null)
            foreach (var child in SapIndex.Children(row, nav))
                Write(writer, target, child, expansion);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteDeferred(Utf8JsonWriter writer, string name, string uri)
    {
        writer.WriteStartObject(name);
        writer.WriteStartObject("__deferred");
        writer.WriteString("uri", uri);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary><c>('4500000028')</c> for one key; <c>(PurchaseOrder='4500000028',PurchaseOrderItem='10')</c> for
    /// several; Edm.DateTime keys as <c>datetime'9999-12-31T00%3A00%3A00'</c>.</summary>
    public static string KeyPredicate(SapEntitySet set, JsonElement row)
    {
        var parts = set.Keys.Select(key => KeyLiteral(set, key, row.TryGetProperty(key, out var v) ? v : default)).ToList();
        if (parts.Count == 1) return $"({parts[0]})";
        var text = new StringBuilder("(");
        for (var i = 0; i < parts.Count; i++)
            text.Append(i == 0 ? "" : ",").Append(set.Keys[i]).Append('=').Append(parts[i]);
        return text.Append(')').ToString();
    }

    private static string KeyLiteral(SapEntitySet set, string key, JsonElement value)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
        if (set.DateTimeKeys?.Contains(key) == true && SapDates.TryParseMilliseconds(text, out var ms))
        {
            var date = DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime;
            return "datetime'" + date.ToString("yyyy-MM-dd'T'HH'%3A'mm'%3A'ss", CultureInfo.InvariantCulture) + "'";
        }
        return "'" + Uri.EscapeDataString(text.Replace("'", "''", StringComparison.Ordinal)) + "'";
    }
}
