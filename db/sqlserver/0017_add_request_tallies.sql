-- The requests summary (/requests/summary), kept exact in the writing transaction like the dashboard's summaries.
-- Each request carries the figures it is counted under, copied by triggers (never written by the application):
--   SubjectResidentId  the person the request is about: its resident, or for a household request the household head
--                      (続柄 世帯主, the lowest resident id) at 受付;
--   District           the subject's current 行政区 ('' when none);
--   PrefectureCode     the subject's current prefecture (Residents.PrefectureCode, -1 when unknown);
--   AgeBand            the subject's age at 受付 (Japan time) in bands 0 〜39, 1 40代, 2 50代, 3 60代, 4 70代, 5 80〜
--                      (-1 when the birth date is unknown);
--   ReceivedMonth      the month of 受付 in Japan time ('2026-03').
-- A change of a resident's district, prefecture or birth date rewrites the copies on that person's requests, and every
-- change of a request moves its count in RequestTallies: one row per dimension value (0 category, 1 district,
-- 2 prefecture, 3 age band, 4 month) with the open and closed requests, so a summary load reads about as many rows as
-- it shows. The queue filters on the same copies. The same as db/sqlite/0017_add_request_tallies.sql.
ALTER TABLE dbo.Requests ADD
    SubjectResidentId   INT           NULL CONSTRAINT FK_Requests_SubjectResidents REFERENCES dbo.Residents (ResidentId),
    District            NVARCHAR(50)  NOT NULL CONSTRAINT DF_Requests_District DEFAULT N'',
    PrefectureCode      INT           NOT NULL CONSTRAINT DF_Requests_PrefectureCode DEFAULT -1,
    AgeBand             INT           NOT NULL CONSTRAINT DF_Requests_AgeBand DEFAULT -1,
    ReceivedMonth       NVARCHAR(7)   NOT NULL CONSTRAINT DF_Requests_ReceivedMonth DEFAULT N'';
GO

CREATE INDEX IX_Requests_SubjectResidentId ON dbo.Requests (SubjectResidentId);
CREATE INDEX IX_Requests_District ON dbo.Requests (District, Status, CreatedAt);

CREATE TABLE dbo.RequestTallies (
    Dimension           INT           NOT NULL,
    Value               NVARCHAR(50) COLLATE Latin1_General_100_BIN2 NOT NULL,
    OpenRequests        INT           NOT NULL,
    ClosedRequests      INT           NOT NULL,
    CONSTRAINT PK_RequestTallies PRIMARY KEY (Dimension, Value)
);
GO

-- A new request's copies: its subject, month, and the subject's district, prefecture and age band at 受付. The UPDATE
-- fires TR_Requests_Tallies, which moves the count from the defaults the insert counted it under.
CREATE TRIGGER dbo.TR_Requests_Subject ON dbo.Requests AFTER INSERT
AS
BEGIN
    SET NOCOUNT ON;
    UPDATE r
       SET SubjectResidentId = COALESCE(i.ResidentId,
               (SELECT MIN(h.ResidentId) FROM dbo.Residents h WHERE h.HouseholdId = i.HouseholdId AND h.Relationship = N'世帯主')),
           ReceivedMonth = CONVERT(NCHAR(7), DATEADD(HOUR, 9, i.CreatedAt), 126)
      FROM dbo.Requests r
      JOIN inserted i ON i.RequestId = r.RequestId;

    UPDATE r
       SET District = COALESCE(s.District, N''),
           PrefectureCode = COALESCE(CAST(s.PrefectureCode AS INT), -1),
           AgeBand = CASE WHEN s.BirthDate IS NULL THEN -1
                          WHEN a.Age < 40 THEN 0 WHEN a.Age < 50 THEN 1 WHEN a.Age < 60 THEN 2
                          WHEN a.Age < 70 THEN 3 WHEN a.Age < 80 THEN 4 ELSE 5 END
      FROM dbo.Requests r
      JOIN inserted i ON i.RequestId = r.RequestId
      LEFT JOIN dbo.Residents s ON s.ResidentId = r.SubjectResidentId
     CROSS APPLY (SELECT YEAR(DATEADD(HOUR, 9, r.CreatedAt)) - YEAR(s.BirthDate)
                         - CASE WHEN CONVERT(CHAR(5), DATEADD(HOUR, 9, r.CreatedAt), 110) < CONVERT(CHAR(5), s.BirthDate, 110)
                                THEN 1 ELSE 0 END AS Age) a;
