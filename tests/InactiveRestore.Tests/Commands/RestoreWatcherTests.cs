using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Threading;
using InactiveRestore.Commands;
using InactiveRestore.Core;
using InactiveRestore.Model;
using InactiveRestore.Tests.Core;
using InactiveRestore.Tests.Fakes;
using Xunit;

namespace InactiveRestore.Tests.Commands;

/// <summary>Records what a cmdlet writes, in order.</summary>
internal sealed class RecordingRuntime : ICommandRuntime2
{
    public List<(string Stream, object Item)> Items { get; } = new();
    public Action<object>? OnObject { get; set; }
    public IEnumerable<T> Of<T>(string stream) => Items.Where(i => i.Stream == stream).Select(i => (T)i.Item);

    public PSHost? Host => null;
    public PSTransactionContext CurrentPSTransaction => throw new NotSupportedException();
    // Output objects come wrapped (FlatOutput: note properties for Export-Csv); the records keep the .NET object.
    public void WriteObject(object? sendToPipeline)
    {
        var item = sendToPipeline is PSObject { BaseObject: not PSCustomObject } pso ? pso.BaseObject : sendToPipeline;
        Items.Add(("Output", item!));
        OnObject?.Invoke(item!);
    }
    public void WriteObject(object? sendToPipeline, bool enumerateCollection) => WriteObject(sendToPipeline);
    public void WriteProgress(ProgressRecord progressRecord) => Items.Add(("Progress", progressRecord));
    public void WriteProgress(long sourceId, ProgressRecord progressRecord) => WriteProgress(progressRecord);
    public void WriteError(ErrorRecord errorRecord) => Items.Add(("Error", errorRecord));
    public void WriteWarning(string text) => Items.Add(("Warning", text));
    public void WriteInformation(InformationRecord informationRecord) => Items.Add(("Information", informationRecord));
    public void WriteVerbose(string text) => Items.Add(("Verbose", text));
    public void WriteDebug(string text) { }
    public void WriteCommandDetail(string text) { }
    public bool ShouldProcess(string? target) => true;
    public bool ShouldProcess(string? target, string? action) => true;
    public bool ShouldProcess(string? verboseDescription, string? verboseWarning, string? caption) => true;
    public bool ShouldProcess(string? verboseDescription, string? verboseWarning, string? caption, out ShouldProcessReason shouldProcessReason) { shouldProcessReason = ShouldProcessReason.None; return true; }
    public bool ShouldContinue(string? query, string? caption) => true;
    public bool ShouldContinue(string? query, string? caption, bool hasSecurityImpact, ref bool yesToAll, ref bool noToAll) => true;
    public bool ShouldContinue(string? query, string? caption, ref bool yesToAll, ref bool noToAll) => true;
    public bool TransactionAvailable() => false;
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public void ThrowTerminatingError(ErrorRecord errorRecord) => throw new RuntimeException(errorRecord.ToString(), errorRecord.Exception, errorRecord);
}

public class RestoreWatcherTests
{
    private sealed class TestCmdlet : Cmdlet
    {
    }

    private readonly Tenant _t = new();
    private readonly RecordingRuntime _runtime = new();
    private readonly TestCmdlet _cmdlet;
    private int _cycle;

    public RestoreWatcherTests() => _cmdlet = new TestCmdlet { CommandRuntime = _runtime };

    private static RestoreResult Watch(FakeRequest r) => new()
    {
        Success = true, RequestId = r.RequestGuid, RequestName = r.Name, Identity = r.Identity, BatchName = r.BatchName,
        TargetExchangeGuid = r.Target.ExchangeGuid, Target = r.Target.PrimarySmtpAddress, Status = OperationStatus.Queued, ExchangeStatus = "Queued",
    };

    private void Script(Action<int> script) =>
        _t.Ex.BeforeServe = c => { if (c.Name == "Get-MailboxRestoreRequest") script(++_cycle); };

    private RestoreWatcher Watcher(CancellationToken token = default, TimeSpan? timeout = null) =>
        new(_cmdlet, _t.Gateway(), token, new WatchOptions { Timeout = timeout ?? TimeSpan.FromHours(1) }, _t.Clock);

