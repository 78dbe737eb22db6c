using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace InactiveRestore.Commands
{
    /// <summary>
    /// The module's format views (InactiveRestore.format.ps1xml), loaded by the first cmdlet of the module that runs in a
    /// runspace instead of by Import-Module. A manifest's FormatsToProcess makes PowerShell rebuild its whole format
    /// table (its own built-in views and every loaded file) during the import, which was most of what the import cost
    /// beyond PowerShell's own floor; the views matter only to objects, and the objects come from these cmdlets, which
    /// load the views in BeginProcessing, before their first output. Loading goes through Update-FormatData with
    /// AddCommand/AddParameter (the file stays in the session after Remove-Module, as with Update-FormatData by hand).
    /// A runspace whose format updates are disabled (a constrained endpoint) keeps PowerShell's default views, as
    /// FormatsToProcess would; any other failure is a warning, once per runspace and file.
    /// </summary>
    internal static class ModuleViews
    {
        internal const string FileName = "InactiveRestore.format.ps1xml";

        // Per runspace: the format files already loaded or tried (the runspace's own list is read only the first time).
        private static readonly ConditionalWeakTable<Runspace, HashSet<string>> Tried = new();

        /// <summary>Loads the views of the module <paramref name="cmdlet"/> belongs to into its runspace, once.</summary>
        internal static void EnsureLoaded(PSCmdlet cmdlet)
        {
            var runspace = Runspace.DefaultRunspace;
            var moduleBase = cmdlet.MyInvocation?.MyCommand?.Module?.ModuleBase;
            if (runspace is null || string.IsNullOrEmpty(moduleBase)) return;
            var path = Path.Combine(moduleBase, FileName);
            var tried = Tried.GetValue(runspace, _ => new HashSet<string>(StringComparer.OrdinalIgnoreCase));
            lock (tried)
            {
                if (!tried.Add(path)) return;
            }
            if (!File.Exists(path) || IsLoaded(runspace, path)) return;
            Load(cmdlet, path);
        }

        /// <summary>True when the runspace's format list already holds <paramref name="path"/> (an earlier import).</summary>
        internal static bool IsLoaded(Runspace runspace, string path)
        {
            var state = runspace.InitialSessionState;
            if (state is null) return false;
            if (state.DisableFormatUpdates) return true;   // nothing may be added: PowerShell's default views stay
            foreach (var entry in state.Formats)
            {
                if (entry.FileName is { } name && string.Equals(name, path, StringComparison.OrdinalIgnoreCase)) return true;
            }
            return false;
        }

        private static void Load(PSCmdlet cmdlet, string path)
        {
            try
            {
                using var ps = PowerShell.Create(RunspaceMode.CurrentRunspace);
                // Provider-qualified and escaped: the path is taken literally whatever the current location or its characters.
                ps.AddCommand("Microsoft.PowerShell.Utility\\Update-FormatData")
                  .AddParameter("AppendPath", "Microsoft.PowerShell.Core\\FileSystem::" + WildcardPattern.Escape(path))
                  .AddParameter("WhatIf", false)
                  .AddParameter("Confirm", false);
                ps.Invoke();
                if (ps.HadErrors)
                {
                    var first = ps.Streams.Error.Count > 0 ? ps.Streams.Error[0].ToString() : "unknown error";
                    cmdlet.WriteWarning($"The InactiveRestore views ({FileName}) could not be loaded; output uses PowerShell's default formatting: {first}");
                }
            }
#pragma warning disable CA1031 // views are cosmetic: the command runs on with PowerShell's default formatting
            catch (Exception e) when (e is not PipelineStoppedException)
#pragma warning restore CA1031
            {
                cmdlet.WriteWarning($"The InactiveRestore views ({FileName}) could not be loaded; output uses PowerShell's default formatting: {e.Message}");
            }
        }
    }
}
