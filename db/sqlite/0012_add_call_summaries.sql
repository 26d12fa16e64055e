-- Call figures for the dashboard at real volume (a day of 20,000 calls, millions of reports since the disaster), kept
-- exact by triggers in the same transaction as every call and report, so that "calls today by hour" and "calls and
-- confirmations per operator in the period" read a few thousand rows at most instead of every call and report.
-- Calls and reports are only ever inserted (reports are append-only since 0008; no code updates or deletes a call),
-- so insert triggers keep the summaries exact. Days and hours are Japan time (UTC+9, no daylight saving).

-- Calls started in one hour of one day (Japan time) at one site ('' when none was recorded).
CREATE TABLE CallHours (
    Day             TEXT    NOT NULL,
    Site            TEXT    NOT NULL,
    Hour            INTEGER NOT NULL,
    Calls           INTEGER NOT NULL,
    CONSTRAINT PK_CallHours PRIMARY KEY (Day, Site, Hour)
);

-- Per operator (0 when none was recorded), day (Japan time) and site: calls started, and reports with a status other
-- than 未確認 recorded in a call (the call's site).
CREATE TABLE OperatorDays (
    Day             TEXT    NOT NULL,
    OperatorUserId  INTEGER NOT NULL,
    Site            TEXT    NOT NULL,
    Calls           INTEGER NOT NULL,
    Confirmations   INTEGER NOT NULL,
    CONSTRAINT PK_OperatorDays PRIMARY KEY (Day, OperatorUserId, Site)
);

-- The register's household total, rebuilt with ResidentCounts by the register import (DashboardSummaries.RebuildAsync),
-- the only writer of households: the start page shows it on every load without counting the households.
CREATE TABLE RegisterTotals (
    TotalsId        INTEGER NOT NULL,
    Households      INTEGER NOT NULL,
    CONSTRAINT PK_RegisterTotals PRIMARY KEY (TotalsId),
    CONSTRAINT CK_RegisterTotals_One CHECK (TotalsId = 1)
);

CREATE TRIGGER TR_Calls_Summaries_Insert AFTER INSERT ON Calls
BEGIN
    INSERT INTO CallHours (Day, Site, Hour, Calls)
    VALUES (date(NEW.StartedAt, '+9 hours'), COALESCE(NEW.Site, ''), CAST(strftime('%H', NEW.StartedAt, '+9 hours') AS INTEGER), 1)
    ON CONFLICT (Day, Site, Hour) DO UPDATE SET Calls = Calls + 1;
    INSERT INTO OperatorDays (Day, OperatorUserId, Site, Calls, Confirmations)
    VALUES (date(NEW.StartedAt, '+9 hours'), COALESCE(NEW.OperatorUserId, 0), COALESCE(NEW.Site, ''), 1, 0)
    ON CONFLICT (Day, OperatorUserId, Site) DO UPDATE SET Calls = Calls + 1;
END;

CREATE TRIGGER TR_SafetyReports_Summaries_Insert AFTER INSERT ON SafetyReports
WHEN NEW.Status <> 0 AND NEW.CallId IS NOT NULL
BEGIN
    INSERT INTO OperatorDays (Day, OperatorUserId, Site, Calls, Confirmations)
    SELECT date(NEW.RecordedAt, '+9 hours'), COALESCE(NEW.OperatorUserId, 0), COALESCE(c.Site, ''), 0, 1
      FROM Calls c
     WHERE c.CallId = NEW.CallId
    ON CONFLICT (Day, OperatorUserId, Site) DO UPDATE SET Confirmations = Confirmations + 1;
END;

-- Existing data (a database created before this script).
INSERT INTO CallHours (Day, Site, Hour, Calls)
SELECT date(StartedAt, '+9 hours'), COALESCE(Site, ''), CAST(strftime('%H', StartedAt, '+9 hours') AS INTEGER), COUNT(*)
  FROM Calls
 GROUP BY date(StartedAt, '+9 hours'), COALESCE(Site, ''), CAST(strftime('%H', StartedAt, '+9 hours') AS INTEGER);

INSERT INTO OperatorDays (Day, OperatorUserId, Site, Calls, Confirmations)
SELECT Day, OperatorUserId, Site, SUM(Calls), SUM(Confirmations)
  FROM (SELECT date(StartedAt, '+9 hours') AS Day, COALESCE(OperatorUserId, 0) AS OperatorUserId, COALESCE(Site, '') AS Site,
               1 AS Calls, 0 AS Confirmations
          FROM Calls
        UNION ALL
        SELECT date(r.RecordedAt, '+9 hours'), COALESCE(r.OperatorUserId, 0), COALESCE(c.Site, ''), 0, 1
          FROM SafetyReports r
          JOIN Calls c ON c.CallId = r.CallId
         WHERE r.Status <> 0) AS a
 GROUP BY Day, OperatorUserId, Site;

INSERT INTO RegisterTotals (TotalsId, Households)
SELECT 1, COUNT(*)
  FROM Households;
