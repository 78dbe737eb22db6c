using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using ExchangeSimulator.Engine;

namespace ExchangeSimulator.Tests;

/// <summary>A real runspace with the simulator imported and connected (TimeScale 0: the clock moves only by Step).</summary>
public sealed class SimSession : IDisposable
{
    public Runspace Runspace { get; }
    public List<ErrorRecord> Errors { get; } = new();
    public List<string> Warnings { get; } = new();

    public static string ModulePath => typeof(Tenant).Assembly.Location;

    public SimSession(int seed = 1, string? prefix = null, bool connect = true, string? tenantPath = null, string? statePath = null)
    {
        var iss = InitialSessionState.CreateDefault2();
        Runspace = RunspaceFactory.CreateRunspace(iss);
        Runspace.Open();
        Run("Import-Module", ("Name", ModulePath));
        if (connect)
        {
            var p = new List<(string, object?)> { ("Seed", seed), ("TimeScale", 0.0) };
            if (prefix != null) p.Add(("Prefix", prefix));
            if (tenantPath != null) p.Add(("TenantPath", tenantPath));
            if (statePath != null) p.Add(("StatePath", statePath));
            Run("Connect-ExchangeSimulator", p.ToArray());
        }
    }

    /// <summary>Runs one command; errors and warnings of this call are in <see cref="Errors"/> / <see cref="Warnings"/>.</summary>
    public Collection<PSObject> Run(string command, params (string Name, object? Value)[] parameters)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = Runspace;
        ps.AddCommand(command);
        foreach (var (name, value) in parameters)
        {
            if (value is null && name.StartsWith("-", StringComparison.Ordinal)) ps.AddParameter(name.Substring(1));
            else ps.AddParameter(name, value);
        }
        Errors.Clear();
        Warnings.Clear();
        var result = ps.Invoke();
        Errors.AddRange(ps.Streams.Error);
        Warnings.AddRange(ps.Streams.Warning.Select(w => w.Message));
        return result;
    }

    /// <summary>Runs a script (for pipelines and prefix checks).</summary>
    public Collection<PSObject> Script(string script)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = Runspace;
        ps.AddScript(script);
        Errors.Clear();
        Warnings.Clear();
        var result = ps.Invoke();
        Errors.AddRange(ps.Streams.Error);
        Warnings.AddRange(ps.Streams.Warning.Select(w => w.Message));
        return result;
    }

    public PSObject One(string command, params (string Name, object? Value)[] parameters)
    {
        var r = Run(command, parameters);
        if (Errors.Count > 0) throw new Xunit.Sdk.XunitException(command + " failed: " + Errors[0].Exception.Message);
        return Assert1(r, command);
    }

    private static PSObject Assert1(Collection<PSObject> r, string command)
    {
        if (r.Count != 1) throw new Xunit.Sdk.XunitException(command + " returned " + r.Count + " objects.");
        return r[0];
    }

    public void Step(double minutes) => Run("Step-ExchangeSimulator", ("Minutes", minutes));

    public PSObject Mailbox(string alias, bool inactive = false) =>
        inactive ? One("Get-Mailbox", ("Identity", alias), ("-InactiveMailboxOnly", null)) : One("Get-Mailbox", ("Identity", alias));

    /// <summary>
    /// Adds the source's X500 to the target and creates a restore request (primary). Proxy addresses are unique: when an
    /// earlier restore of the same source into another target holds the address, Set-Mailbox refuses it and the request
    /// is made with -AllowLegacyDNMismatch, as an admin restoring one source into several targets would.
    /// </summary>
    public PSObject Restore(string sourceAlias, string targetAlias, params (string Name, object? Value)[] extra)
    {
        var src = Mailbox(sourceAlias, inactive: true);
        Run("Set-Mailbox", ("Identity", targetAlias), ("EmailAddresses", new Hashtable { ["Add"] = "X500:" + src.Prop<string>("LegacyExchangeDN") }));
        var p = new List<(string, object?)> { ("SourceMailbox", src.Prop<string>("DistinguishedName")), ("TargetMailbox", targetAlias) };
        if (Errors.Any(e => e.Exception.Message.Contains("is already being used by the proxy addresses or LegacyExchangeDN of"))) p.Add(("-AllowLegacyDNMismatch", null));
        p.AddRange(extra);
        return One("New-MailboxRestoreRequest", p.ToArray());
    }

    public PSObject Stats(string identity, bool report = false) =>
        report ? One("Get-MailboxRestoreRequestStatistics", ("Identity", identity), ("-IncludeReport", null))
               : One("Get-MailboxRestoreRequestStatistics", ("Identity", identity));

    public void Dispose()
    {
        try { Run("Disconnect-ExchangeSimulator"); } catch { /* best effort */ }
        Runspace.Dispose();
    }
}

public static class PSObjectExtensions
{
    public static T Prop<T>(this PSObject o, string name)
    {
        var p = o.Properties[name] ?? throw new Xunit.Sdk.XunitException("No property " + name);
        object? v = p.Value is PSObject ps && !(typeof(T) == typeof(PSObject)) ? ps.BaseObject : p.Value;
        return (T)v!;
    }
}
