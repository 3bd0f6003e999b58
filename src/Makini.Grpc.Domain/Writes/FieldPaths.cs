using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Makini.Grpc.Domain.Writes;

/// <summary>Unified field paths ("order_date", "vendor.remote_id", "lines.quantity") against messages, by descriptor.</summary>
public static class FieldPaths
{
    /// <summary>Whether the path names a field of the message type (through nested messages and repeated ones).</summary>
    public static bool Exists(MessageDescriptor descriptor, string path)
    {
        var current = descriptor;
        foreach (var part in path.Split('.'))
        {
            var field = current?.FindFieldByName(part);
            if (field is null) return false;
            current = field.FieldType == FieldType.Message && !IsWellKnown(field.MessageType) ? field.MessageType : null;
        }
        return true;
    }

    /// <summary>The places where a required path is missing or empty, as request paths (e.g. "lines[1].quantity").</summary>
    public static IEnumerable<string> Missing(IMessage message, string path, string prefix)
    {
        var parts = path.Split('.');
        return Walk(message, parts, 0, prefix);
    }

    private static IEnumerable<string> Walk(IMessage message, string[] parts, int index, string at)
    {
        var field = message.Descriptor.FindFieldByName(parts[index]);
        if (field is null) yield break;
        var name = $"{at}.{field.Name}";
        var value = field.Accessor.GetValue(message);
        var last = index == parts.Length - 1;
        if (field.IsRepeated)
        {
            var list = ((System.Collections.IList)value).Cast<object>().ToList();
            if (list.Count == 0)
            {
                yield return name;
                yield break;
            }
            if (last) yield break;
            for (var i = 0; i < list.Count; i++)
                foreach (var missing in Walk((IMessage)list[i], parts, index + 1, $"{name}[{i}]")) yield return missing;
            yield break;
        }
        if (last)
        {
            if (IsEmpty(value)) yield return name;
            yield break;
        }
        if (value is not IMessage child)
        {
            yield return $"{name}.{string.Join('.', parts[(index + 1)..])}";
            yield break;
        }
        foreach (var missing in Walk(child, parts, index + 1, name)) yield return missing;
    }

    /// <summary>Whether a field carries a value (proto3 scalars have no presence: the default counts as unset).</summary>
    public static bool IsSet(IMessage message, FieldDescriptor field)
    {
        var value = field.Accessor.GetValue(message);
        return field.IsRepeated || field.IsMap ? ((System.Collections.ICollection)value).Count > 0 : !IsEmpty(value) && value is not false;
    }

    private static bool IsEmpty(object? value) => value switch
    {
        null => true,
        string s => s.Length == 0,
        IMessage m => m.CalculateSize() == 0,
        System.Enum e => Convert.ToInt32(e) == 0,
        _ => false,
    };

    private static bool IsWellKnown(MessageDescriptor d) =>
        d.FullName is "google.protobuf.Timestamp" or "google.protobuf.Struct" or "google.protobuf.Value";
}