END
GO

CREATE TRIGGER dbo.TR_Requests_Tallies ON dbo.Requests AFTER INSERT, UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;

    -- Each changed request once as it was (-1) and once as it is (+1), under each of its five dimension values.
    DECLARE @d TABLE (Dimension INT NOT NULL, Value NVARCHAR(50) COLLATE Latin1_General_100_BIN2 NOT NULL,
        OpenN INT NOT NULL, ClosedN INT NOT NULL);
    INSERT INTO @d (Dimension, Value, OpenN, ClosedN)
    SELECT v.Dimension, v.Value, c.N * CASE WHEN c.Status < 3 THEN 1 ELSE 0 END, c.N * CASE WHEN c.Status >= 3 THEN 1 ELSE 0 END
      FROM (SELECT o.CategoryId, o.District, o.PrefectureCode, o.AgeBand, o.ReceivedMonth, CAST(o.Status AS INT) AS Status, -1 AS N
              FROM deleted o
            UNION ALL
            SELECT n.CategoryId, n.District, n.PrefectureCode, n.AgeBand, n.ReceivedMonth, CAST(n.Status AS INT), 1
              FROM inserted n) c
     CROSS APPLY (VALUES (0, CAST(c.CategoryId AS NVARCHAR(50))), (1, c.District), (2, CAST(c.PrefectureCode AS NVARCHAR(50))),
                         (3, CAST(c.AgeBand AS NVARCHAR(50))), (4, c.ReceivedMonth)) v (Dimension, Value);

    MERGE dbo.RequestTallies WITH (HOLDLOCK) AS t
    USING (
        SELECT d.Dimension, d.Value, SUM(d.OpenN) AS OpenN, SUM(d.ClosedN) AS ClosedN
          FROM @d d
         GROUP BY d.Dimension, d.Value
        HAVING SUM(d.OpenN) <> 0 OR SUM(d.ClosedN) <> 0) AS s
       ON t.Dimension = s.Dimension AND t.Value = s.Value
     WHEN MATCHED THEN UPDATE SET OpenRequests = t.OpenRequests + s.OpenN, ClosedRequests = t.ClosedRequests + s.ClosedN
     WHEN NOT MATCHED THEN INSERT (Dimension, Value, OpenRequests, ClosedRequests) VALUES (s.Dimension, s.Value, s.OpenN, s.ClosedN);
END
GO

-- A resident's move (district, prefecture) or corrected birth date rewrites the copies on the requests about them.
CREATE TRIGGER dbo.TR_Residents_Requests ON dbo.Residents AFTER UPDATE
AS
BEGIN
    SET NOCOUNT ON;
    IF NOT (UPDATE(District) OR UPDATE(PrefectureCode) OR UPDATE(BirthDate)) RETURN;
    UPDATE r
       SET District = COALESCE(n.District, N''),
           PrefectureCode = COALESCE(CAST(n.PrefectureCode AS INT), -1),
           AgeBand = CASE WHEN n.BirthDate IS NULL THEN -1
                          WHEN a.Age < 40 THEN 0 WHEN a.Age < 50 THEN 1 WHEN a.Age < 60 THEN 2
                          WHEN a.Age < 70 THEN 3 WHEN a.Age < 80 THEN 4 ELSE 5 END
      FROM dbo.Requests r
      JOIN inserted n ON n.ResidentId = r.SubjectResidentId
     CROSS APPLY (SELECT YEAR(DATEADD(HOUR, 9, r.CreatedAt)) - YEAR(n.BirthDate)
                         - CASE WHEN CONVERT(CHAR(5), DATEADD(HOUR, 9, r.CreatedAt), 110) < CONVERT(CHAR(5), n.BirthDate, 110)
                                THEN 1 ELSE 0 END AS Age) a;
END
GO
