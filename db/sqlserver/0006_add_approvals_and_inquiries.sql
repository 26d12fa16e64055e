-- Approval of grave statuses and inquiries under consent; the same tables, columns and indexes as
-- db/sqlite/0006_add_approvals_and_inquiries.sql.

-- A report of 死亡 (and, by configuration, 行方不明) becomes a resident's current status only once a supervisor
-- approves it. SafetyReports stays append-only for facts: the decision about a report lives here, one row per
-- report that needed approval. State: 0 pending, 1 approved, 2 rejected.
CREATE TABLE dbo.ReportApprovals (
    ReportId            BIGINT        NOT NULL CONSTRAINT PK_ReportApprovals PRIMARY KEY
                                      CONSTRAINT FK_ReportApprovals_SafetyReports REFERENCES dbo.SafetyReports (ReportId),
    ResidentId          INT           NOT NULL CONSTRAINT FK_ReportApprovals_Residents REFERENCES dbo.Residents (ResidentId),
    State               TINYINT       NOT NULL CONSTRAINT DF_ReportApprovals_State DEFAULT 0,
    RequestedAt         DATETIME2(3)  NOT NULL,
    DecidedByUserId     INT           NULL CONSTRAINT FK_ReportApprovals_Users REFERENCES dbo.Users (UserId),
    DecidedAt           DATETIME2(3)  NULL,
    Evidence            NVARCHAR(500) NULL,
    RejectionReason     NVARCHAR(500) NULL
);

CREATE INDEX IX_ReportApprovals_State ON dbo.ReportApprovals (State, RequestedAt);
CREATE INDEX IX_ReportApprovals_ResidentId ON dbo.ReportApprovals (ResidentId, State);

-- The newest report still waiting for approval (operators see 「承認待ち: 死亡」; the dashboard counts it apart).
ALTER TABLE dbo.Residents ADD PendingReportId BIGINT NULL, PendingStatus TINYINT NULL;
GO

CREATE INDEX IX_Residents_PendingStatus ON dbo.Residents (PendingStatus);

-- 照会: someone asked about a resident. What was told follows the resident's consent (⑫⑬⑭); a message for the
-- resident (伝言, a call-back request) stays open until someone marks it handled.
-- InquirerType: 1 relative or household member, 2 acquaintance, 9 other. Disclosed: DisclosureItems flags.
CREATE TABLE dbo.Inquiries (
    InquiryId           BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT PK_Inquiries PRIMARY KEY,
    ResidentId          INT           NOT NULL CONSTRAINT FK_Inquiries_Residents REFERENCES dbo.Residents (ResidentId),
    CallId              BIGINT        NULL CONSTRAINT FK_Inquiries_Calls REFERENCES dbo.Calls (CallId),
    InquirerName        NVARCHAR(100) NOT NULL,
    InquirerRelation    NVARCHAR(50)  NULL,
    InquirerType        TINYINT       NOT NULL,
    InquirerContact     NVARCHAR(50)  NULL,
    InquirerContactKey  NVARCHAR(20)  COLLATE Latin1_General_100_BIN2 NULL,
    IdentityCheck       NVARCHAR(200) NULL,
    Disclosed           INT           NOT NULL CONSTRAINT DF_Inquiries_Disclosed DEFAULT 0,
    Message             NVARCHAR(1000) NULL,
    MessageOpen         BIT           NOT NULL CONSTRAINT DF_Inquiries_MessageOpen DEFAULT 0,
    MessageHandledAt    DATETIME2(3)  NULL,
    MessageHandledByUserId INT        NULL CONSTRAINT FK_Inquiries_HandledBy REFERENCES dbo.Users (UserId),
    MessageHandledNote  NVARCHAR(500) NULL,
    OperatorUserId      INT           NULL CONSTRAINT FK_Inquiries_Users REFERENCES dbo.Users (UserId),
    Site                NVARCHAR(50)  NULL,
    InquiredAt          DATETIME2(3)  NOT NULL,
    Note                NVARCHAR(2000) NULL
);

CREATE INDEX IX_Inquiries_ResidentId ON dbo.Inquiries (ResidentId, InquiredAt);
CREATE INDEX IX_Inquiries_InquiredAt ON dbo.Inquiries (InquiredAt);
CREATE INDEX IX_Inquiries_MessageOpen ON dbo.Inquiries (MessageOpen, InquiredAt);
CREATE INDEX IX_Inquiries_InquirerContactKey ON dbo.Inquiries (InquirerContactKey);
