using System;
using ExchangeSimulator.Model;

namespace ExchangeSimulator.Engine
{
    /// <summary>
    /// Archive states of a mailbox (Set-ExchangeSimulatorMailbox -ArchiveState, demo tenant): Active; StatusNone (provisioned:
    /// ArchiveGuid, ArchiveDatabase, ArchiveName set, but ArchiveStatus reads None); Disabled (ArchiveGuid kept, ArchiveDatabase and
    /// ArchiveName empty, ArchiveStatus None, no archive statistics); None (no archive, ArchiveGuid all zeros).
    /// </summary>
    public static class ArchiveStates
    {
        public static void Apply(Mailbox m, string state)
        {
            switch (state.ToLowerInvariant())
            {
                case "active":
                case "statusnone":
                    if (m.ArchiveGuid == Guid.Empty) m.ArchiveGuid = TenantLoader.HashGuid("archive:" + m.ExchangeGuid);
                    if (string.IsNullOrEmpty(m.ArchiveName)) m.ArchiveName = "In-Place Archive -" + m.DisplayName;
                    m.HasArchive = true;
                    m.ArchiveStatusOverride = state.Equals("active", StringComparison.OrdinalIgnoreCase) ? null : "None";
                    break;
                case "disabled":
                    if (m.ArchiveGuid == Guid.Empty) m.ArchiveGuid = TenantLoader.HashGuid("archive:" + m.ExchangeGuid);
                    m.HasArchive = false;
                    m.ArchiveName = "";
                    m.ArchiveDatabase = "";
                    m.ArchiveStatusOverride = null;
                    break;
                default:
                    m.HasArchive = false;
                    m.ArchiveGuid = Guid.Empty;
                    m.ArchiveName = "";
                    m.ArchiveDatabase = "";
                    m.ArchiveStatusOverride = null;
                    break;
            }
        }
    }
}
