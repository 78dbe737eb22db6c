using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using ExchangeSimulator.Json;
using ExchangeSimulator.Model;

namespace ExchangeSimulator.Engine
{
    /// <summary>
    /// Generates large tenant fixtures (README.md, "Generated tenants") for soak tests: inactive sources
    /// inactive.0001... and active targets active.0001...; pair i → i works (an archive on the source means one on the target).
    /// Deterministic for a seed.
    /// </summary>
    public sealed class TenantGenerator
    {
        public int InactiveCount { get; set; } = 200;
        public int ActiveCount { get; set; } = 200;
        public int Seed { get; set; } = 1;
        public string Organization { get; set; } = "soak.onmicrosoft.com";
        /// <summary>Relative weights per behaviour (any positive numbers); default every source Normal.</summary>
        public IDictionary<RestoreBehavior, double> BehaviorMix { get; set; } = new Dictionary<RestoreBehavior, double> { [RestoreBehavior.Normal] = 1 };
        public long MinSize { get; set; } = 20L * 1024 * 1024;
        public long MaxSize { get; set; } = 400L * 1024 * 1024;
        public double ArchiveRate { get; set; } = 0.3;

        private static readonly string[] Holds =
        {
            "LitigationHold", "UniH", "mbx", "cld",
        };

        public void Validate()
        {
            if (InactiveCount < 0 || ActiveCount < 0) throw new ArgumentException("The counts can't be negative.");
            if (MinSize < 0 || MaxSize < MinSize) throw new ArgumentException("Sizes need 0 <= MinSize <= MaxSize.");
            if (ArchiveRate < 0 || ArchiveRate > 1) throw new ArgumentException("ArchiveRate must be between 0 and 1.");
            if (BehaviorMix.Count == 0 || BehaviorMix.Values.Any(v => v < 0 || double.IsNaN(v) || double.IsInfinity(v)) || BehaviorMix.Values.Sum() <= 0)
                throw new ArgumentException("BehaviorMix needs non-negative weights with a positive sum.");
            if (string.IsNullOrWhiteSpace(Organization)) throw new ArgumentException("Organization is required.");
        }

        /// <summary>The fixture as JSON (the -TenantPath format).</summary>
        public string ToJson()
        {
            Validate();
            var rng = new SimRandom(Seed);
            int width = Math.Max(4, Math.Max(InactiveCount, ActiveCount).ToString(CultureInfo.InvariantCulture).Length);
            string Number(int i) => i.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0');
            // Behaviours in enum order, so the draw does not depend on the hashtable's enumeration order.
            var mix = Enum.GetValues(typeof(RestoreBehavior)).Cast<RestoreBehavior>()
                .Select(b => (Behavior: b, Weight: BehaviorMix.TryGetValue(b, out double w) ? w : 0)).Where(x => x.Weight > 0).ToList();
            double total = mix.Sum(x => x.Weight);

            var lines = new List<string>();
            string Line(MailboxSpec spec) => JsonSerializer.Serialize(spec, SimJson.FixtureLine);
            var sourceArchive = new bool[InactiveCount + 1];
            for (int i = 1; i <= InactiveCount; i++)
            {
                long size = Size(rng);
                long average = 60 * 1024 + rng.Next(140 * 1024);
                bool archive = rng.NextDouble() < ArchiveRate;
                sourceArchive[i] = archive;
                double pick = rng.NextDouble() * total;
                var behavior = mix[mix.Count - 1].Behavior;
                foreach (var (b, weight) in mix)
                {
                    if (pick < weight) { behavior = b; break; }
                    pick -= weight;
                }
                string hold = Holds[rng.Next(Holds.Length)];
                int daysAgo = 30 + rng.Next(700);
                var spec = new MailboxSpec
                {
                    Alias = "inactive." + Number(i),
                    DisplayName = "Inactive User " + Number(i),
                    State = "Inactive",
                    WhenSoftDeleted = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(-daysAgo).AddMinutes(rng.Next(1440)),
                };
                if (hold == "LitigationHold") spec.LitigationHoldEnabled = true;
                else spec.InPlaceHolds = new List<string> { HoldName(hold, i) };
                spec.PrimarySize = new FixtureSize(size);
                spec.PrimaryItems = Math.Max(1, size / average);
                spec.DeletedSize = new FixtureSize(size / 100 * (2 + rng.Next(7)));
                spec.Archive = archive;
                if (archive)
                {
                    long archiveSize = size / 100 * (10 + rng.Next(41));
                    spec.ArchiveSize = new FixtureSize(archiveSize);
                    spec.ArchiveItems = Math.Max(1, archiveSize / average);
                }
                spec.RestoreBehavior = behavior;
                lines.Add(Line(spec));
            }
            for (int i = 1; i <= ActiveCount; i++)
            {
                long size = Size(rng);
                bool archive = i <= InactiveCount ? sourceArchive[i] : rng.NextDouble() < ArchiveRate;
                lines.Add(Line(new MailboxSpec
                {
                    Alias = "active." + Number(i),
                    DisplayName = "Active User " + Number(i),
                    PrimarySize = new FixtureSize(size),
                    Archive = archive,
                }));
            }
            // The envelope by hand so that each mailbox is one line (readable and diffable); each line is the serializer's.
            var head = new TenantFixture
            {
                Organization = Organization,
                TenantId = TenantLoader.HashGuid("generated:" + Organization + ":" + Seed).ToString(),
                Generator = "New-ExchangeSimulatorTenant -InactiveCount " + InactiveCount + " -ActiveCount " + ActiveCount + " -Seed " + Seed,
            };
            string envelope = JsonSerializer.Serialize(head, SimJson.FixtureLine);
            return envelope.Substring(0, envelope.Length - 1) + ",\n\"Mailboxes\": [\n" + string.Join(",\n", lines) + "\n]}\n";
        }

        private long Size(SimRandom rng) => MinSize + (long)((MaxSize - MinSize) * rng.NextDouble());

        private static string HoldName(string kind, int i)
        {
            string hex = TenantLoader.HashGuid("hold:" + kind + ":" + i).ToString("N");
            switch (kind)
            {
                case "UniH": return "UniH" + TenantLoader.HashGuid("hold:" + i).ToString("D");
                case "mbx": return "mbx" + hex + ":1";
                default: return "cld" + hex + ":1";
            }
        }
    }
}
