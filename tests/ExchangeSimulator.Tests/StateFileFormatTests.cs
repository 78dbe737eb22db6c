using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using Xunit;

namespace ExchangeSimulator.Tests;

/// <summary>The state file's format (StateVersion 2): what the serializer stores, and files of another version.</summary>
public sealed class StateFileFormatTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "simformat-" + Guid.NewGuid().ToString("N"));

    public StateFileFormatTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private string PathOf(string name) => Path.Combine(_dir, name);

    [Fact]
    public void AStateFileOfAnOlderVersionIsAClearErrorNamingTheFileAndWhatToDo()
    {
        string path = PathOf("old.json");
        File.WriteAllText(path, "{\"StateVersion\":1,\"Organization\":\"contoso.onmicrosoft.com\",\"Mailboxes\":[\n],\"Requests\":[\n]}\n");
        using var s = new SimSession(connect: false);
        var e = Assert.ThrowsAny<RuntimeException>(() => s.Run("Connect-ExchangeSimulator", ("StatePath", path), ("TimeScale", 0.0)));
        Assert.Equal("StateLoadFailed", e.ErrorRecord.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains(path, e.Message);
        Assert.Contains("StateVersion 1", e.Message);
        Assert.Contains("older simulator", e.Message);
        Assert.Contains("Delete it", e.Message);
        File.WriteAllText(path, "[]");
        e = Assert.ThrowsAny<RuntimeException>(() => s.Run("Connect-ExchangeSimulator", ("StatePath", path), ("TimeScale", 0.0)));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void EveryReadWritePropertyOfTheModelIsInTheStateFile()
    {
        string path = PathOf("props.json");
        using var s = new SimSession(statePath: path);
        s.Restore("megan.bowen", "adele.vance");
        s.Step(5);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        void HasAll(Type type, JsonElement e)
        {
            foreach (var p in type.GetProperties().Where(p => p.CanRead && p.CanWrite))
                Assert.True(e.TryGetProperty(p.Name, out _), type.Name + "." + p.Name + " is not in the state file");
        }
        var mailbox = root.GetProperty("Mailboxes")[0];
        HasAll(typeof(Model.Mailbox), mailbox);
        HasAll(typeof(Model.FolderStatistics), mailbox.GetProperty("Primary"));
        var request = root.GetProperty("Requests")[0];
        HasAll(typeof(Model.RestoreRequest), request);
        HasAll(typeof(Model.ReportEntry), request.GetProperty("Report")[0]);
        Assert.False(mailbox.TryGetProperty("Identity", out _));                                   // computed: not stored
        Assert.Equal(JsonValueKind.Number, request.GetProperty("Source").ValueKind);   // an index into Mailboxes
        Assert.Equal("Normal", mailbox.GetProperty("RestoreBehavior").GetString());              // enums as names
    }
}
