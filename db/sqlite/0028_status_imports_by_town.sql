-- Issue 19 (A): the status-list review queue per town. A status list is imported into one town (its lines are matched
-- against that town's register only), so each import records its town, and the review queue shows, counts and lets a
-- reviewer act on the lines of the reviewer's towns only. Existing imports are town 1's (the only register before
-- issue 19) — unless the database already holds several towns: then an import takes the town of a resident one of its
-- lines was matched to (or, for a list whose lines all wait, of a line's first candidate), since matching was already
-- per town. The same column and index as db/sqlserver/0028_status_imports_by_town.sql.

ALTER TABLE StatusImports ADD COLUMN TownId INTEGER NOT NULL DEFAULT 1 REFERENCES Towns (TownId);

UPDATE StatusImports
   SET TownId = COALESCE(
           (SELECT MIN(res.TownId)
              FROM StatusImportRows r
              JOIN Residents res ON res.ResidentId = r.ResidentId
             WHERE r.StatusImportId = StatusImports.StatusImportId
               AND r.MatchState = 1),
           (SELECT MIN(res.TownId)
              FROM StatusImportRows r
              JOIN Residents res ON res.ResidentId = CAST(substr(r.CandidateIds, 1, instr(r.CandidateIds || ',', ',') - 1) AS INTEGER)
             WHERE r.StatusImportId = StatusImports.StatusImportId
               AND r.CandidateIds IS NOT NULL),
           1)
 WHERE (SELECT COUNT(*) FROM Towns) > 1;

CREATE INDEX IX_StatusImports_TownId ON StatusImports (TownId, StatusImportId);
