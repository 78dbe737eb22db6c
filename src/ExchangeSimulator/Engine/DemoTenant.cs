using System;
using System.Linq;

namespace ExchangeSimulator.Engine
{
    /// <summary>
    /// The built-in demo tenant (contoso.onmicrosoft.com), in the fixture format of README.md. Aliases are stable:
    /// other projects' tests and the demo name them.
    /// </summary>
    public static class DemoTenant
    {
        /// <summary>The default simulated start time (UTC).</summary>
        public static readonly DateTime DefaultStartTime = new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

        public static Tenant Create(DateTime startTime, int seed)
        {
            var tenant = TenantLoader.Load(Json, startTime, seed);
            ApplyRealTenantStates(tenant);
            return tenant;
        }

        /// <summary>
        /// The mailboxes added for contract §10 (appended after the original ones, which stay unchanged): directory-synced targets
        /// with and without the X500 a restore needs, a provisioned archive whose ArchiveStatus reads None, a retained ArchiveGuid
        /// after the archive was disabled, and two inactive sources whose restores complete with skipped items (kai.carter, nora.bauer).
        /// </summary>
        private static void ApplyRealTenantStates(Tenant tenant)
        {
            Model.Mailbox Active(string alias) => tenant.Mailboxes.First(m => m.Alias == alias && !m.IsSoftDeleted);
            Active("hybrid.target").IsDirSynced = true;
            var synced = Active("hybrid.synced");
            synced.IsDirSynced = true;
            var miriam = tenant.Mailboxes.First(m => m.Alias == "miriam.graham" && m.IsInactiveMailbox);
            synced.EmailAddresses.Add("X500:" + miriam.LegacyExchangeDN);
            ArchiveStates.Apply(Active("archive.statusnone"), "StatusNone");
            ArchiveStates.Apply(Active("archive.disabled"), "Disabled");
        }

