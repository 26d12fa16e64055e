-- Call figures for the dashboard at real volume, kept exact by triggers in the same transaction as every call and
-- report. The same tables as db/sqlite/0012_add_call_summaries.sql. Days and hours are Japan time (UTC+9).

-- Calls started in one hour of one day (Japan time) at one site (N'' when none was recorded).
CREATE TABLE dbo.CallHours (
    Day             DATE         NOT NULL,
    Site            NVARCHAR(50) COLLATE Latin1_General_100_BIN2 NOT NULL,
    Hour            INT          NOT NULL,
    Calls           INT          NOT NULL,
    CONSTRAINT PK_CallHours PRIMARY KEY (Day, Site, Hour)
);

-- Per operator (0 when none was recorded), day (Japan time) and site: calls started, and reports with a status other
-- than 未確認 recorded in a call (the call's site).
CREATE TABLE dbo.OperatorDays (
    Day             DATE         NOT NULL,
    OperatorUserId  INT          NOT NULL,
    Site            NVARCHAR(50) COLLATE Latin1_General_100_BIN2 NOT NULL,
    Calls           INT          NOT NULL,
    Confirmations   INT          NOT NULL,
    CONSTRAINT PK_OperatorDays PRIMARY KEY (Day, OperatorUserId, Site)
);

-- The register's household total, rebuilt with ResidentCounts by the register import (DashboardSummaries.RebuildAsync).
CREATE TABLE dbo.RegisterTotals (
    TotalsId        INT          NOT NULL,
    Households      INT          NOT NULL,
    CONSTRAINT PK_RegisterTotals PRIMARY KEY (TotalsId),
    CONSTRAINT CK_RegisterTotals_One CHECK (TotalsId = 1)
);
GO

CREATE TRIGGER dbo.TR_Calls_Summaries ON dbo.Calls AFTER INSERT
AS
BEGIN
    SET NOCOUNT ON;

    MERGE dbo.CallHours WITH (HOLDLOCK) AS t
    USING (
        SELECT CAST(DATEADD(HOUR, 9, n.StartedAt) AS DATE) AS Day, COALESCE(n.Site, N'') AS Site,
               DATEPART(HOUR, DATEADD(HOUR, 9, n.StartedAt)) AS Hour, COUNT(*) AS N
          FROM inserted n
         GROUP BY CAST(DATEADD(HOUR, 9, n.StartedAt) AS DATE), COALESCE(n.Site, N''), DATEPART(HOUR, DATEADD(HOUR, 9, n.StartedAt))) AS s
       ON t.Day = s.Day AND t.Site = s.Site AND t.Hour = s.Hour
     WHEN MATCHED THEN UPDATE SET Calls = t.Calls + s.N
     WHEN NOT MATCHED THEN INSERT (Day, Site, Hour, Calls) VALUES (s.Day, s.Site, s.Hour, s.N);

    MERGE dbo.OperatorDays WITH (HOLDLOCK) AS t
    USING (
        SELECT CAST(DATEADD(HOUR, 9, n.StartedAt) AS DATE) AS Day, COALESCE(n.OperatorUserId, 0) AS OperatorUserId,
               COALESCE(n.Site, N'') AS Site, COUNT(*) AS N
          FROM inserted n
         GROUP BY CAST(DATEADD(HOUR, 9, n.StartedAt) AS DATE), COALESCE(n.OperatorUserId, 0), COALESCE(n.Site, N'')) AS s
       ON t.Day = s.Day AND t.OperatorUserId = s.OperatorUserId AND t.Site = s.Site
     WHEN MATCHED THEN UPDATE SET Calls = t.Calls + s.N
     WHEN NOT MATCHED THEN INSERT (Day, OperatorUserId, Site, Calls, Confirmations) VALUES (s.Day, s.OperatorUserId, s.Site, s.N, 0);
END
GO

CREATE TRIGGER dbo.TR_SafetyReports_Summaries ON dbo.SafetyReports AFTER INSERT
AS
BEGIN
    SET NOCOUNT ON;

    MERGE dbo.OperatorDays WITH (HOLDLOCK) AS t
    USING (
        SELECT CAST(DATEADD(HOUR, 9, n.RecordedAt) AS DATE) AS Day, COALESCE(n.OperatorUserId, 0) AS OperatorUserId,
               COALESCE(c.Site, N'') AS Site, COUNT(*) AS N
          FROM inserted n
          JOIN dbo.Calls c ON c.CallId = n.CallId
         WHERE n.Status <> 0
         GROUP BY CAST(DATEADD(HOUR, 9, n.RecordedAt) AS DATE), COALESCE(n.OperatorUserId, 0), COALESCE(c.Site, N'')) AS s
       ON t.Day = s.Day AND t.OperatorUserId = s.OperatorUserId AND t.Site = s.Site
     WHEN MATCHED THEN UPDATE SET Confirmations = t.Confirmations + s.N
     WHEN NOT MATCHED THEN INSERT (Day, OperatorUserId, Site, Calls, Confirmations) VALUES (s.Day, s.OperatorUserId, s.Site, 0, s.N);
END
GO

-- Existing data (a database created before this script).
INSERT INTO dbo.CallHours (Day, Site, Hour, Calls)
SELECT CAST(DATEADD(HOUR, 9, StartedAt) AS DATE), COALESCE(Site, N''), DATEPART(HOUR, DATEADD(HOUR, 9, StartedAt)), COUNT(*)
  FROM dbo.Calls
 GROUP BY CAST(DATEADD(HOUR, 9, StartedAt) AS DATE), COALESCE(Site, N''), DATEPART(HOUR, DATEADD(HOUR, 9, StartedAt));

INSERT INTO dbo.OperatorDays (Day, OperatorUserId, Site, Calls, Confirmations)
SELECT a.Day, a.OperatorUserId, a.Site, SUM(a.Calls), SUM(a.Confirmations)
  FROM (SELECT CAST(DATEADD(HOUR, 9, StartedAt) AS DATE) AS Day, COALESCE(OperatorUserId, 0) AS OperatorUserId,
               COALESCE(Site, N'') AS Site, 1 AS Calls, 0 AS Confirmations
          FROM dbo.Calls
        UNION ALL
        SELECT CAST(DATEADD(HOUR, 9, r.RecordedAt) AS DATE), COALESCE(r.OperatorUserId, 0), COALESCE(c.Site, N''), 0, 1
          FROM dbo.SafetyReports r
          JOIN dbo.Calls c ON c.CallId = r.CallId
         WHERE r.Status <> 0) AS a
 GROUP BY a.Day, a.OperatorUserId, a.Site;

INSERT INTO dbo.RegisterTotals (TotalsId, Households)
SELECT 1, COUNT(*)
  FROM dbo.Households;
