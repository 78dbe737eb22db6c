using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;

namespace InactiveRestore.Exchange
{
    /// <summary>
    /// Keeps the caller's <c>$Error</c> free of the module's internal Exchange errors. A nested pipeline of the caller's
    /// runspace records every error its command writes (or throws) in the runspace's global <c>$Error</c> list, whatever
    /// its -ErrorAction short of Ignore, and Ignore would lose the record the classification needs. So each nested call
    /// notes the head of <c>$Error</c> before it runs and afterwards takes out what was inserted in front of it (PowerShell
    /// inserts at index 0): the error is still read from the call's own error stream or exception and classified, and the
    /// caller's <c>$Error</c> holds only what the cmdlet itself writes (the module's ErrorRecord, or nothing for a
    /// not-found the module expected, a refused pair's check, or a transient error retried into success).
    /// </summary>
    internal sealed partial class RunspaceExchangeClient
    {
        private IList? _errorLog;
        private bool _errorLogLooked;

        /// <summary>The runspace's <c>$Error</c> list (looked up once per client; null when it cannot be read).</summary>
        private IList? ErrorLog
        {
            get
            {
                if (_errorLogLooked) return _errorLog;
                _errorLogLooked = true;
                try
                {
                    using var ps = _factory();
                    ps.AddCommand("Get-Variable").AddParameter("Name", "Error").AddParameter("Scope", "Global")
                      .AddParameter("ValueOnly", true).AddParameter("ErrorAction", ActionPreference.Ignore);
                    _errorLog = ps.Invoke().Select(o => o?.BaseObject).OfType<IList>().FirstOrDefault();
                }
                catch (Exception e) when (e is RuntimeException or InvalidOperationException)
                {
                    _errorLog = null;
                }
                return _errorLog;
            }
        }

        /// <summary>What <c>$Error</c> starts with before a nested call (see <see cref="ForgetErrorsSince"/>).</summary>
        private readonly struct ErrorLogMark
        {
            public ErrorLogMark(IList? log)
            {
                Log = log;
                Head = log is { Count: > 0 } ? log[0] : null;
            }

            public IList? Log { get; }
            public object? Head { get; }
        }

        private ErrorLogMark MarkErrorLog() => new(ErrorLog);

        /// <summary>Removes from <c>$Error</c> the records a nested call inserted in front of the head noted before it.</summary>
        private static void ForgetErrorsSince(ErrorLogMark mark)
        {
            var log = mark.Log;
            if (log is null) return;
            try
            {
                var added = 0;
                while (added < log.Count && !ReferenceEquals(log[added], mark.Head)) added++;
                for (var i = 0; i < added; i++) log.RemoveAt(0);
            }
            catch (Exception e) when (e is NotSupportedException or InvalidOperationException or ArgumentOutOfRangeException)
            {
                // A read-only or replaced $Error: leave it as it is.
            }
        }
    }
}
