using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using InactiveRestore.Core.Reporting;
using Xunit;

namespace InactiveRestore.Tests.Core.Reporting;

public class MachineReportTests
{
    /// <summary>An RFC 4180 reader, to read back what the writer wrote.</summary>
    private static List<List<string>> ParseCsv(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"' && field.Length == 0) quoted = true;
            else if (c == ',') { record.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                record.Add(field.ToString()); field.Clear(); records.Add(record); record = new List<string>(); i++;
            }
            else
            {
                Assert.False(c is '\r' or '\n' or '"', $"unquoted {(int)c} at {i}");
                field.Append(c);
            }
        }
        Assert.True(field.Length == 0 && record.Count == 0, "the CSV must end with CRLF");
        return records;
    }

    [Fact]
    public void CsvHasTheColumnsAndOneRecordPerRow()
    {
        var report = ReportSamples.Report();
        var records = ParseCsv(CsvReportWriter.Write(report));
        Assert.Equal(ReportColumns.All.Select(c => c.Name), records[0]);
        Assert.Equal(4, records.Count - 1);          // three requests and the refused pair
        Assert.All(records, r => Assert.Equal(ReportColumns.All.Count, r.Count));
        var col = records[0].Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i);

        var first = records[1];
        Assert.Equal("Request", first[col["Record"]]);
        Assert.Equal("megan.bowen", first[col["Source"]]);
        Assert.Equal("1244", first[col["ItemsCopied"]]);
        Assert.Equal("198180864", first[col["EstimatedBytes"]]);
        Assert.Equal("189 MB", first[col["Size"]]);
        Assert.Equal("2026-12-01T10:02:00Z", first[col["StartedAt"]]);
        Assert.Equal("0:12:00", first[col["Duration"]]);
        Assert.Equal("720", first[col["DurationSeconds"]]);
        Assert.Equal(string.Empty, first[col["ItemsVerified"]]);
        Assert.Equal(string.Empty, first[col["Warnings"]]);

        var refused = records[4];
        Assert.Equal("RefusedPair", refused[col["Record"]]);
        Assert.Equal("Refused", refused[col["Status"]]);
        Assert.StartsWith("AutoExpandingArchive: ", refused[col["Errors"]]);
        Assert.Equal(string.Empty, refused[col["RequestId"]]);
    }

    [Fact]
    public void CsvQuotesJoinsListsAndDefusesFormulas()
    {
        var text = CsvReportWriter.Write(ReportSamples.Report());
        var records = ParseCsv(text);
        var col = records[0].Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i);
        var hostile = records[3];
        Assert.Equal(ReportSamples.Hostile, hostile[col["Source"]]);
        Assert.Equal("\" onmouseover=\"alert(2)", hostile[col["Target"]]);
        // A formula from Exchange is text in a spreadsheet: one leading apostrophe, the rest as it was.
        Assert.Equal("'=HYPERLINK(\"http://evil.example/\",\"x\"), folder", hostile[col["TargetRootFolder"]]);
        Assert.Equal("line one\r\nline \"two\"; @SUM(1+1)", hostile[col["Warnings"]]);   // joined with '; ', guarded at the start only
        Assert.Equal("Failed", hostile[col["Status"]]);
        Assert.Equal("58", hostile[col["PercentComplete"]]);
        Assert.Contains(",\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"x\"\"), folder\",", text);   // quoted, quotes doubled
    }

    [Fact]
    public void CsvGuardsOnlyFreeText()
    {
        Assert.Equal("'=1+1", CsvReportWriter.GuardFormula("=1+1"));
        Assert.Equal("'+1", CsvReportWriter.GuardFormula("+1"));
        Assert.Equal("'-1", CsvReportWriter.GuardFormula("-1"));
        Assert.Equal("'@A1", CsvReportWriter.GuardFormula("@A1"));
        Assert.Equal("'\tx", CsvReportWriter.GuardFormula("\tx"));
        Assert.Equal("a=b", CsvReportWriter.GuardFormula("a=b"));
        Assert.Equal("plain", CsvReportWriter.Field("plain"));
        Assert.Equal("\"a,b\"", CsvReportWriter.Field("a,b"));
        Assert.Equal("\"say \"\"hi\"\"\"", CsvReportWriter.Field("say \"hi\""));
        Assert.Equal("\"two\nlines\"", CsvReportWriter.Field("two\nlines"));
        Assert.Equal(string.Empty, CsvReportWriter.Field(null));
    }

    [Fact]
    public void CsvAndJsonFilesAreUtf8()
    {
        var dir = Directory.CreateTempSubdirectory("ir-report-");
        try
        {
            var report = ReportSamples.Report();
            var csv = Path.Combine(dir.FullName, "r.csv");
            var json = Path.Combine(dir.FullName, "r.json");
            CsvReportWriter.WriteFile(report, csv);
            JsonReportWriter.WriteFile(report, json);
            Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, File.ReadAllBytes(csv).Take(3));   // a BOM, for spreadsheets
            Assert.Equal((byte)'[', File.ReadAllBytes(json)[0]);                             // no BOM (RFC 8259)
            Assert.Equal(CsvReportWriter.Write(report), File.ReadAllText(csv, Encoding.UTF8));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void JsonIsAnArrayOfFlatObjectsWithoutTypeNames()
    {
        var text = JsonReportWriter.Write(ReportSamples.Report());
        using var doc = JsonDocument.Parse(text);
        Assert.Equal(JsonValueKind.Array, doc.RootElement.ValueKind);
        Assert.Equal(4, doc.RootElement.GetArrayLength());
        foreach (var row in doc.RootElement.EnumerateArray())
        {
            Assert.Equal(ReportColumns.All.Select(c => c.Name), row.EnumerateObject().Select(p => p.Name));
            Assert.All(row.EnumerateObject(), p => Assert.Contains(p.Value.ValueKind, new[] { JsonValueKind.String, JsonValueKind.Number, JsonValueKind.Null }));
        }
        Assert.DoesNotContain("__type", text);
        Assert.DoesNotContain("$type", text);
        Assert.DoesNotContain("System.", text);

        var first = doc.RootElement[0];
        Assert.Equal(1244, first.GetProperty("ItemsCopied").GetInt64());
        Assert.Equal("2026-12-01T10:14:00Z", first.GetProperty("CompletedAt").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("ItemsVerified").ValueKind);

        var hostile = doc.RootElement[2];
        Assert.Equal(ReportSamples.Hostile, hostile.GetProperty("Source").GetString());
        Assert.Equal("=HYPERLINK(\"http://evil.example/\",\"x\"), folder", hostile.GetProperty("TargetRootFolder").GetString());   // JSON keeps values as they are
        Assert.Equal("line one\r\nline \"two\"; @SUM(1+1)", hostile.GetProperty("Warnings").GetString());
        Assert.Equal(JsonValueKind.Null, hostile.GetProperty("StartedAt").ValueKind);
        Assert.Equal("Refused", doc.RootElement[3].GetProperty("Status").GetString());
    }

    [Fact]
    public void JsonStringsEscapeEverythingThatNeedsIt()
    {
        Assert.Equal("\"a\\\"b\\\\c\\n\\r\\t\\u0001\\u2028\"", JsonReportWriter.Quote("a\"b\\c\n\r\t\u0001\u2028"));
        Assert.Equal("\"\\ud800x\"", JsonReportWriter.Quote("\ud800x"));               // an unpaired surrogate
        Assert.Equal("\"\U0001F600\"", JsonReportWriter.Quote("\U0001F600"));          // a pair stays as it is
        using var doc = JsonDocument.Parse(JsonReportWriter.Quote("\u0000\u001f</script>"));
        Assert.Equal("\u0000\u001f</script>", doc.RootElement.GetString());
    }

    [Fact]
    public void AnEmptyReportIsAnEmptyArrayAndAHeader()
    {
        var empty = new RestoreReport(Array.Empty<ReportRow>(), ReportSamples.Context());
        Assert.Equal("[]\n", JsonReportWriter.Write(empty));
        Assert.Single(ParseCsv(CsvReportWriter.Write(empty)));
    }
}
