using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace InactiveRestore.Tests.Fakes;

/// <summary>A runspace with the simulator imported and connected, for tests that drive the seam or Core against it.</summary>
public sealed class SimulatorRunspace : IDisposable
{
    public SimulatorRunspace(string connectArguments)
    {
        Runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        Runspace.Open();
        // Test set-up only: the connect arguments are constants written by the tests themselves.
        Run("Import-Module $args[0]; Connect-ExchangeSimulator " + connectArguments,
            Path.Combine(AppContext.BaseDirectory, "ExchangeSimulator.dll"));
    }

    public Runspace Runspace { get; }

    public PowerShell Create()
    {
        var ps = PowerShell.Create();
        ps.Runspace = Runspace;
        return ps;
    }

    /// <summary>Runs a test script in the runspace; an error in it fails the test.</summary>
    public List<PSObject> Run(string script, params object[] args)
    {
        using var ps = Create();
        ps.AddScript(script);
        foreach (var a in args) ps.AddArgument(a);
        var r = ps.Invoke().ToList();
        if (ps.Streams.Error.Count > 0) throw new InvalidOperationException(ps.Streams.Error[0].ToString());
        return r;
    }

    public void Dispose() => Runspace.Dispose();
}