    [Fact]
    public void BarsUnderAnOverallBarOutputAsEachSettlesAndCompletedRecordsAtTheEnd()
    {
        var a = _t.Ex.AddRequest(_t.Source, _t.Target, "A", batch: "W", status: "Queued");
        var b = _t.Ex.AddRequest(_t.Source, _t.Target, "B", batch: "W", status: "Queued");
        a.EstimatedItems = b.EstimatedItems = 100;
        Script(cycle =>
        {
            a.Status = cycle >= 2 ? "Completed" : "InProgress"; a.PercentComplete = cycle >= 2 ? 100 : 50; a.ItemsTransferred = cycle >= 2 ? 100 : 50;
            b.Status = cycle >= 4 ? "Completed" : "InProgress"; b.PercentComplete = Math.Min(100, cycle * 25);
            b.StatusDetail = cycle == 3 ? "StalledDueToTarget_DiskLatency" : null;
        });
        var outputsAtSettle = new List<int>();
        _runtime.OnObject = _ => outputsAtSettle.Add(_cycle);

        var outcome = Watcher().Run(new[] { Watch(a), Watch(b) });

        Assert.True(outcome.AllSettled);
        Assert.Equal(new[] { 2, 4 }, outputsAtSettle);   // each emitted in the cycle it settled
        // The one output model: RestoreResult itself (format views are keyed on its .NET type name).
        Assert.All(_runtime.Items.Where(i => i.Stream == "Output"), i => Assert.IsType<RestoreResult>(i.Item));
        var outputs = _runtime.Of<RestoreResult>("Output").ToList();
        Assert.Equal(new[] { "A", "B" }, outputs.Select(o => o.RequestName));

        var progress = _runtime.Of<ProgressRecord>("Progress").ToList();
        var children = progress.Where(p => p.ActivityId != WatchDisplay.OverallActivityId).ToList();
        Assert.All(children, p => Assert.Equal(WatchDisplay.OverallActivityId, p.ParentActivityId));
        Assert.Equal(2, children.Select(p => p.ActivityId).Distinct().Count());
        Assert.Contains(children, p => p.CurrentOperation.Contains("StalledDueToTarget_DiskLatency"));
        Assert.Contains(children, p => p.StatusDescription.Contains("50/100 items"));
        foreach (var id in children.Select(p => p.ActivityId).Distinct())
            Assert.Equal(ProgressRecordType.Completed, children.Last(p => p.ActivityId == id).RecordType);
        var last = progress.Last();
        Assert.Equal(WatchDisplay.OverallActivityId, last.ActivityId);
        Assert.Equal(ProgressRecordType.Completed, last.RecordType);
        Assert.StartsWith("2/2 request(s) settled", last.StatusDescription);

        var info = _runtime.Of<InformationRecord>("Information").ToList();
        Assert.All(info, i => Assert.Contains("InactiveRestore", i.Tags));
        Assert.Contains(info, i => i.Tags.Contains("StateChange") && i.MessageData.ToString()!.Contains("throttled: StalledDueToTarget_DiskLatency"));
        Assert.Equal(2, info.Count(i => i.Tags.Contains("Settled")));
        Assert.Empty(_runtime.Of<string>("Warning"));   // a stall is normal: no warning
        Assert.Empty(_runtime.Of<ErrorRecord>("Error"));
    }

    [Fact]
    public void TimeoutWritesCurrentStatesThenOneWatchTimedOutError()
    {
        var a = _t.Ex.AddRequest(_t.Source, _t.Target, "A", batch: "W", status: "InProgress");
        var done = _t.Ex.AddRequest(_t.Source, _t.Target, "Done", batch: "W", status: "Completed");
        a.PercentComplete = 42;
        var outcome = Watcher(timeout: TimeSpan.FromMinutes(3)).Run(new[] { Watch(a), Watch(done) });
        Assert.True(outcome.TimedOut);
        var outputs = _runtime.Items.Where(i => i.Stream is "Output" or "Error").ToList();
        Assert.Equal(3, outputs.Count);
        Assert.Equal(OperationStatus.Completed, Assert.IsType<RestoreResult>(outputs[0].Item).Status);
        var current = Assert.IsType<RestoreResult>(outputs[1].Item);
        Assert.Equal((OperationStatus.InProgress, 42), (current.Status, current.PercentComplete));
        var error = (ErrorRecord)outputs[2].Item;
        Assert.Equal(RestoreWatcher.TimedOutErrorId, error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.OperationTimeout, error.CategoryInfo.Category);
        Assert.Equal(new[] { "A" }, (string[])error.TargetObject);
        Assert.Equal(ProgressRecordType.Completed, _runtime.Of<ProgressRecord>("Progress").Last().RecordType);
    }

    [Fact]
    public void ASuspendedRequestThatDoesNotMoveIsLetGoWithAWarning()
    {
        var s = _t.Ex.AddRequest(_t.Source, _t.Target, "S", batch: "W", status: "AutoSuspended");
        s.Message = "The target database is being rebalanced.";
        var outcome = Watcher().Run(new[] { Watch(s) });
        Assert.True(outcome.AllSettled);
        var p = Assert.IsType<RestoreResult>(Assert.Single(_runtime.Items, i => i.Stream == "Output").Item);
        Assert.True(p.Released);
        var warnings = _runtime.Of<string>("Warning").ToList();
        Assert.Equal(2, warnings.Count);                 // the reason once (not every check), then the let-go
        Assert.Contains("rebalanced", warnings[0]);
        Assert.Contains("no longer waiting", warnings[1]);
        Assert.Contains(_runtime.Of<InformationRecord>("Information"), i => i.Tags.Contains("Released"));
    }

    [Fact]
    public void CancellationStopsThePipelineAndSkipsRequestsNeverCreated()
    {
        var a = _t.Ex.AddRequest(_t.Source, _t.Target, "A", batch: "W", status: "InProgress");
        using var cts = new CancellationTokenSource();
        _t.Clock.AfterSleep = n => { if (n == 2) cts.Cancel(); };
        var neverCreated = new RestoreResult { Success = false, RequestName = "X", Target = "t", Status = OperationStatus.Failed };
        Assert.Throws<PipelineStoppedException>(() => Watcher(cts.Token).Run(new[] { Watch(a), neverCreated }));
        Assert.Equal(2, _t.Ex.Count("Get-MailboxRestoreRequest"));
        Assert.DoesNotContain(_runtime.Items, i => i.Stream == "Output");
        Assert.Equal(ProgressRecordType.Completed, _runtime.Of<ProgressRecord>("Progress").Last().RecordType);
    }

    [Fact]
    public void ARequestWithoutBatchOrTargetIsReportedAndInvalidOptionsAreRefused()
    {
        var r = new RestoreResult { Success = true, RequestId = Guid.NewGuid(), RequestName = "Lost" };
        var outcome = Watcher().Run(new[] { r });
        Assert.Empty(outcome.Operations);
        Assert.Equal(RestoreWatcher.CannotWatchErrorId, _runtime.Of<ErrorRecord>("Error").Single().FullyQualifiedErrorId);
        Assert.Throws<InvalidInputException>(() => new RestoreWatcher(_cmdlet, _t.Gateway(), default, new WatchOptions { Timeout = TimeSpan.Zero }).Run(Array.Empty<RestoreResult>()));
    }
}
