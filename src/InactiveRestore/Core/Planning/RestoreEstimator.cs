using System;
using System.Collections.Generic;
using System.Linq;

namespace InactiveRestore.Core
{
    /// <summary>
    /// How long a restore may take. Microsoft documents no throughput for restore requests: the service queues and
    /// throttles them on its own (PositionInQueue, StalledDueTo*). The default is a deliberately conservative planning
    /// figure of <see cref="DefaultBytesPerHour"/> = 1 GiB per hour per request (well below what an unthrottled request
    /// usually reaches, so estimates err long). Once requests report BytesTransferredPerMinute, the rolling average of
    /// the last <see cref="WindowSize"/> observations replaces it.
    /// </summary>
    internal sealed class RestoreEstimator
    {
        public const long DefaultBytesPerHour = 1L << 30;
        public const int WindowSize = 20;

        private readonly Queue<long> _observed = new();
        private readonly object _gate = new();

        /// <summary>Records one observed BytesTransferredPerMinute (ignored when not positive).</summary>
        public void Observe(long? bytesPerMinute)
        {
            if (bytesPerMinute is not long b || b <= 0) return;
            lock (_gate)
            {
                _observed.Enqueue(b);
                while (_observed.Count > WindowSize) _observed.Dequeue();
            }
        }

        public int ObservationCount { get { lock (_gate) return _observed.Count; } }

        /// <summary>The throughput estimates use: the rolling average of observations, else the default.</summary>
        public double BytesPerMinute
        {
            get
            {
                lock (_gate) return _observed.Count == 0 ? DefaultBytesPerHour / 60.0 : _observed.Average();
            }
        }

        /// <summary>The time to copy <paramref name="bytes"/> at <see cref="BytesPerMinute"/>.</summary>
        public TimeSpan EstimateRestoreTime(long bytes)
        {
            if (bytes <= 0) return TimeSpan.Zero;
            var minutes = bytes / BytesPerMinute;
            return minutes >= TimeSpan.MaxValue.TotalMinutes / 2 ? TimeSpan.MaxValue : TimeSpan.FromMinutes(minutes);
        }

        /// <summary>When a running request should finish: remaining bytes at its own rate when it reports one, else at <see cref="BytesPerMinute"/>.</summary>
        public DateTime? EstimateCompletion(DateTime now, long? bytesTotal, long? bytesDone, long? ownBytesPerMinute)
        {
            if (bytesTotal is not long total || total <= 0) return null;
            var remaining = Math.Max(0, total - (bytesDone ?? 0));
            var rate = ownBytesPerMinute is long own && own > 0 ? own : BytesPerMinute;
            return now.AddMinutes(remaining / rate);
        }

        /// <summary><c>Restored-{DisplayName}-{yyyy-MM-dd}</c> with the display name sanitized for a folder name.</summary>
        public static string GetRecommendedFolderName(string? displayName, DateTime date) => FolderNames.DefaultTargetRootFolder(displayName, date);
    }
}
