-- Approval of grave statuses and inquiries under consent; the same tables, columns and indexes as
-- db/sqlserver/0006_add_approvals_and_inquiries.sql.

-- A report of 死亡 (and, by configuration, 行方不明) becomes a resident's current status only once a supervisor
-- approves it. SafetyReports stays append-only for facts: the decision about a report lives here, one row per
-- report that needed approval. State: 0 pending, 1 approved, 2 rejected.
CREATE TABLE ReportApprovals (
    ReportId            INTEGER NOT NULL PRIMARY KEY REFERENCES SafetyReports (ReportId),
    ResidentId          INTEGER NOT NULL REFERENCES Residents (ResidentId),
    State               INTEGER NOT NULL DEFAULT 0,
    RequestedAt         TEXT    NOT NULL,
    DecidedByUserId     INTEGER NULL REFERENCES Users (UserId),
    DecidedAt           TEXT    NULL,
    Evidence            TEXT    NULL,
    RejectionReason     TEXT    NULL
);

CREATE INDEX IX_ReportApprovals_State ON ReportApprovals (State, RequestedAt);
CREATE INDEX IX_ReportApprovals_ResidentId ON ReportApprovals (ResidentId, State);

-- The newest report still waiting for approval (operators see 「承認待ち: 死亡」; the dashboard counts it apart).
ALTER TABLE Residents ADD PendingReportId INTEGER NULL;
ALTER TABLE Residents ADD PendingStatus INTEGER NULL;

CREATE INDEX IX_Residents_PendingStatus ON Residents (PendingStatus);

-- 照会: someone asked about a resident. What was told follows the resident's consent (⑫⑬⑭); a message for the
-- resident (伝言, a call-back request) stays open until someone marks it handled.
-- InquirerType: 1 relative or household member, 2 acquaintance, 9 other. Disclosed: DisclosureItems flags.
CREATE TABLE Inquiries (
    InquiryId           INTEGER PRIMARY KEY,
    ResidentId          INTEGER NOT NULL REFERENCES Residents (ResidentId),
    CallId              INTEGER NULL REFERENCES Calls (CallId),
    InquirerName        TEXT    NOT NULL,
    InquirerRelation    TEXT    NULL,
    InquirerType        INTEGER NOT NULL,
    InquirerContact     TEXT    NULL,
    InquirerContactKey  TEXT    NULL,
    IdentityCheck       TEXT    NULL,
    Disclosed           INTEGER NOT NULL DEFAULT 0,
    Message             TEXT    NULL,
    MessageOpen         INTEGER NOT NULL DEFAULT 0,
    MessageHandledAt    TEXT    NULL,
    MessageHandledByUserId INTEGER NULL REFERENCES Users (UserId),
    MessageHandledNote  TEXT    NULL,
    OperatorUserId      INTEGER NULL REFERENCES Users (UserId),
    Site                TEXT    NULL,
    InquiredAt          TEXT    NOT NULL,
    Note                TEXT    NULL
);

CREATE INDEX IX_Inquiries_ResidentId ON Inquiries (ResidentId, InquiredAt);
CREATE INDEX IX_Inquiries_InquiredAt ON Inquiries (InquiredAt);
CREATE INDEX IX_Inquiries_MessageOpen ON Inquiries (MessageOpen, InquiredAt);
CREATE INDEX IX_Inquiries_InquirerContactKey ON Inquiries (InquirerContactKey);
