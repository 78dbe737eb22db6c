using System;
using System.Collections;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ExchangeSimulator.Json
{
    /// <summary>
    /// A ledger entry's Parameters: each value as {"T": type, "V": value} so a reloaded ledger holds the same .NET types:
    /// String, Bool, Int, Long, Double, DateTime, TimeSpan (ticks), Guid, Switch, String[], Array and Hashtable (of typed
    /// values, a Hashtable's entries as [key, value] pairs); anything else is kept as its string.
    /// </summary>
    public sealed class LedgerParametersConverter : JsonConverter<Hashtable>
    {
        private const int MaxDepth = 8;

        public override Hashtable Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var doc = JsonDocument.ParseValue(ref reader);
            return ReadTyped(doc.RootElement) as Hashtable ?? throw new JsonException("Parameters must be a typed Hashtable.");
        }

        public override void Write(Utf8JsonWriter writer, Hashtable value, JsonSerializerOptions options) => WriteTyped(writer, value, 0);

        private static void WriteTyped(Utf8JsonWriter w, object? value, int depth)
        {
            object? v = value is PSObject p ? p.BaseObject : value;
            if (v == null) { w.WriteNullValue(); return; }
            w.WriteStartObject();
            switch (v)
            {
                case string s: w.WriteString("T", "String"); w.WriteString("V", s); break;
                case bool b: w.WriteString("T", "Bool"); w.WriteBoolean("V", b); break;
                case int i: w.WriteString("T", "Int"); w.WriteNumber("V", i); break;
                case long l: w.WriteString("T", "Long"); w.WriteNumber("V", l); break;
                case double d when !double.IsNaN(d) && !double.IsInfinity(d): w.WriteString("T", "Double"); w.WriteNumber("V", d); break;
                case DateTime dt: w.WriteString("T", "DateTime"); w.WriteString("V", dt.ToString("o", CultureInfo.InvariantCulture)); break;
                case TimeSpan ts: w.WriteString("T", "TimeSpan"); w.WriteNumber("V", ts.Ticks); break;
                case Guid g: w.WriteString("T", "Guid"); w.WriteString("V", g.ToString("D")); break;
                case SwitchParameter sw: w.WriteString("T", "Switch"); w.WriteBoolean("V", sw.IsPresent); break;
                case string[] sa:
                    w.WriteString("T", "String[]");
                    w.WriteStartArray("V");
                    foreach (var s in sa) w.WriteStringValue(s);
                    w.WriteEndArray();
                    break;
                case IDictionary dict when depth < MaxDepth:
                    w.WriteString("T", "Hashtable");
                    w.WriteStartArray("V");
                    foreach (DictionaryEntry kv in dict)
                    {
                        w.WriteStartArray();
                        w.WriteStringValue(kv.Key?.ToString() ?? "");
                        WriteTyped(w, kv.Value, depth + 1);
                        w.WriteEndArray();
                    }
                    w.WriteEndArray();
                    break;
                case IEnumerable list when depth < MaxDepth:
                    w.WriteString("T", "Array");
                    w.WriteStartArray("V");
                    foreach (var x in list) WriteTyped(w, x, depth + 1);
                    w.WriteEndArray();
                    break;
                default: w.WriteString("T", "String"); w.WriteString("V", Convert.ToString(v, CultureInfo.InvariantCulture)); break;
            }
            w.WriteEndObject();
        }

        private static object? ReadTyped(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Null) return null;
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("T", out var t) || !e.TryGetProperty("V", out var v))
                throw new JsonException("A ledger value must be {\"T\": type, \"V\": value}.");
            switch (t.GetString())
            {
                case "String": return v.GetString();
                case "Bool": return v.GetBoolean();
                case "Int": return v.GetInt32();
                case "Long": return v.GetInt64();
                case "Double": return v.GetDouble();
                case "DateTime": return DateTime.Parse(v.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
                case "TimeSpan": return TimeSpan.FromTicks(v.GetInt64());
                case "Guid": return v.GetGuid();
                case "Switch": return new SwitchParameter(v.GetBoolean());
                case "String[]": return v.EnumerateArray().Select(x => x.GetString()!).ToArray();
                case "Array": return v.EnumerateArray().Select(ReadTyped).ToArray();
                case "Hashtable":
                    var h = new Hashtable(StringComparer.OrdinalIgnoreCase);
                    foreach (var pair in v.EnumerateArray())
                    {
                        if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2 || pair[0].ValueKind != JsonValueKind.String)
                            throw new JsonException("A Hashtable entry is [key, value].");
                        h[pair[0].GetString()!] = ReadTyped(pair[1]);
                    }
                    return h;
                default: throw new JsonException("Unknown ledger value type '" + t.GetString() + "'.");
            }
        }
    }
}
