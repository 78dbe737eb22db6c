using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Xunit;

namespace InactiveRestore.Tests.Safety;

/// <summary>
/// The module must never turn text into script: every value travels to Exchange as an AddCommand/AddParameter
/// value. This fails the build if src/InactiveRestore's source or compiled IL reaches for a script-from-text API.
/// </summary>
public class NoScriptTextTests
{
    private static readonly Regex Forbidden = new(
        @"\b(AddScript|InvokeScript|NewScriptBlock|ScriptBlock\s*\.\s*Create|ExpandString|Invoke-Expression|iex)\b",
        RegexOptions.Compiled);

    private static string SourceRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "InactiveRestore.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        return Path.Combine(dir!.FullName, "src", "InactiveRestore");
    }

    [Fact]
    public void SourceNeverBuildsScriptFromText()
    {
        var files = Directory.GetFiles(SourceRoot(), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                     && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .ToArray();
        Assert.NotEmpty(files);
        var hits = files
            .SelectMany(f => File.ReadAllLines(f).Select((line, i) => (f, i, line)))
            .Where(x => !x.line.TrimStart().StartsWith("//", StringComparison.Ordinal) && Forbidden.IsMatch(x.line))
            .Select(x => $"{Path.GetFileName(x.f)}:{x.i + 1}: {x.line.Trim()}")
            .ToArray();
        Assert.True(hits.Length == 0, "Script built from text in src/InactiveRestore:\n" + string.Join("\n", hits));
    }

    [Fact]
    public void CompiledModuleReferencesNoScriptFromTextApi()
    {
        // The IL check catches what a source scan could miss (reflection-free calls through helpers or aliases).
        var assembly = typeof(InactiveRestore.Exchange.ExchangeCommand).Assembly;
        var forbidden = new[]
        {
            (typeof(System.Management.Automation.PowerShell), "AddScript"),
            (typeof(System.Management.Automation.ScriptBlock), "Create"),
            (typeof(System.Management.Automation.CommandInvocationIntrinsics), "InvokeScript"),
            (typeof(System.Management.Automation.CommandInvocationIntrinsics), "NewScriptBlock"),
            (typeof(System.Management.Automation.CommandInvocationIntrinsics), "ExpandString"),
        };
        var offenders = (
            from type in assembly.GetTypes()
            from method in type.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Cast<MethodBase>()
                .Concat(type.GetConstructors(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            let body = SafeBody(method)
            where body is not null
            from token in MethodTokens(body)
            let called = Resolve(method.Module, token)
            where called is not null
            from f in forbidden
            where called.DeclaringType == f.Item1 && called.Name == f.Item2
            select $"{type.FullName}.{method.Name} calls {f.Item1.Name}.{f.Item2}").ToArray();
        Assert.True(offenders.Length == 0, string.Join("\n", offenders));
    }

    private static byte[]? SafeBody(MethodBase m)
    {
        try { return m.GetMethodBody()?.GetILAsByteArray(); } catch { return null; }
    }

    private static MethodBase? Resolve(Module module, int token)
    {
        try { return module.ResolveMethod(token); } catch { return null; }
    }

    // call (0x28), callvirt (0x6F), newobj (0x73), ldftn (0xFE 0x06): the 4 bytes after the opcode are a method token.
    // A byte scan may see false tokens inside other operands; those fail to resolve or resolve to harmless methods.
    private static System.Collections.Generic.IEnumerable<int> MethodTokens(byte[] il)
    {
        for (var i = 0; i + 4 < il.Length; i++)
        {
            if (il[i] is 0x28 or 0x6F or 0x73)
            {
                var token = BitConverter.ToInt32(il, i + 1);
                if ((token >> 24) is 0x06 or 0x0A or 0x2B) yield return token;
            }
        }
    }
}
