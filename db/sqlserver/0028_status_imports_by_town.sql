-- Issue 19 (A): the status-list review queue per town. A status list is imported into one town (its lines are matched
-- against that town's register only), so each import records its town, and the review queue shows, counts and lets a
-- reviewer act on the lines of the reviewer's towns only. Existing imports are town 1's (the only register before
-- issue 19) — unless the database already holds several towns: then an import takes the town of a resident one of its
-- lines was matched to (or, for a list whose lines all wait, of a line's first candidate), since matching was already
-- per town. The same column and index as db/sqlite/0028_status_imports_by_town.sql.
ALTER TABLE dbo.StatusImports ADD TownId INT NOT NULL CONSTRAINT DF_StatusImports_TownId DEFAULT 1
    CONSTRAINT FK_StatusImports_Towns REFERENCES dbo.Towns (TownId);
GO

UPDATE i
   SET i.TownId = COALESCE(
           (SELECT MIN(res.TownId)
              FROM dbo.StatusImportRows r
              JOIN dbo.Residents res ON res.ResidentId = r.ResidentId
             WHERE r.StatusImportId = i.StatusImportId
               AND r.MatchState = 1),
           (SELECT MIN(res.TownId)
              FROM dbo.StatusImportRows r
              JOIN dbo.Residents res ON res.ResidentId = TRY_CAST(LEFT(r.CandidateIds, CHARINDEX(',', r.CandidateIds + ',') - 1) AS INT)
             WHERE r.StatusImportId = i.StatusImportId
               AND r.CandidateIds IS NOT NULL),
           1)
  FROM dbo.StatusImports i
 WHERE (SELECT COUNT(*) FROM dbo.Towns) > 1;

ALTER TABLE dbo.StatusImports DROP CONSTRAINT DF_StatusImports_TownId;

CREATE INDEX IX_StatusImports_TownId ON dbo.StatusImports (TownId, StatusImportId);
GO
