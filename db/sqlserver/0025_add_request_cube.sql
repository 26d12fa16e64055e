-- Requests per town, and kept counts over every dimension of the requests summary (issue 19, issue 17 item 5).
--   Requests.TownId   the town of the request's household (a household never spans towns), copied by the insert trigger
--                     like the other copies of 0017 (never written by the application);
--   RequestTallies    as in 0017, one row per town and dimension value;
--   RequestCube       one row per town, district, month, category, prefecture and age band that has requests, with the
--                     open and closed requests: the filtered summary and its cross tables read the cells the filters
--                     keep and sum them. A cell whose counts fall to zero is removed.
-- The two triggers of 0017 on Requests are altered to keep both; the counts are rebuilt set-based here. The same as
-- db/sqlite/0025_add_request_cube.sql.
DROP INDEX IX_Requests_Summary ON dbo.Requests;

ALTER TABLE dbo.Requests ADD TownId INT NOT NULL CONSTRAINT DF_Requests_TownId DEFAULT 0;
GO

UPDATE r
   SET TownId = h.TownId
  FROM dbo.Requests r
  JOIN dbo.Households h ON h.HouseholdId = r.HouseholdId;

CREATE INDEX IX_Requests_TownId ON dbo.Requests (TownId, Status, CreatedAt);

DELETE FROM dbo.RequestTallies;
ALTER TABLE dbo.RequestTallies DROP CONSTRAINT PK_RequestTallies;
ALTER TABLE dbo.RequestTallies ADD TownId INT NOT NULL;
GO

ALTER TABLE dbo.RequestTallies ADD CONSTRAINT PK_RequestTallies PRIMARY KEY (TownId, Dimension, Value);

CREATE TABLE dbo.RequestCube (
    TownId              INT           NOT NULL,
    District            NVARCHAR(50)  NOT NULL,
    ReceivedMonth       NVARCHAR(7)   NOT NULL,
    CategoryId          INT           NOT NULL,
    PrefectureCode      INT           NOT NULL,
    AgeBand             INT           NOT NULL,
    OpenRequests        INT           NOT NULL,
    ClosedRequests      INT           NOT NULL,
    CONSTRAINT PK_RequestCube PRIMARY KEY (TownId, District, ReceivedMonth, CategoryId, PrefectureCode, AgeBand)
);

CREATE INDEX IX_RequestCube_Category ON dbo.RequestCube (TownId, CategoryId, AgeBand, PrefectureCode) INCLUDE (OpenRequests, ClosedRequests);
CREATE INDEX IX_RequestCube_Prefecture ON dbo.RequestCube (TownId, PrefectureCode, AgeBand) INCLUDE (OpenRequests, ClosedRequests);
GO

INSERT INTO dbo.RequestTallies (TownId, Dimension, Value, OpenRequests, ClosedRequests)
SELECT r.TownId, v.Dimension, v.Value, SUM(CASE WHEN r.Status < 3 THEN 1 ELSE 0 END), SUM(CASE WHEN r.Status >= 3 THEN 1 ELSE 0 END)
  FROM dbo.Requests r
 CROSS APPLY (VALUES (0, CAST(r.CategoryId AS NVARCHAR(50))), (1, r.District), (2, CAST(r.PrefectureCode AS NVARCHAR(50))),
                     (3, CAST(r.AgeBand AS NVARCHAR(50))), (4, r.ReceivedMonth)) v (Dimension, Value)
 GROUP BY r.TownId, v.Dimension, v.Value;

INSERT INTO dbo.RequestCube (TownId, District, ReceivedMonth, CategoryId, PrefectureCode, AgeBand, OpenRequests, ClosedRequests)
SELECT r.TownId, r.District, r.ReceivedMonth, r.CategoryId, r.PrefectureCode, r.AgeBand,
       SUM(CASE WHEN r.Status < 3 THEN 1 ELSE 0 END), SUM(CASE WHEN r.Status >= 3 THEN 1 ELSE 0 END)
  FROM dbo.Requests r
 GROUP BY r.TownId, r.District, r.ReceivedMonth, r.CategoryId, r.PrefectureCode, r.AgeBand;
GO

-- A new request's copies: its town, subject, month, and the subject's district, prefecture and age band at 受付. The
-- UPDATE fires TR_Requests_Tallies, which moves the counts from the defaults the insert counted it under.
ALTER TRIGGER dbo.TR_Requests_Subject ON dbo.Requests AFTER INSERT
AS
BEGIN
    SET NOCOUNT ON;
    UPDATE r
       SET SubjectResidentId = COALESCE(i.ResidentId,
               (SELECT MIN(h.ResidentId) FROM dbo.Residents h WHERE h.HouseholdId = i.HouseholdId AND h.Relationship = N'世帯主')),
           ReceivedMonth = CONVERT(NCHAR(7), DATEADD(HOUR, 9, i.CreatedAt), 126),
           TownId = COALESCE((SELECT hh.TownId FROM dbo.Households hh WHERE hh.HouseholdId = i.HouseholdId), 0)
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