        public const string Json = """
{
  "Organization": "contoso.onmicrosoft.com",
  "Mailboxes": [
    { "Alias": "megan.bowen", "DisplayName": "Megan Bowen", "State": "Inactive", "WhenSoftDeleted": "2025-06-30T17:04:11Z",
      "LitigationHoldEnabled": true, "Archive": true,
      "PrimarySize": "180 MB", "PrimaryItems": 1180, "DeletedSize": "9 MB", "DeletedItems": 64,
      "ArchiveSize": "60 MB", "ArchiveItems": 410, "ArchiveDeletedSize": "2 MB", "ArchiveDeletedItems": 12 },
    { "Alias": "lee.gu", "DisplayName": "Lee Gu", "State": "Inactive", "WhenSoftDeleted": "2025-09-12T08:41:57Z",
      "InPlaceHolds": ["UniH7d0e4c1a-52f3-4b8e-9f0d-3c2a6b1e8f47"], "Archive": true,
      "PrimarySize": "320 MB", "PrimaryItems": 2240, "DeletedSize": "14 MB", "DeletedItems": 90,
      "ArchiveSize": "140 MB", "ArchiveItems": 960, "ArchiveDeletedSize": "3 MB", "ArchiveDeletedItems": 20 },
    { "Alias": "irvin.sayers", "DisplayName": "Irvin Sayers", "State": "Inactive", "WhenSoftDeleted": "2025-11-03T13:22:09Z",
      "InPlaceHolds": ["mbx5f2c8e0b9a4d4c6fb1e2a7d3c9f08e14:2"], "ComplianceTagHoldApplied": true, "Archive": true,
      "PrimarySize": "410 MB", "PrimaryItems": 2870, "DeletedSize": "22 MB", "DeletedItems": 150,
      "ArchiveSize": "85 MB", "ArchiveItems": 520, "ArchiveDeletedSize": "1 MB", "ArchiveDeletedItems": 6 },
    { "Alias": "nestor.wilke", "DisplayName": "Nestor Wilke", "State": "Inactive", "WhenSoftDeleted": "2025-04-18T10:15:33Z",
      "InPlaceHolds": ["UniH1b9a6f3e-0c4d-4e2a-8b7f-5d6e9a0c2b31"], "Archive": true,
      "PrimarySize": "300 MB", "PrimaryItems": 2010, "DeletedSize": "11 MB", "DeletedItems": 70,
      "ArchiveSize": "45 MB", "ArchiveItems": 300, "ArchiveDeletedSize": "0 B", "ArchiveDeletedItems": 0 },
    { "Alias": "miriam.graham", "DisplayName": "Miriam Graham", "State": "Inactive", "WhenSoftDeleted": "2024-12-20T16:00:02Z",
      "LitigationHoldEnabled": true, "DelayHoldApplied": true,
      "PrimarySize": "50 MB", "PrimaryItems": 380, "DeletedSize": "2 MB", "DeletedItems": 15 },
    { "Alias": "isaiah.langer", "DisplayName": "Isaiah Langer", "State": "Inactive", "WhenSoftDeleted": "2025-02-07T09:30:45Z",
      "InPlaceHolds": ["cld8e3f1a2b4c5d46e7f8091a2b3c4d5e6f:1"],
      "PrimarySize": "95 MB", "PrimaryItems": 700, "DeletedSize": "4 MB", "DeletedItems": 30 },
    { "Alias": "joni.sherman", "DisplayName": "Joni Sherman", "State": "Inactive", "WhenSoftDeleted": "2024-08-01T12:00:00Z",
      "PrimarySmtpAddress": "joni.sherman@contoso.onmicrosoft.com", "LitigationHoldEnabled": true,
      "PrimarySize": "2.4 GB", "PrimaryItems": 16800, "DeletedSize": "120 MB", "DeletedItems": 800 },
    { "Alias": "diego.siciliani", "DisplayName": "Diego Siciliani", "State": "Inactive", "WhenSoftDeleted": "2025-01-15T18:45:12Z",
      "InPlaceHolds": ["UniH4c2e8a9d-7b1f-4d3a-a6e5-9f0b2c8d1e73"], "Archive": true, "AutoExpandingArchiveEnabled": true,
      "PrimarySize": "60 GB", "PrimaryItems": 402000, "DeletedSize": "4 GB", "DeletedItems": 26000,
      "ArchiveSize": "180 GB", "ArchiveItems": 1250000, "ArchiveDeletedSize": "6 GB", "ArchiveDeletedItems": 41000 },
    { "Alias": "patti.fernandez", "DisplayName": "Patti Fernandez", "State": "Inactive", "WhenSoftDeleted": "2025-07-21T07:12:40Z",
      "LitigationHoldEnabled": true, "InPlaceHolds": ["UniH9e7d5c3b-1a2f-4e6d-8c0b-7a5f3e1d9c2b", "mbx0a1b2c3d4e5f4a6b8c9d0e1f2a3b4c5d:1"],
      "ComplianceTagHoldApplied": true, "Archive": true,
      "PrimarySize": "25 GB", "PrimaryItems": 171000, "DeletedSize": "1.2 GB", "DeletedItems": 8200,
      "ArchiveSize": "12 GB", "ArchiveItems": 83000, "ArchiveDeletedSize": "300 MB", "ArchiveDeletedItems": 2000 },
    { "Alias": "grady.archie", "DisplayName": "Grady Archie", "State": "Inactive", "WhenSoftDeleted": "2025-10-02T15:55:21Z",
      "InPlaceHolds": ["mbx7cfb30345d454ac0a989ab3091d8c9c8:2", "cld2f4e6a8c0b1d43e5a7c9e1f3b5d7f9a1:1"], "Archive": true,
      "PrimarySize": "8.5 GB", "PrimaryItems": 58000, "DeletedSize": "400 MB", "DeletedItems": 2700,
      "ArchiveSize": "3.2 GB", "ArchiveItems": 22000, "ArchiveDeletedSize": "80 MB", "ArchiveDeletedItems": 500 },
    { "Alias": "lynne.robbins", "DisplayName": "Lynne Robbins", "State": "Inactive", "WhenSoftDeleted": "2025-05-09T11:03:17Z",
      "LitigationHoldEnabled": true, "RestoreBehavior": "BadItems",
      "PrimarySize": "1.1 GB", "PrimaryItems": 7600, "DeletedSize": "50 MB", "DeletedItems": 340 },
    { "Alias": "pradeep.gupta", "DisplayName": "Pradeep Gupta", "State": "Inactive", "WhenSoftDeleted": "2025-03-27T14:48:05Z",
      "InPlaceHolds": ["UniH0d3c5b7a-9e1f-4a2b-8c6d-2e4f6a8b0c1d"], "RestoreBehavior": "FailedOtherAllCopied",
      "PrimarySize": "850 MB", "PrimaryItems": 5900, "DeletedSize": "35 MB", "DeletedItems": 240 },
    { "Alias": "alex.wilber", "DisplayName": "Alex Wilber", "State": "Inactive", "WhenSoftDeleted": "2025-08-14T09:09:09Z",
      "LitigationHoldEnabled": true, "RestoreBehavior": "Stall",
      "PrimarySize": "2 GB", "PrimaryItems": 14000, "DeletedSize": "90 MB", "DeletedItems": 600 },
    { "Alias": "henrietta.mueller", "DisplayName": "Henrietta Mueller", "State": "Inactive", "WhenSoftDeleted": "2025-12-01T10:20:30Z",
      "DelayHoldApplied": true, "ComplianceTagHoldApplied": true, "RestoreBehavior": "AutoSuspend",
      "PrimarySize": "1.5 GB", "PrimaryItems": 10400, "DeletedSize": "60 MB", "DeletedItems": 410 },
    { "Alias": "johanna.lorenz", "DisplayName": "Johanna Lorenz", "State": "Inactive", "WhenSoftDeleted": "2025-10-30T16:40:00Z",
      "LitigationHoldEnabled": true, "Archive": true, "RestoreBehavior": "CompletedWithWarning",
      "PrimarySize": "700 MB", "PrimaryItems": 4800, "DeletedSize": "30 MB", "DeletedItems": 200,
      "ArchiveSize": "200 MB", "ArchiveItems": 1400, "ArchiveDeletedSize": "5 MB", "ArchiveDeletedItems": 30 },
    { "Alias": "christie.cline", "DisplayName": "Christie Cline", "State": "SoftDeleted", "WhenSoftDeleted": "2026-02-20T08:00:00Z",
      "PrimarySize": "400 MB", "PrimaryItems": 2800, "DeletedSize": "15 MB", "DeletedItems": 100 },

    { "Alias": "adele.vance", "DisplayName": "Adele Vance", "Archive": true, "PrimarySize": "3.2 GB", "PrimaryItems": 22000, "ArchiveSize": "1.1 GB", "ArchiveItems": 7500 },
    { "Alias": "allan.deyoung", "DisplayName": "Allan Deyoung", "Archive": true, "PrimarySize": "2.1 GB", "PrimaryItems": 14500, "ArchiveSize": "600 MB", "ArchiveItems": 4100 },
    { "Alias": "cameron.white", "DisplayName": "Cameron White", "Archive": true, "PrimarySize": "4.6 GB", "PrimaryItems": 31000, "ArchiveSize": "2.3 GB", "ArchiveItems": 15800 },
    { "Alias": "emily.braun", "DisplayName": "Emily Braun", "Archive": true, "PrimarySize": "1.4 GB", "PrimaryItems": 9700, "ArchiveSize": "250 MB", "ArchiveItems": 1700 },
    { "Alias": "joni.sherman", "DisplayName": "Joni Sherman", "PrimarySmtpAddress": "joni.sherman@contoso.onmicrosoft.com", "PrimarySize": "600 MB", "PrimaryItems": 4100 },
    { "Alias": "bianca.pisani", "DisplayName": "Bianca Pisani", "PrimarySize": "5.5 GB", "PrimaryItems": 37500 },
    { "Alias": "debra.berger", "DisplayName": "Debra Berger", "Archive": true, "RetentionPolicy": "Contoso 1 Year Delete", "RetentionHoldEnabled": false,
      "PrimarySize": "7.8 GB", "PrimaryItems": 53000, "ArchiveSize": "9.4 GB", "ArchiveItems": 64000 },
    { "Alias": "delia.dennis", "DisplayName": "Delia Dennis", "PrimarySize": "900 MB", "PrimaryItems": 6100 },
    { "Alias": "enrico.cattaneo", "DisplayName": "Enrico Cattaneo", "PrimarySize": "2.7 GB", "PrimaryItems": 18400 },
    { "Alias": "gerhart.moller", "DisplayName": "Gerhart Moller", "Archive": true, "PrimarySize": "6.3 GB", "PrimaryItems": 43000, "ArchiveSize": "4 GB", "ArchiveItems": 27000 },
    { "Alias": "lidia.holloway", "DisplayName": "Lidia Holloway", "Archive": true, "PrimarySize": "3.9 GB", "PrimaryItems": 26600, "ArchiveSize": "1.8 GB", "ArchiveItems": 12300 },
    { "Alias": "mallory.cortez", "DisplayName": "Mallory Cortez", "PrimarySize": "1.2 GB", "PrimaryItems": 8200 },
    { "Alias": "raul.razo", "DisplayName": "Raul Razo", "ProhibitSendReceiveQuota": "50 GB", "ProhibitSendQuota": "49 GB", "IssueWarningQuota": "48 GB",
      "PrimarySize": "49.7 GB", "PrimaryItems": 339000, "DeletedSize": "1.5 GB", "DeletedItems": 10000 },
    { "Alias": "sanjay.shah", "DisplayName": "Sanjay Shah", "Archive": true, "PrimarySize": "5.1 GB", "PrimaryItems": 34800, "ArchiveSize": "700 MB", "ArchiveItems": 4800 },
    { "Alias": "tamara.ahmed", "DisplayName": "Tamara Ahmed", "PrimarySize": "650 MB", "PrimaryItems": 4400 },
    { "Alias": "vincent.gomez", "DisplayName": "Vincent Gomez", "Archive": true, "PrimarySize": "2.9 GB", "PrimaryItems": 19800, "ArchiveSize": "1.3 GB", "ArchiveItems": 8900 },
    { "Alias": "wanda.howard", "DisplayName": "Wanda Howard", "PrimarySize": "1.8 GB", "PrimaryItems": 12300 },
    { "Alias": "zrinka.makovac", "DisplayName": "Zrinka Makovac", "Archive": true, "PrimarySize": "4.2 GB", "PrimaryItems": 28600, "ArchiveSize": "3.1 GB", "ArchiveItems": 21100 },
    { "Alias": "it.admin", "DisplayName": "IT Administration", "Archive": true, "PrimarySize": "800 MB", "PrimaryItems": 5400, "ArchiveSize": "100 MB", "ArchiveItems": 700 },
    { "Alias": "former.employees", "DisplayName": "Former Employees", "RecipientTypeDetails": "SharedMailbox", "Archive": true,
      "RetentionHoldEnabled": true, "StartDateForRetentionHold": "2026-01-01T00:00:00Z", "RetentionPolicy": "Default MRM Policy",
      "PrimarySize": "12 GB", "PrimaryItems": 82000, "ArchiveSize": "20 GB", "ArchiveItems": 137000 },
    { "Alias": "legal.restore", "DisplayName": "Legal Restore", "RecipientTypeDetails": "SharedMailbox", "Archive": true,
      "PrimarySize": "300 MB", "PrimaryItems": 2000, "ArchiveSize": "0 B", "ArchiveItems": 0 },
    { "Alias": "hybrid.target", "DisplayName": "Hybrid Target", "Archive": true, "PrimarySize": "1.6 GB", "PrimaryItems": 10900, "ArchiveSize": "400 MB", "ArchiveItems": 2700 },
    { "Alias": "hybrid.synced", "DisplayName": "Hybrid Synced", "PrimarySize": "1.3 GB", "PrimaryItems": 8800 },
    { "Alias": "archive.statusnone", "DisplayName": "Archive StatusNone", "Archive": true, "PrimarySize": "2.2 GB", "PrimaryItems": 15000, "ArchiveSize": "900 MB", "ArchiveItems": 6100 },
    { "Alias": "archive.disabled", "DisplayName": "Archive Disabled", "Archive": true, "PrimarySize": "1.9 GB", "PrimaryItems": 12900, "ArchiveSize": "0 B", "ArchiveItems": 0 },
    { "Alias": "kai.carter", "DisplayName": "Kai Carter", "State": "Inactive", "WhenSoftDeleted": "2025-11-20T09:15:00Z",
      "LitigationHoldEnabled": true, "RestoreBehavior": "SkippedItemsInvestigate",
      "PrimarySize": "600 MB", "PrimaryItems": 4200, "DeletedSize": "25 MB", "DeletedItems": 170 },
    { "Alias": "nora.bauer", "DisplayName": "Nora Bauer", "State": "Inactive", "WhenSoftDeleted": "2025-06-02T14:30:00Z",
      "InPlaceHolds": ["UniH5e8c1d2a-3b4f-4a6e-9c7d-1f2e3a4b5c6d"], "RestoreBehavior": "SkippedItemsPoor",
      "PrimarySize": "450 MB", "PrimaryItems": 3100, "DeletedSize": "20 MB", "DeletedItems": 130 }
  ]
}
""";
    }
}
