using System;
using System.Collections;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using ExchangeSimulator.Engine;
using ExchangeSimulator.Model;

namespace ExchangeSimulator.Json
{
    /// <summary>
    /// The simulator's serializer settings (System.Text.Json, which PowerShell 7 ships). The model classes are serialized as
    /// they are, by one contract rule (<see cref="ModelContract"/>), so a new public read/write property persists without code:
    /// <list type="bullet">
    /// <item>public properties with a getter and a setter are written and read, under their own names;</item>
    /// <item>get-only properties are computed (Identity, IsRemoved, ...) and skipped, except get-only collections
    ///   (RestoreRequest.Report), which are written and filled on read;</item>
    /// <item>a property of type <see cref="Mailbox"/> (RestoreRequest.Source/Target) is written as the mailbox's index in the
    ///   state's Mailboxes list (<see cref="MailboxReferenceConverter"/>);</item>
    /// <item>enums are strings, dates ISO 8601, GUIDs strings, TimeSpans "d.hh:mm:ss.fffffff".</item>
    /// </list>
    /// </summary>
    public static class SimJson
    {
        /// <summary>The state file: indented (readable, diffable).</summary>
        public static JsonSerializerOptions State { get; } = Create(indented: true);

        /// <summary>The ledger journal: one compact object per line.</summary>
        public static JsonSerializerOptions Journal { get; } = Create(indented: false);

        /// <summary>Tenant fixtures (-TenantPath): keys case-insensitive, dates without a zone are UTC, comments and trailing commas allowed.</summary>
        public static JsonSerializerOptions Fixture { get; } = CreateFixture(indented: true, skipNulls: false);

        /// <summary>Writing a fixture (New-ExchangeSimulatorTenant): one compact object per mailbox, unset keys left out.</summary>
        public static JsonSerializerOptions FixtureLine { get; } = CreateFixture(indented: false, skipNulls: true);

        private static JsonSerializerOptions Create(bool indented)
        {
            var resolver = new DefaultJsonTypeInfoResolver();
            resolver.Modifiers.Add(ModelContract);
            var o = new JsonSerializerOptions
            {
                TypeInfoResolver = resolver,
                WriteIndented = indented,
                // Readable text: "é", "'" and "+" as themselves (the file is not embedded in HTML).
                Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
                MaxDepth = 32,
            };
            o.Converters.Add(new JsonStringEnumConverter());
            o.Converters.Add(new LedgerParametersConverter());
            return o;
        }

        private static JsonSerializerOptions CreateFixture(bool indented, bool skipNulls)
        {
            var o = Create(indented);
            if (skipNulls) o.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            o.PropertyNameCaseInsensitive = true;
            o.ReadCommentHandling = JsonCommentHandling.Skip;
            o.AllowTrailingCommas = true;
            o.Converters.Add(new UtcDateTimeConverter());
            return o;
        }

        /// <summary>The contract rule described on the class.</summary>
        private static void ModelContract(JsonTypeInfo type)
        {
            if (type.Kind != JsonTypeInfoKind.Object) return;
            if (type.Type == typeof(StateDocument)) type.OnDeserializing = o => MailboxReferenceConverter.Use(((StateDocument)o).Mailboxes);
            for (int i = type.Properties.Count - 1; i >= 0; i--)
            {
                var p = type.Properties[i];
                if (p.PropertyType == typeof(Mailbox))
                {
                    p.CustomConverter = MailboxReferenceConverter.Instance;
                }
                else if (p.Set == null)
                {
                    bool collection = p.PropertyType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(p.PropertyType);
                    if (collection) p.ObjectCreationHandling = JsonObjectCreationHandling.Populate;
                    else type.Properties.RemoveAt(i);
                }
            }
        }

        /// <summary>A serializer failure as a FormatException naming the place (line, position, JSON path).</summary>
        public static FormatException Describe(JsonException e, string what)
        {
            string where = e.LineNumber.HasValue
                ? " at line " + (e.LineNumber + 1) + ", position " + (e.BytePositionInLine + 1) + (string.IsNullOrEmpty(e.Path) ? "" : " (" + e.Path + ")")
                : string.IsNullOrEmpty(e.Path) ? "" : " at " + e.Path;
            string message = e.Message;
            int cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
            if (cut > 0) message = message.Substring(0, cut);
            return new FormatException(what + " is not valid JSON for the simulator" + where + ": " + message, e);
        }
    }
}
