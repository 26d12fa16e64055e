-- Outbound calling (発信): a queue of households built from rules, claims so that no two operators call the same
-- household at once, call attempts with their outcomes, numbers found wrong, and district and list assignments.
-- The same tables, columns and indexes as db/sqlserver/0007_add_outbound.sql.

-- The worklist as last built from the rules (rebuilt set-based, never row by row): one row per household that
-- needs a call. Priority 1 unconfirmed with a priority reason, 2 unconfirmed, 3 re-confirmation with a reason,
-- 4 re-confirmation, 9 no known number. Reasons is a bit set (1 vulnerable, 2 old, 4 alone, 8 infant).
CREATE TABLE OutboundQueue (
    HouseholdId     INTEGER NOT NULL PRIMARY KEY REFERENCES Households (HouseholdId),
    Priority        INTEGER NOT NULL,
    Reasons         INTEGER NOT NULL,
    District        TEXT    NULL,
    Tries           INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX IX_OutboundQueue_Priority ON OutboundQueue (Priority, Tries, HouseholdId);
CREATE INDEX IX_OutboundQueue_District ON OutboundQueue (District, Priority, Tries, HouseholdId);

-- What the calling has done to a household so far (kept across rebuilds of the queue).
-- Escalation: 0 none, 1 every number tried K times, 2 every number wrong or out of service (要対応).
CREATE TABLE OutboundHouseholds (
    HouseholdId     INTEGER NOT NULL PRIMARY KEY REFERENCES Households (HouseholdId),
    Attempts        INTEGER NOT NULL DEFAULT 0,
    LastAttemptAt   TEXT    NULL,
    LastOutcome     INTEGER NULL,
    NextAttemptAt   TEXT    NULL,
    CallbackAt      TEXT    NULL,
    CallbackUserId  INTEGER NULL REFERENCES Users (UserId),
    Escalation      INTEGER NOT NULL DEFAULT 0,
    EscalatedAt     TEXT    NULL,
    IsRefused       INTEGER NOT NULL DEFAULT 0,
    CountFrom       TEXT    NULL,
    UpdatedAt       TEXT    NOT NULL
);

CREATE INDEX IX_OutboundHouseholds_CallbackAt ON OutboundHouseholds (CallbackAt);
CREATE INDEX IX_OutboundHouseholds_Escalation ON OutboundHouseholds (Escalation, EscalatedAt);

-- Who is calling a household right now. The primary key is what makes a claim exclusive: a second claim of the
-- same household is an insert that fails. A row whose ExpiresAt has passed is free to be taken over.
CREATE TABLE OutboundClaims (
    HouseholdId     INTEGER NOT NULL PRIMARY KEY REFERENCES Households (HouseholdId),
    UserId          INTEGER NOT NULL REFERENCES Users (UserId),
    Site            TEXT    NULL,
    ClaimedAt       TEXT    NOT NULL,
    ExpiresAt       TEXT    NOT NULL
);

CREATE INDEX IX_OutboundClaims_UserId ON OutboundClaims (UserId, ExpiresAt);
CREATE INDEX IX_OutboundClaims_ExpiresAt ON OutboundClaims (ExpiresAt);

-- Append-only: one row per number dialed.
CREATE TABLE OutboundAttempts (
    AttemptId       INTEGER PRIMARY KEY,
    HouseholdId     INTEGER NOT NULL REFERENCES Households (HouseholdId),
    Phone           TEXT    NOT NULL,
    PhoneKey        TEXT    NOT NULL,
    Outcome         INTEGER NOT NULL,
    CallbackAt      TEXT    NULL,
    UserId          INTEGER NULL REFERENCES Users (UserId),
    Site            TEXT    NULL,
    AttemptedAt     TEXT    NOT NULL,
    Note            TEXT    NULL
);

CREATE INDEX IX_OutboundAttempts_HouseholdId ON OutboundAttempts (HouseholdId, AttemptedAt);
CREATE INDEX IX_OutboundAttempts_AttemptedAt ON OutboundAttempts (AttemptedAt, Outcome);

-- Numbers found wrong (番号違い) or out of service (不通) for a household: skipped from then on.
CREATE TABLE OutboundBadNumbers (
    HouseholdId     INTEGER NOT NULL REFERENCES Households (HouseholdId),
    PhoneKey        TEXT    NOT NULL,
    Outcome         INTEGER NOT NULL,
    UserId          INTEGER NULL REFERENCES Users (UserId),
    MarkedAt        TEXT    NOT NULL,
    CONSTRAINT PK_OutboundBadNumbers PRIMARY KEY (HouseholdId, PhoneKey)
);

-- A district given to an operator or a site: its households go only to them, and before anything else.
CREATE TABLE OutboundAssignments (
    AssignmentId    INTEGER PRIMARY KEY,
    District        TEXT    NOT NULL,
    UserId          INTEGER NULL REFERENCES Users (UserId),
    Site            TEXT    NULL,
    CreatedAt       TEXT    NOT NULL,
    CreatedBy       TEXT    NULL
);

CREATE INDEX IX_OutboundAssignments_District ON OutboundAssignments (District);

-- A list of households (a 仮設住宅 block, a shelter's list) given to an operator or a site: one row per household, so
-- a household is on one list at most (assigning it to another list moves it). A household on a list goes only to the
-- list's operator or site, before anything else, whatever its district's assignment says.
CREATE TABLE OutboundListAssignments (
    HouseholdId     INTEGER NOT NULL PRIMARY KEY REFERENCES Households (HouseholdId),
    ListName        TEXT    NOT NULL,
    UserId          INTEGER NULL REFERENCES Users (UserId),
    Site            TEXT    NULL,
    CreatedAt       TEXT    NOT NULL,
    CreatedBy       TEXT    NULL
);

CREATE INDEX IX_OutboundListAssignments_ListName ON OutboundListAssignments (ListName);
CREATE INDEX IX_OutboundListAssignments_UserId ON OutboundListAssignments (UserId);
CREATE INDEX IX_OutboundListAssignments_Site ON OutboundListAssignments (Site);
