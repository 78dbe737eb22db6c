using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using ExchangeSimulator.Engine;
using ExchangeSimulator.Model;

namespace ExchangeSimulator.Json
{
    /// <summary>
    /// Writes a <see cref="Mailbox"/>-typed property as the mailbox's index in the list bound with <see cref="Bind"/> (the
    /// state's Mailboxes, which precede the requests in the file), and reads it back to that mailbox.
    /// </summary>
    public sealed class MailboxReferenceConverter : JsonConverter<Mailbox>
    {
        public static readonly MailboxReferenceConverter Instance = new MailboxReferenceConverter();

        [ThreadStatic] private static List<Mailbox>? _mailboxes;
        [ThreadStatic] private static Dictionary<Mailbox, int>? _index;

        /// <summary>
        /// Enables mailbox references for the serializer calls on this thread until the result is disposed: to the given list
        /// (writing), or to the one a <see cref="StateDocument"/> being read fills (null; see <see cref="Use"/>).
        /// </summary>
        public static IDisposable Bind(List<Mailbox>? mailboxes)
        {
            _mailboxes = mailboxes;
            _index = null;
            return new Unbind();
        }

        /// <summary>Called when a document that holds the mailboxes starts being read: references resolve into its list.</summary>
        internal static void Use(List<Mailbox> mailboxes)
        {
            _mailboxes = mailboxes;
            _index = null;
        }

        private sealed class Unbind : IDisposable
        {
            public void Dispose() { _mailboxes = null; _index = null; }
        }

        private static List<Mailbox> Mailboxes =>
            _mailboxes ?? throw new JsonException("A mailbox reference can only be read or written with the state's mailbox list.");

        public override Mailbox Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out int i))
                throw new JsonException("A mailbox reference must be an index into Mailboxes.");
            if (i < 0 || i >= Mailboxes.Count)
                throw new JsonException("Mailbox index " + i + " is out of range (" + Mailboxes.Count + " mailboxes read before it; Mailboxes must precede Requests).");
            return Mailboxes[i];
        }

        public override void Write(Utf8JsonWriter writer, Mailbox value, JsonSerializerOptions options)
        {
            if (_index == null)
            {
                _index = new Dictionary<Mailbox, int>();
                for (int i = 0; i < Mailboxes.Count; i++) _index[Mailboxes[i]] = i;
            }
            if (!_index.TryGetValue(value, out int n)) throw new JsonException("Mailbox '" + value.Alias + "' is not in the tenant's mailbox list.");
            writer.WriteNumberValue(n);
        }
    }

    /// <summary>Fixture dates: ISO 8601; without a zone they are UTC; always returned as Kind Utc.</summary>
    public sealed class UtcDateTimeConverter : JsonConverter<DateTime>
    {
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            string? s = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            if (s != null && DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime d))
                return DateTime.SpecifyKind(d, DateTimeKind.Utc);
            throw new JsonException("A date must be an ISO 8601 string.");
        }

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture));
    }

    /// <summary>A string list that may also be given as one string (fixtures).</summary>
    public sealed class StringOrArrayConverter : JsonConverter<List<string>>
    {
        public override List<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.String) return new List<string> { reader.GetString()! };
            if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("Expected an array of strings.");
            var list = new List<string>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.String) throw new JsonException("Expected an array of strings.");
                list.Add(reader.GetString()!);
            }
            return list;
        }

        public override void Write(Utf8JsonWriter writer, List<string> value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var s in value) writer.WriteStringValue(s);
            writer.WriteEndArray();
        }
    }

    /// <summary>A fixture size: a byte count, a size such as "2.5 GB" or the Exchange form, "Unlimited" or null (= unlimited).</summary>
    [JsonConverter(typeof(FixtureSizeConverter))]
    public sealed class FixtureSize
    {
        public FixtureSize(long? bytes) { Bytes = bytes; }
        public long? Bytes { get; }
    }

    public sealed class FixtureSizeConverter : JsonConverter<FixtureSize>
    {
        public override bool HandleNull => true;

        public override FixtureSize Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Null: return new FixtureSize(null);
                case JsonTokenType.Number: return new FixtureSize(reader.TryGetInt64(out long l) ? l : (long)reader.GetDouble());
                case JsonTokenType.String when ByteSize.TryParse(reader.GetString()!, out long? b): return new FixtureSize(b);
                default: throw new JsonException("A size must be a byte count, a size such as \"2.5 GB\" or \"Unlimited\".");
            }
        }

        public override void Write(Utf8JsonWriter writer, FixtureSize value, JsonSerializerOptions options)
        {
            if (value.Bytes.HasValue) writer.WriteNumberValue(value.Bytes.Value);
            else writer.WriteStringValue("Unlimited");
        }
    }
}
