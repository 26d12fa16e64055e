-- Issue 17 (D): the intention survey's summary, kept exact in the same transaction as every change (like the
-- dashboard's, 0004/0012/0014), and generic outbound campaigns (a named set of households with a purpose).
-- The same tables, views and effects as db/sqlserver/0018_add_intention_summaries.sql.

-- The household's head (世帯主 / 本人 of the register, else the eldest member, else the lowest resident id; provisional
-- and merged residents never; deceased members still count: the register decides the head, not the status), with the
-- group keys the summary counts by: district (Households.District), the head's current prefecture code and
-- whereabouts type (as text), and the head's birth date ('yyyy-MM-dd'). '' or NULL: unknown (「不明」).
CREATE VIEW IntentionHeads AS
SELECT h.HouseholdId,
       r.ResidentId AS HeadResidentId,
       COALESCE(h.District, '') AS District,
       CAST(r.PrefectureCode AS TEXT) AS Prefecture,
       CAST(r.WhereaboutsType AS TEXT) AS Whereabouts,
       r.BirthDate AS BirthDate
  FROM Households h
  -- One index seek per household (IX_Residents_HouseholdId): a window over every resident was re-read per household.
  LEFT JOIN Residents r
    ON r.ResidentId = (SELECT m.ResidentId
                         FROM Residents m
                        WHERE m.HouseholdId = h.HouseholdId
                          AND m.IsProvisional = 0
                          AND m.MergedIntoResidentId IS NULL
                        ORDER BY CASE WHEN m.Relationship IN ('世帯主', '本人') THEN 0 ELSE 1 END,
                                 CASE WHEN m.BirthDate IS NULL THEN 1 ELSE 0 END, m.BirthDate, m.ResidentId
                        LIMIT 1);

-- Every household of the register with its head and group keys (IntentionHeads as of the last change): written by
-- IntentionSummaries.RebuildAsync (the register import, which alone inserts households) and moved by the triggers
-- below when a head's whereabouts, the head itself or the district changes.
CREATE TABLE IntentionHouseholds (
    HouseholdId         INTEGER PRIMARY KEY,
    HeadResidentId      INTEGER NULL,
    District            TEXT NOT NULL,
    Prefecture          TEXT NULL,
    Whereabouts         TEXT NULL,
    BirthDate           TEXT NULL
);

-- The keys of each household, one row per grouping: 0 the whole town (''), 1 district, 2 prefecture code, 3 whereabouts
-- type, 4 the head's birth month ('yyyy-MM'), 5 the head's birth date. The age band depends on today: the reader folds
-- months into bands and reads the days only of the months a band boundary cuts.
CREATE VIEW IntentionHouseholdKeys AS
SELECT HouseholdId, 0 AS Dimension, '' AS GroupKey FROM IntentionHouseholds
UNION ALL
SELECT HouseholdId, 1, District FROM IntentionHouseholds
UNION ALL
SELECT HouseholdId, 2, COALESCE(Prefecture, '') FROM IntentionHouseholds
UNION ALL
SELECT HouseholdId, 3, COALESCE(Whereabouts, '') FROM IntentionHouseholds
UNION ALL
SELECT HouseholdId, 4, SUBSTRING(COALESCE(BirthDate, ''), 1, 7) FROM IntentionHouseholds
UNION ALL
SELECT HouseholdId, 5, COALESCE(BirthDate, '') FROM IntentionHouseholds;

