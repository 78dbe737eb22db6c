using System;
using System.IO;

namespace ExchangeSimulator.Engine
{
    /// <summary>The state file is held by another connection (its lock file is taken).</summary>
    public sealed class StateFileLockedException : IOException
    {
        public StateFileLockedException(string message, Exception inner) : base(message, inner) { }
    }

    /// <summary>One connection per state file: the exclusive lock file &lt;state file&gt;.lock, held while connected.</summary>
    public static class StateLock
    {
        /// <summary>Takes the lock file; throws <see cref="StateFileLockedException"/> when another connection holds it.</summary>
        public static FileStream Acquire(string statePath)
        {
            string lockPath = statePath + ".lock";
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException e)
            {
                throw new StateFileLockedException("The simulator state file '" + statePath + "' is in use by another connection (its lock file '" + lockPath +
                    "' is held by another process or runspace). Disconnect that connection (or end its process) first.", e);
            }
        }
    }
}
