using System;
using System.Threading;

namespace InactiveRestore.Core
{
    /// <summary>Time and waiting, injectable so that tests never sleep.</summary>
    internal interface IClock
    {
        DateTime UtcNow { get; }

        /// <summary>Waits <paramref name="duration"/> or until <paramref name="cancellationToken"/> is cancelled (returns early, does not throw).</summary>
        void Sleep(TimeSpan duration, CancellationToken cancellationToken);
    }

    internal sealed class SystemClock : IClock
    {
        public static readonly SystemClock Instance = new();

        public DateTime UtcNow => DateTime.UtcNow;

        public void Sleep(TimeSpan duration, CancellationToken cancellationToken)
        {
            if (duration <= TimeSpan.Zero) return;
            cancellationToken.WaitHandle.WaitOne(duration);
        }
    }
}