-- Households per round, grouping, key and intention. RoundId 0 with Intention 0 counts every household of the
-- register (the response rate's denominator); RoundId r with Intention i the households whose counting answer in
-- round r (HouseholdIntentions) is i.
CREATE TABLE IntentionGroupCounts (
    RoundId             INTEGER NOT NULL,
    Dimension           INTEGER NOT NULL,
    GroupKey            TEXT NOT NULL,
    Intention           INTEGER NOT NULL,
    Households          INTEGER NOT NULL,
    CONSTRAINT PK_IntentionGroupCounts PRIMARY KEY (RoundId, Dimension, GroupKey, Intention)
);

CREATE TRIGGER TR_HouseholdIntentions_Counts_Insert AFTER INSERT ON HouseholdIntentions
BEGIN
    INSERT INTO IntentionGroupCounts (RoundId, Dimension, GroupKey, Intention, Households)
    SELECT NEW.RoundId, k.Dimension, k.GroupKey, NEW.Intention, 1
      FROM IntentionHouseholdKeys k
     WHERE k.HouseholdId = NEW.HouseholdId
    ON CONFLICT (RoundId, Dimension, GroupKey, Intention) DO UPDATE SET Households = Households + 1;
END;

CREATE TRIGGER TR_HouseholdIntentions_Counts_Update AFTER UPDATE OF RoundId, HouseholdId, Intention ON HouseholdIntentions
BEGIN
    UPDATE IntentionGroupCounts SET Households = Households - 1
     WHERE RoundId = OLD.RoundId AND Intention = OLD.Intention
       AND (Dimension, GroupKey) IN (SELECT k.Dimension, k.GroupKey FROM IntentionHouseholdKeys k WHERE k.HouseholdId = OLD.HouseholdId);
    INSERT INTO IntentionGroupCounts (RoundId, Dimension, GroupKey, Intention, Households)
    SELECT NEW.RoundId, k.Dimension, k.GroupKey, NEW.Intention, 1
      FROM IntentionHouseholdKeys k
     WHERE k.HouseholdId = NEW.HouseholdId
    ON CONFLICT (RoundId, Dimension, GroupKey, Intention) DO UPDATE SET Households = Households + 1;
END;

CREATE TRIGGER TR_HouseholdIntentions_Counts_Delete AFTER DELETE ON HouseholdIntentions
BEGIN
    UPDATE IntentionGroupCounts SET Households = Households - 1
     WHERE RoundId = OLD.RoundId AND Intention = OLD.Intention
       AND (Dimension, GroupKey) IN (SELECT k.Dimension, k.GroupKey FROM IntentionHouseholdKeys k WHERE k.HouseholdId = OLD.HouseholdId);
END;

-- A household moving between groups moves its register count (RoundId 0) and its counting answer in every round.
CREATE TRIGGER TR_IntentionHouseholds_Move AFTER UPDATE ON IntentionHouseholds
BEGIN
    UPDATE IntentionGroupCounts SET Households = Households - 1
     WHERE (RoundId, Intention) IN (SELECT 0, 0 UNION ALL SELECT a.RoundId, a.Intention FROM HouseholdIntentions a WHERE a.HouseholdId = OLD.HouseholdId)
       AND (Dimension, GroupKey) IN (SELECT 1, OLD.District
                                     UNION ALL SELECT 2, COALESCE(OLD.Prefecture, '')
                                     UNION ALL SELECT 3, COALESCE(OLD.Whereabouts, '')
                                     UNION ALL SELECT 4, SUBSTRING(COALESCE(OLD.BirthDate, ''), 1, 7)
                                     UNION ALL SELECT 5, COALESCE(OLD.BirthDate, ''));
    INSERT INTO IntentionGroupCounts (RoundId, Dimension, GroupKey, Intention, Households)
    SELECT a.RoundId, k.Dimension, k.GroupKey, a.Intention, 1
      FROM (SELECT 0 AS RoundId, 0 AS Intention
            UNION ALL
            SELECT x.RoundId, x.Intention FROM HouseholdIntentions x WHERE x.HouseholdId = NEW.HouseholdId) a
     CROSS JOIN (SELECT 1 AS Dimension, NEW.District AS GroupKey
                 UNION ALL SELECT 2, COALESCE(NEW.Prefecture, '')
                 UNION ALL SELECT 3, COALESCE(NEW.Whereabouts, '')
                 UNION ALL SELECT 4, SUBSTRING(COALESCE(NEW.BirthDate, ''), 1, 7)
                 UNION ALL SELECT 5, COALESCE(NEW.BirthDate, '')) k
     WHERE true
    ON CONFLICT (RoundId, Dimension, GroupKey, Intention) DO UPDATE SET Households = Households + 1;
END;

-- The head's current whereabouts (every safety report that moves them): a look-up by key, no head search.
CREATE TRIGGER TR_Residents_IntentionWhereabouts AFTER UPDATE OF PrefectureCode, WhereaboutsType ON Residents
WHEN NEW.HouseholdId IS NOT NULL
BEGIN
    UPDATE IntentionHouseholds
       SET Prefecture = CAST(NEW.PrefectureCode AS TEXT), Whereabouts = CAST(NEW.WhereaboutsType AS TEXT)
     WHERE HouseholdId = NEW.HouseholdId
       AND HeadResidentId = NEW.ResidentId
       AND (Prefecture IS NOT CAST(NEW.PrefectureCode AS TEXT) OR Whereabouts IS NOT CAST(NEW.WhereaboutsType AS TEXT));
END;

-- A change of who may be the head (household, relationship, birth date, provisional, merged): the head is chosen again
-- in the households the resident leaves and joins.
CREATE TRIGGER TR_Residents_IntentionHead AFTER UPDATE OF HouseholdId, Relationship, BirthDate, IsProvisional, MergedIntoResidentId ON Residents
WHEN OLD.HouseholdId IS NOT NEW.HouseholdId OR OLD.Relationship IS NOT NEW.Relationship OR OLD.BirthDate IS NOT NEW.BirthDate
  OR OLD.IsProvisional IS NOT NEW.IsProvisional OR OLD.MergedIntoResidentId IS NOT NEW.MergedIntoResidentId
BEGIN
    UPDATE IntentionHouseholds
       SET (HeadResidentId, Prefecture, Whereabouts, BirthDate) =
           (SELECT v.HeadResidentId, v.Prefecture, v.Whereabouts, v.BirthDate FROM IntentionHeads v WHERE v.HouseholdId = IntentionHouseholds.HouseholdId)
     WHERE HouseholdId IN (OLD.HouseholdId, NEW.HouseholdId);
END;

CREATE TRIGGER TR_Residents_IntentionHead_Delete AFTER DELETE ON Residents
WHEN OLD.HouseholdId IS NOT NULL
BEGIN
    UPDATE IntentionHouseholds
       SET (HeadResidentId, Prefecture, Whereabouts, BirthDate) =
           (SELECT v.HeadResidentId, v.Prefecture, v.Whereabouts, v.BirthDate FROM IntentionHeads v WHERE v.HouseholdId = IntentionHouseholds.HouseholdId)
     WHERE HouseholdId = OLD.HouseholdId;
END;

CREATE TRIGGER TR_Households_IntentionDistrict AFTER UPDATE OF District ON Households
BEGIN
    UPDATE IntentionHouseholds
       SET District = COALESCE(NEW.District, '')
     WHERE HouseholdId = NEW.HouseholdId
       AND District <> COALESCE(NEW.District, '');
END;

-- Existing data.
INSERT INTO IntentionHouseholds (HouseholdId, HeadResidentId, District, Prefecture, Whereabouts, BirthDate)
SELECT HouseholdId, HeadResidentId, District, Prefecture, Whereabouts, BirthDate
  FROM IntentionHeads;

INSERT INTO IntentionGroupCounts (RoundId, Dimension, GroupKey, Intention, Households)
SELECT a.RoundId, k.Dimension, k.GroupKey, a.Intention, COUNT(*)
  FROM IntentionHouseholdKeys k
  JOIN (SELECT 0 AS RoundId, HouseholdId, 0 AS Intention FROM IntentionHouseholds
        UNION ALL
        SELECT RoundId, HouseholdId, Intention FROM HouseholdIntentions) a
    ON a.HouseholdId = k.HouseholdId
 GROUP BY a.RoundId, k.Dimension, k.GroupKey, a.Intention;

-- Outbound campaigns: a named set of households called for a purpose, on top of the safety queue. Kind says what the
-- purpose is and how a household leaves it (1 帰還意向調査: the household has a counting answer in RoundId); issue 18's
-- notices add their kinds with their own reference. EndedAt: NULL while the campaign runs.
CREATE TABLE OutboundCampaigns (
    CampaignId          INTEGER PRIMARY KEY,
    Name                TEXT NOT NULL,
    Kind                INTEGER NOT NULL,
    RoundId             INTEGER NULL REFERENCES SurveyRounds (RoundId),
    CreatedAt           TEXT NOT NULL,
    CreatedBy           INTEGER NULL REFERENCES Users (UserId),
    EndedAt             TEXT NULL
);

CREATE TABLE OutboundCampaignHouseholds (
    CampaignId          INTEGER NOT NULL REFERENCES OutboundCampaigns (CampaignId),
    HouseholdId         INTEGER NOT NULL REFERENCES Households (HouseholdId),
    CONSTRAINT PK_OutboundCampaignHouseholds PRIMARY KEY (CampaignId, HouseholdId)
);

CREATE INDEX IX_OutboundCampaignHouseholds_HouseholdId ON OutboundCampaignHouseholds (HouseholdId, CampaignId);