ALTER TRIGGER dbo.TR_Requests_Tallies ON dbo.Requests AFTER INSERT, UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;

    -- Each changed request once as it was (-1) and once as it is (+1).
    DECLARE @c TABLE (TownId INT NOT NULL, CategoryId INT NOT NULL, District NVARCHAR(50) NOT NULL, PrefectureCode INT NOT NULL,
        AgeBand INT NOT NULL, ReceivedMonth NVARCHAR(7) NOT NULL, OpenN INT NOT NULL, ClosedN INT NOT NULL);
    INSERT INTO @c (TownId, CategoryId, District, PrefectureCode, AgeBand, ReceivedMonth, OpenN, ClosedN)
    SELECT c.TownId, c.CategoryId, c.District, c.PrefectureCode, c.AgeBand, c.ReceivedMonth,
           c.N * CASE WHEN c.Status < 3 THEN 1 ELSE 0 END, c.N * CASE WHEN c.Status >= 3 THEN 1 ELSE 0 END
      FROM (SELECT o.TownId, o.CategoryId, o.District, o.PrefectureCode, o.AgeBand, o.ReceivedMonth, CAST(o.Status AS INT) AS Status, -1 AS N
              FROM deleted o
            UNION ALL
            SELECT n.TownId, n.CategoryId, n.District, n.PrefectureCode, n.AgeBand, n.ReceivedMonth, CAST(n.Status AS INT), 1
              FROM inserted n) c;

    MERGE dbo.RequestTallies WITH (HOLDLOCK) AS t
    USING (
        SELECT c.TownId, v.Dimension, v.Value, SUM(c.OpenN) AS OpenN, SUM(c.ClosedN) AS ClosedN
          FROM @c c
         CROSS APPLY (VALUES (0, CAST(c.CategoryId AS NVARCHAR(50))), (1, c.District), (2, CAST(c.PrefectureCode AS NVARCHAR(50))),
                             (3, CAST(c.AgeBand AS NVARCHAR(50))), (4, c.ReceivedMonth)) v (Dimension, Value)
         GROUP BY c.TownId, v.Dimension, v.Value
        HAVING SUM(c.OpenN) <> 0 OR SUM(c.ClosedN) <> 0) AS s
       ON t.TownId = s.TownId AND t.Dimension = s.Dimension AND t.Value = s.Value
     WHEN MATCHED THEN UPDATE SET OpenRequests = t.OpenRequests + s.OpenN, ClosedRequests = t.ClosedRequests + s.ClosedN
     WHEN NOT MATCHED THEN INSERT (TownId, Dimension, Value, OpenRequests, ClosedRequests) VALUES (s.TownId, s.Dimension, s.Value, s.OpenN, s.ClosedN);

    MERGE dbo.RequestCube WITH (HOLDLOCK) AS t
    USING (
        SELECT c.TownId, c.District, c.ReceivedMonth, c.CategoryId, c.PrefectureCode, c.AgeBand, SUM(c.OpenN) AS OpenN, SUM(c.ClosedN) AS ClosedN
          FROM @c c
         GROUP BY c.TownId, c.District, c.ReceivedMonth, c.CategoryId, c.PrefectureCode, c.AgeBand
        HAVING SUM(c.OpenN) <> 0 OR SUM(c.ClosedN) <> 0) AS s
       ON t.TownId = s.TownId AND t.District = s.District AND t.ReceivedMonth = s.ReceivedMonth
      AND t.CategoryId = s.CategoryId AND t.PrefectureCode = s.PrefectureCode AND t.AgeBand = s.AgeBand
     WHEN MATCHED AND t.OpenRequests + s.OpenN = 0 AND t.ClosedRequests + s.ClosedN = 0 THEN DELETE
     WHEN MATCHED THEN UPDATE SET OpenRequests = t.OpenRequests + s.OpenN, ClosedRequests = t.ClosedRequests + s.ClosedN
     WHEN NOT MATCHED THEN INSERT (TownId, District, ReceivedMonth, CategoryId, PrefectureCode, AgeBand, OpenRequests, ClosedRequests)
          VALUES (s.TownId, s.District, s.ReceivedMonth, s.CategoryId, s.PrefectureCode, s.AgeBand, s.OpenN, s.ClosedN);
END
GO
