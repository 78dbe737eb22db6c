using System;
using System.IO;
using System.Text;
using System.Text.Json;
using ExchangeSimulator.Json;

namespace ExchangeSimulator.Engine
{
    /// <summary>
    /// The ledger journal &lt;state file&gt;.ledger: one <see cref="JournalLine"/> per line, appended and flushed, so saves
    /// don't grow with the number of calls. The state file records the journal's valid byte range; what lies past it is
    /// kept at load only while it is complete and Clean (see <see cref="ReadInto"/>).
    /// </summary>
    public static class LedgerJournal
    {
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false);

        /// <summary>Opens (creates) the journal for reading and appending.</summary>
        public static FileStream Open(string statePath) =>
            new FileStream(statePath + ".ledger", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 4096, FileOptions.None);

        /// <summary>
        /// Appends the ledger entries not yet journaled and flushes them to disk. The state file then records the journal's
        /// valid length: a line appended by a process killed before its state save is dropped at the next load, unless Clean.
        /// </summary>
        public static void Append(SimulatorConnection c, bool clean)
        {
            var journal = c.LedgerJournal;
            if (journal == null || c.SavedLedgerCount >= c.Ledger.Count) return;
            var buffer = new MemoryStream(512 * (c.Ledger.Count - c.SavedLedgerCount));
            for (int i = c.SavedLedgerCount; i < c.Ledger.Count; i++)
            {
                JsonSerializer.Serialize(buffer, new JournalLine { Clean = clean, Entry = c.Ledger[i] }, SimJson.Journal);
                buffer.WriteByte((byte)'\n');
            }
            journal.Position = c.LedgerEnd;
            buffer.Position = 0;
            buffer.CopyTo(journal);
            journal.Flush(true);
            c.LedgerEnd += buffer.Length;
            c.SavedLedgerCount = c.Ledger.Count;
        }

        /// <summary>
        /// Reads the connection's ledger from its journal (bytes from LedgerStart): lines up to LedgerEnd must be valid; past
        /// it, complete Clean lines are kept and the first other one (a change call killed before its state save, a torn
        /// line) and everything after it is cut off the file.
        /// </summary>
        public static void ReadInto(SimulatorConnection c, FileStream journal, string path)
        {
            if (journal.Length < c.LedgerEnd)
                throw new FormatException("The ledger journal '" + path + ".ledger' is shorter (" + journal.Length + " bytes) than the state file says (" + c.LedgerEnd + ").");
            var bytes = new byte[journal.Length - c.LedgerStart];
            journal.Position = c.LedgerStart;
            int read = 0;
            while (read < bytes.Length)
            {
                int n = journal.Read(bytes, read, bytes.Length - read);
                if (n <= 0) throw new FormatException("The ledger journal ended early.");
                read += n;
            }
            long trusted = c.LedgerEnd - c.LedgerStart, accepted = trusted;
            int lineNo = 0, lineStart = 0;
            for (int i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] != (byte)'\n') continue;
                lineNo++;
                bool inTrustedRange = i < trusted;
                JournalLine? line = null;
                try
                {
                    line = JsonSerializer.Deserialize<JournalLine>(new ReadOnlySpan<byte>(bytes, lineStart, i - lineStart), SimJson.Journal)
                        ?? throw new JsonException("A journal line must be an object.");
                }
                catch (Exception e) when (!inTrustedRange && IsMalformed(e)) { /* a torn last line: dropped below */ }
                catch (Exception e) when (IsMalformed(e))
                {
                    throw new FormatException("The ledger journal '" + path + ".ledger' line " + lineNo + " is not valid: " + e.Message, e);
                }
                if (!inTrustedRange)
                {
                    // Past the saved length: only entries of calls that changed nothing else (no state save was due).
                    if (line == null || !line.Clean) break;
                    accepted = i + 1;
                }
                c.Ledger.Add(line!.Entry);
                lineStart = i + 1;
            }
            // Drop what a killed process appended without its state save (and any torn last line).
            c.LedgerEnd = c.LedgerStart + accepted;
            journal.SetLength(c.LedgerEnd);
            if (c.Ledger.Count > 0) c.NextLedgerSequence = Math.Max(c.NextLedgerSequence, c.Ledger[c.Ledger.Count - 1].Sequence + 1);
        }

        private static bool IsMalformed(Exception e) => e is JsonException || e is FormatException || e is InvalidOperationException;
    }
}
