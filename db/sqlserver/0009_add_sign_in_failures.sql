-- Failed sign-ins counted per user name and client address, so that a flood of wrong passwords from one
-- address locks that name for that address only (never the account for everyone), and so that an unknown
-- name is counted and locked exactly like a real one (the answers tell nothing about which names exist).
-- A row is reserved before a password is checked: at most MaxFailedSignIns checks per lock period, however
-- many attempts arrive at once. The same table as db/sqlite/0009_add_sign_in_failures.sql.
CREATE TABLE dbo.SignInFailures (
    UserName        NVARCHAR(50)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    ClientAddress   NVARCHAR(64)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    Failures        INT           NOT NULL,
    LastFailureAt   DATETIME2(3)  NOT NULL,
    LockedUntil     DATETIME2(3)  NULL,
    CONSTRAINT PK_SignInFailures PRIMARY KEY (UserName, ClientAddress)
);

CREATE INDEX IX_SignInFailures_LastFailureAt ON dbo.SignInFailures (LastFailureAt);
