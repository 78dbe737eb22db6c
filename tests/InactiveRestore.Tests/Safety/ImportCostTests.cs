using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using InactiveRestore.Commands;
using InactiveRestore.Exchange;
using Xunit;

namespace InactiveRestore.Tests.Safety;

/// <summary>
/// What keeps Import-Module cheap (issue 10) and the first command quick, pinned without timings: the import runs none
/// of the module's code, the views load with the first cmdlet before its output, and no regex is compiled to IL when a
/// type initializes. The Pester side (a fresh pwsh: views absent after the import, present for the first output) is in
/// tests/Pester/Module.Tests.ps1.
/// </summary>
public class ImportCostTests
{
    private static readonly Assembly Module = typeof(ExchangeCmdletBase).Assembly;

    [Fact]
    public void ImportRunsNoCodeOfTheModule()
    {
        // PowerShell instantiates and runs these during Import-Module.
        var initializers = Module.GetExportedTypes()
            .Where(t => typeof(IModuleAssemblyInitializer).IsAssignableFrom(t) || typeof(IModuleAssemblyCleanup).IsAssignableFrom(t))
            .Select(t => t.FullName)
            .ToArray();
        Assert.True(initializers.Length == 0, "An import-time hook makes every Import-Module run module code: " + string.Join(", ", initializers));
    }

    [Fact]
    public void EveryCmdletLoadsTheViewsBeforeItsOwnBegin()
    {
        var cmdlets = Module.GetExportedTypes().Where(t => typeof(Cmdlet).IsAssignableFrom(t) && !t.IsAbstract).ToArray();
        Assert.NotEmpty(cmdlets);
        foreach (var t in cmdlets)
        {
            Assert.True(t.IsSubclassOf(typeof(ExchangeCmdletBase)), $"{t.Name} does not derive from ExchangeCmdletBase, which loads the module's views before any output.");
            var begin = t.GetMethod("BeginProcessing", BindingFlags.Instance | BindingFlags.NonPublic)!;
            Assert.Equal(typeof(ExchangeCmdletBase), begin.DeclaringType);
            Assert.True(begin.IsFinal, "ExchangeCmdletBase.BeginProcessing must stay sealed (cmdlets override Begin).");
        }
        Assert.Equal("InactiveRestore.format.ps1xml", ModuleViews.FileName);
        var repo = RepoRoot();
        Assert.True(File.Exists(Path.Combine(repo, "module", ModuleViews.FileName)));
    }

    [Fact]
    public void NoStaticRegexIsCompiledToIl()
    {
        var compiled = (
            from type in Module.GetTypes()
            where !type.ContainsGenericParameters
            from field in type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
            where field.FieldType == typeof(Regex) || field.FieldType == typeof(Regex[])
            let value = Value(type, field)
            from regex in value is Regex[] many ? many : new[] { (Regex)value! }
            where regex is not null && (regex.Options & RegexOptions.Compiled) != 0
            select $"{type.Name}.{field.Name}").ToArray();
        Assert.True(compiled.Length == 0,
            "RegexOptions.Compiled emits and compiles IL when the type initializes (tens of ms at the first command or tab completion, " +
            "for short texts an interpreted regex matches as fast): " + string.Join(", ", compiled));
    }

    [Fact]
    public void AboutTopicStatesTheRetryDefaults()
    {
        var about = File.ReadAllText(Path.Combine(RepoRoot(), "module", "en-US", "about_InactiveRestore.help.txt"));
        int Row(string key)
        {
            var m = Regex.Match(about, @"^\s+" + key + @"\s+(?<n>\d+)( s)?\s{2,}\S", RegexOptions.Multiline);
            Assert.True(m.Success, $"about_InactiveRestore has no '{key}' row under PREFERENCE VARIABLE.");
            return int.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture);
        }
        var d = RetryPolicy.Default;
        Assert.Equal(d.MaxAttempts, Row("MaxAttempts"));
        Assert.Equal(d.BaseDelay.TotalSeconds, Row("BaseDelay"));
        Assert.Equal(d.MaxDelay.TotalSeconds, Row("MaxDelay"));
        Assert.Equal(d.TotalBudget.TotalSeconds, Row("TotalBudget"));
        Assert.Contains("$" + RetryPolicy.PreferenceVariable, about, StringComparison.Ordinal);
    }

    private static object? Value(Type type, FieldInfo field)
    {
        RuntimeHelpers.RunClassConstructor(type.TypeHandle);
        return field.GetValue(null);
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "InactiveRestore.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        return dir!.FullName;
    }
}
