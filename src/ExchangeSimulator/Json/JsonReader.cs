using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace ExchangeSimulator.Json
{
    /// <summary>
    /// A small strict JSON reader (RFC 8259) for tenant fixtures: objects become
    /// Dictionary&lt;string, object?&gt; (case-insensitive keys), arrays List&lt;object?&gt;, numbers long or double,
    /// plus string, bool and null.
    /// </summary>
    public sealed class JsonReader
    {
        private readonly string _text;
        private int _pos;

        private JsonReader(string text) { _text = text; }

        public static object? Parse(string text)
        {
            var r = new JsonReader(text ?? throw new ArgumentNullException(nameof(text)));
            r.SkipWhite();
            object? value = r.ReadValue();
            r.SkipWhite();
            if (r._pos != r._text.Length) throw r.Error("Unexpected trailing characters");
            return value;
        }

        private FormatException Error(string what)
        {
            int line = 1, col = 1;
            for (int i = 0; i < _pos && i < _text.Length; i++)
            {
                if (_text[i] == '\n') { line++; col = 1; } else col++;
            }
            return new FormatException(what + " at line " + line + ", column " + col + ".");
        }

        private void SkipWhite()
        {
            while (_pos < _text.Length && (_text[_pos] == ' ' || _text[_pos] == '\t' || _text[_pos] == '\r' || _text[_pos] == '\n' || _text[_pos] == '\uFEFF')) _pos++;
        }

        private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

        private object? ReadValue()
        {
            char c = Peek();
            switch (c)
            {
                case '{': return ReadObject();
                case '[': return ReadArray();
                case '"': return ReadString();
                case 't': Expect("true"); return true;
                case 'f': Expect("false"); return false;
                case 'n': Expect("null"); return null;
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) return ReadNumber();
                    throw Error(_pos >= _text.Length ? "Unexpected end of JSON" : "Unexpected character '" + c + "'");
            }
        }

        private void Expect(string word)
        {
            if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) != 0) throw Error("Expected '" + word + "'");
            _pos += word.Length;
        }

        private Dictionary<string, object?> ReadObject()
        {
            var result = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            _pos++;
            SkipWhite();
            if (Peek() == '}') { _pos++; return result; }
            while (true)
            {
                SkipWhite();
                if (Peek() != '"') throw Error("Expected a property name");
                string key = ReadString();
                SkipWhite();
                if (Peek() != ':') throw Error("Expected ':'");
                _pos++;
                SkipWhite();
                result[key] = ReadValue();
                SkipWhite();
                char c = Peek();
                _pos++;
                if (c == ',') continue;
                if (c == '}') return result;
                _pos--;
                throw Error("Expected ',' or '}'");
            }
        }

        private List<object?> ReadArray()
        {
            var result = new List<object?>();
            _pos++;
            SkipWhite();
            if (Peek() == ']') { _pos++; return result; }
            while (true)
            {
                SkipWhite();
                result.Add(ReadValue());
                SkipWhite();
                char c = Peek();
                _pos++;
                if (c == ',') continue;
                if (c == ']') return result;
                _pos--;
                throw Error("Expected ',' or ']'");
            }
        }

        private string ReadString()
        {
            _pos++;
            var sb = new StringBuilder();
            while (true)
            {
                if (_pos >= _text.Length) throw Error("Unterminated string");
                char c = _text[_pos++];
                if (c == '"') return sb.ToString();
                if (c < ' ') { _pos--; throw Error("Control character in string"); }
                if (c != '\\') { sb.Append(c); continue; }
                if (_pos >= _text.Length) throw Error("Unterminated escape");
                char e = _text[_pos++];
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        if (_pos + 4 > _text.Length) throw Error("Bad \\u escape");
                        if (!int.TryParse(_text.Substring(_pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int code)) throw Error("Bad \\u escape");
                        sb.Append((char)code);
                        _pos += 4;
                        break;
                    default: _pos--; throw Error("Bad escape '\\" + e + "'");
                }
            }
        }

        private object ReadNumber()
        {
            int start = _pos;
            if (Peek() == '-') _pos++;
            if (!char.IsDigit(Peek())) throw Error("Bad number");
            while (char.IsDigit(Peek())) _pos++;
            bool isDouble = false;
            if (Peek() == '.')
            {
                isDouble = true; _pos++;
                if (!char.IsDigit(Peek())) throw Error("Bad number");
                while (char.IsDigit(Peek())) _pos++;
            }
            if (Peek() == 'e' || Peek() == 'E')
            {
                isDouble = true; _pos++;
                if (Peek() == '+' || Peek() == '-') _pos++;
                if (!char.IsDigit(Peek())) throw Error("Bad number");
                while (char.IsDigit(Peek())) _pos++;
            }
            string s = _text.Substring(start, _pos - start);
            if (!isDouble && long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l)) return l;
            return double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
        }
    }
}
