using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace ExchangeSimulator.Json
{
    /// <summary>
    /// A small JSON writer (RFC 8259, compact, one object per line where asked) for the persistent state file.
    /// Strings are escaped, numbers invariant, dates ISO 8601 round-trip ("o"), doubles round-trip ("R").
    /// </summary>
    public sealed class JsonWriter
    {
        private readonly StringBuilder _sb;
        // One flag per open container: true once it holds a value (a comma is needed before the next one).
        private readonly Stack<bool> _hasValue = new Stack<bool>();
        private bool _afterName;

        public JsonWriter(int capacity = 4096) { _sb = new StringBuilder(capacity); }

        public override string ToString() => _sb.ToString();

        private void BeforeValue()
        {
            if (_afterName) { _afterName = false; return; }
            if (_hasValue.Count > 0)
            {
                if (_hasValue.Peek()) _sb.Append(',');
                _hasValue.Pop();
                _hasValue.Push(true);
            }
        }

        public JsonWriter StartObject() { BeforeValue(); _sb.Append('{'); _hasValue.Push(false); return this; }
        public JsonWriter EndObject() { _hasValue.Pop(); _sb.Append('}'); return this; }
        public JsonWriter StartArray() { BeforeValue(); _sb.Append('['); _hasValue.Push(false); return this; }
        public JsonWriter EndArray() { _hasValue.Pop(); _sb.Append(']'); return this; }

        /// <summary>A line break between values (keeps large arrays readable in a diff; still strict JSON).</summary>
        public JsonWriter NewLine() { _sb.Append('\n'); return this; }

        public JsonWriter Name(string name)
        {
            BeforeValue();
            WriteString(name);
            _sb.Append(':');
            _afterName = true;
            return this;
        }

        public JsonWriter Null() { BeforeValue(); _sb.Append("null"); return this; }
        public JsonWriter Value(string? s) { BeforeValue(); if (s == null) _sb.Append("null"); else WriteString(s); return this; }
        public JsonWriter Value(bool b) { BeforeValue(); _sb.Append(b ? "true" : "false"); return this; }
        public JsonWriter Value(long n) { BeforeValue(); _sb.Append(n.ToString(CultureInfo.InvariantCulture)); return this; }
        public JsonWriter Value(long? n) => n.HasValue ? Value(n.Value) : Null();

        public JsonWriter Value(double d)
        {
            if (double.IsNaN(d) || double.IsInfinity(d)) throw new ArgumentOutOfRangeException(nameof(d), "JSON has no NaN or infinity.");
            BeforeValue();
            string s = d.ToString("R", CultureInfo.InvariantCulture);
            _sb.Append(s);
            if (s.IndexOf('.') < 0 && s.IndexOf('E') < 0) _sb.Append(".0");
            return this;
        }

        public JsonWriter Value(DateTime d) => Value(d.ToString("o", CultureInfo.InvariantCulture));
        public JsonWriter Value(DateTime? d) => d.HasValue ? Value(d.Value) : Null();
        public JsonWriter Value(Guid g) => Value(g.ToString("D"));

        public JsonWriter Prop(string name, string? v) => Name(name).Value(v);
        public JsonWriter Prop(string name, bool v) => Name(name).Value(v);
        public JsonWriter Prop(string name, long v) => Name(name).Value(v);
        public JsonWriter Prop(string name, long? v) => Name(name).Value(v);
        public JsonWriter Prop(string name, double v) => Name(name).Value(v);
        public JsonWriter Prop(string name, DateTime v) => Name(name).Value(v);
        public JsonWriter Prop(string name, DateTime? v) => Name(name).Value(v);
        public JsonWriter Prop(string name, Guid v) => Name(name).Value(v);

        public JsonWriter Prop(string name, IEnumerable<string>? values)
        {
            Name(name);
            if (values == null) return Null();
            StartArray();
            foreach (var v in values) Value(v);
            return EndArray();
        }

        private void WriteString(string s)
        {
            _sb.Append('"');
            int start = 0;
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                string? esc = null;
                switch (c)
                {
                    case '"': esc = "\\\""; break;
                    case '\\': esc = "\\\\"; break;
                    case '\n': esc = "\\n"; break;
                    case '\r': esc = "\\r"; break;
                    case '\t': esc = "\\t"; break;
                    case '\b': esc = "\\b"; break;
                    case '\f': esc = "\\f"; break;
                    default:
                        if (c < ' ') esc = "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture);
                        break;
                }
                if (esc == null) continue;
                _sb.Append(s, start, i - start).Append(esc);
                start = i + 1;
            }
            _sb.Append(s, start, s.Length - start);
            _sb.Append('"');
        }
    }
}
