-- Issue 17 (D): the intention survey's summary, kept exact in the same transaction as every change (like the
-- dashboard's, 0004/0012/0014), and generic outbound campaigns (a named set of households with a purpose).
-- The same tables, views and effects as db/sqlite/0018_add_intention_summaries.sql (set-based triggers here).

-- The household's head (世帯主 / 本人 of the register, else the eldest member, else the lowest resident id; provisional
-- and merged residents never; deceased members still count), with the group keys the summary counts by (as text;
-- NULL: unknown).
CREATE VIEW dbo.IntentionHeads AS
SELECT h.HouseholdId,
       r.ResidentId AS HeadResidentId,
       COALESCE(h.District, N'') AS District,
       CAST(r.PrefectureCode AS NVARCHAR(10)) AS Prefecture,
       CAST(r.WhereaboutsType AS NVARCHAR(10)) AS Whereabouts,
       CONVERT(NVARCHAR(10), r.BirthDate, 23) AS BirthDate
  FROM dbo.Households h
 OUTER APPLY (SELECT TOP (1) m.ResidentId, m.PrefectureCode, m.WhereaboutsType, m.BirthDate
                FROM dbo.Residents m
               WHERE m.HouseholdId = h.HouseholdId
                 AND m.IsProvisional = 0
                 AND m.MergedIntoResidentId IS NULL
               ORDER BY CASE WHEN m.Relationship IN (N'世帯主', N'本人') THEN 0 ELSE 1 END,
                        CASE WHEN m.BirthDate IS NULL THEN 1 ELSE 0 END, m.BirthDate, m.ResidentId) r;
GO

-- Every household of the register with its head and group keys: written by IntentionSummaries.RebuildAsync (the
-- register import) and moved by the triggers below.
CREATE TABLE dbo.IntentionHouseholds (
    HouseholdId         INT           NOT NULL CONSTRAINT PK_IntentionHouseholds PRIMARY KEY,
    HeadResidentId      INT           NULL,
    District            NVARCHAR(50)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    Prefecture          NVARCHAR(10)  COLLATE Latin1_General_100_BIN2 NULL,
    Whereabouts         NVARCHAR(10)  COLLATE Latin1_General_100_BIN2 NULL,
    BirthDate           NVARCHAR(10)  COLLATE Latin1_General_100_BIN2 NULL
);
GO

-- The keys of each household, one row per grouping: 0 town, 1 district, 2 prefecture, 3 whereabouts type, 4 the head's
-- birth month, 5 the head's birth date.
CREATE VIEW dbo.IntentionHouseholdKeys AS
SELECT HouseholdId, 0 AS Dimension, CAST(N'' AS NVARCHAR(50)) COLLATE Latin1_General_100_BIN2 AS GroupKey FROM dbo.IntentionHouseholds
UNION ALL
SELECT HouseholdId, 1, District FROM dbo.IntentionHouseholds
UNION ALL
SELECT HouseholdId, 2, COALESCE(Prefecture, N'') FROM dbo.IntentionHouseholds
UNION ALL
SELECT HouseholdId, 3, COALESCE(Whereabouts, N'') FROM dbo.IntentionHouseholds
UNION ALL
SELECT HouseholdId, 4, SUBSTRING(COALESCE(BirthDate, N''), 1, 7) FROM dbo.IntentionHouseholds
UNION ALL
SELECT HouseholdId, 5, COALESCE(BirthDate, N'') FROM dbo.IntentionHouseholds;
GO

-- Households per round, grouping, key and intention (RoundId 0 / Intention 0: every household of the register).
CREATE TABLE dbo.IntentionGroupCounts (
    RoundId             INT           NOT NULL,
    Dimension           INT           NOT NULL,
    GroupKey            NVARCHAR(50)  COLLATE Latin1_General_100_BIN2 NOT NULL,
    Intention           INT           NOT NULL,
    Households          INT           NOT NULL,
    CONSTRAINT PK_IntentionGroupCounts PRIMARY KEY (RoundId, Dimension, GroupKey, Intention)
);
GO

CREATE TRIGGER dbo.TR_HouseholdIntentions_Counts ON dbo.HouseholdIntentions AFTER INSERT, UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    MERGE dbo.IntentionGroupCounts WITH (HOLDLOCK) AS t
    USING (
        SELECT d.RoundId, k.Dimension, k.GroupKey, d.Intention, SUM(d.N) AS N
          FROM (SELECT o.RoundId, o.HouseholdId, CAST(o.Intention AS INT) AS Intention, -1 AS N FROM deleted o
                UNION ALL
                SELECT n.RoundId, n.HouseholdId, CAST(n.Intention AS INT), 1 FROM inserted n) d
          JOIN dbo.IntentionHouseholdKeys k ON k.HouseholdId = d.HouseholdId
         GROUP BY d.RoundId, k.Dimension, k.GroupKey, d.Intention
        HAVING SUM(d.N) <> 0) AS s
       ON t.RoundId = s.RoundId AND t.Dimension = s.Dimension AND t.GroupKey = s.GroupKey AND t.Intention = s.Intention
     WHEN MATCHED THEN UPDATE SET Households = t.Households + s.N
     WHEN NOT MATCHED THEN INSERT (RoundId, Dimension, GroupKey, Intention, Households)
                           VALUES (s.RoundId, s.Dimension, s.GroupKey, s.Intention, s.N);
END
GO

-- A household moving between groups moves its register count (RoundId 0) and its counting answer in every round.
CREATE TRIGGER dbo.TR_IntentionHouseholds_Move ON dbo.IntentionHouseholds AFTER UPDATE
AS
BEGIN
    SET NOCOUNT ON;
    MERGE dbo.IntentionGroupCounts WITH (HOLDLOCK) AS t
    USING (
        SELECT a.RoundId, k.Dimension, k.GroupKey, a.Intention, SUM(k.N) AS N
          FROM (SELECT o.HouseholdId, -1 AS N, v.Dimension, v.GroupKey
                  FROM deleted o
                 CROSS APPLY (VALUES (1, o.District), (2, COALESCE(o.Prefecture, N'')), (3, COALESCE(o.Whereabouts, N'')),
                                     (4, SUBSTRING(COALESCE(o.BirthDate, N''), 1, 7)), (5, COALESCE(o.BirthDate, N''))) v (Dimension, GroupKey)
                UNION ALL
                SELECT n.HouseholdId, 1, v.Dimension, v.GroupKey
                  FROM inserted n
                 CROSS APPLY (VALUES (1, n.District), (2, COALESCE(n.Prefecture, N'')), (3, COALESCE(n.Whereabouts, N'')),
                                     (4, SUBSTRING(COALESCE(n.BirthDate, N''), 1, 7)), (5, COALESCE(n.BirthDate, N''))) v (Dimension, GroupKey)) k
          JOIN (SELECT x.HouseholdId, 0 AS RoundId, 0 AS Intention FROM inserted x
                UNION ALL
                SELECT a.HouseholdId, a.RoundId, CAST(a.Intention AS INT) FROM dbo.HouseholdIntentions a
                 WHERE a.HouseholdId IN (SELECT y.HouseholdId FROM inserted y)) a
            ON a.HouseholdId = k.HouseholdId
         GROUP BY a.RoundId, k.Dimension, k.GroupKey, a.Intention
        HAVING SUM(k.N) <> 0) AS s
       ON t.RoundId = s.RoundId AND t.Dimension = s.Dimension AND t.GroupKey = s.GroupKey AND t.Intention = s.Intention
     WHEN MATCHED THEN UPDATE SET Households = t.Households + s.N
     WHEN NOT MATCHED THEN INSERT (RoundId, Dimension, GroupKey, Intention, Households)
                           VALUES (s.RoundId, s.Dimension, s.GroupKey, s.Intention, s.N);
END
GO

-- The head's current whereabouts, and who may be the head: the households a changed or deleted resident belongs to
-- (or belonged to) take their head and keys again from IntentionHeads, when something the head depends on changed.
CREATE TRIGGER dbo.TR_Residents_IntentionHeads ON dbo.Residents AFTER UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    IF EXISTS (SELECT 1 FROM inserted)
       AND NOT (UPDATE(HouseholdId) OR UPDATE(Relationship) OR UPDATE(BirthDate) OR UPDATE(IsProvisional)
                OR UPDATE(MergedIntoResidentId) OR UPDATE(PrefectureCode) OR UPDATE(WhereaboutsType))
        RETURN;
    UPDATE ih
       SET HeadResidentId = v.HeadResidentId, Prefecture = v.Prefecture, Whereabouts = v.Whereabouts, BirthDate = v.BirthDate
      FROM dbo.IntentionHouseholds ih
      JOIN dbo.IntentionHeads v ON v.HouseholdId = ih.HouseholdId
     WHERE ih.HouseholdId IN (SELECT o.HouseholdId FROM deleted o UNION SELECT n.HouseholdId FROM inserted n)
       AND (EXISTS (SELECT ih.HeadResidentId, ih.Prefecture, ih.Whereabouts, ih.BirthDate
                    EXCEPT
                    SELECT v.HeadResidentId, v.Prefecture, v.Whereabouts, v.BirthDate));
END
GO

CREATE TRIGGER dbo.TR_Households_IntentionDistrict ON dbo.Households AFTER UPDATE
AS
BEGIN
    SET NOCOUNT ON;
    IF NOT UPDATE(District)
        RETURN;
    UPDATE ih
       SET District = COALESCE(n.District, N'')
      FROM dbo.IntentionHouseholds ih
      JOIN inserted n ON n.HouseholdId = ih.HouseholdId
     WHERE ih.District <> COALESCE(n.District, N'') COLLATE Latin1_General_100_BIN2;
END
GO

-- Existing data.
INSERT INTO dbo.IntentionHouseholds (HouseholdId, HeadResidentId, District, Prefecture, Whereabouts, BirthDate)
SELECT HouseholdId, HeadResidentId, District, Prefecture, Whereabouts, BirthDate
  FROM dbo.IntentionHeads;

INSERT INTO dbo.IntentionGroupCounts (RoundId, Dimension, GroupKey, Intention, Households)
SELECT a.RoundId, k.Dimension, k.GroupKey, a.Intention, COUNT(*)
  FROM dbo.IntentionHouseholdKeys k
  JOIN (SELECT 0 AS RoundId, HouseholdId, 0 AS Intention FROM dbo.IntentionHouseholds
        UNION ALL
        SELECT RoundId, HouseholdId, CAST(Intention AS INT) FROM dbo.HouseholdIntentions) a
    ON a.HouseholdId = k.HouseholdId
 GROUP BY a.RoundId, k.Dimension, k.GroupKey, a.Intention;

-- Outbound campaigns: a named set of households called for a purpose (Kind 1 帰還意向調査: RoundId; issue 18 adds its
-- kinds), on top of the safety queue. EndedAt: NULL while the campaign runs.
CREATE TABLE dbo.OutboundCampaigns (
    CampaignId          INT IDENTITY(1,1) NOT NULL CONSTRAINT PK_OutboundCampaigns PRIMARY KEY,
    Name                NVARCHAR(100) NOT NULL,
    Kind                INT           NOT NULL,
    RoundId             INT           NULL CONSTRAINT FK_OutboundCampaigns_SurveyRounds REFERENCES dbo.SurveyRounds (RoundId),
    CreatedAt           DATETIME2(3)  NOT NULL,
    CreatedBy           INT           NULL CONSTRAINT FK_OutboundCampaigns_Users REFERENCES dbo.Users (UserId),
    EndedAt             DATETIME2(3)  NULL
);

CREATE TABLE dbo.OutboundCampaignHouseholds (
    CampaignId          INT           NOT NULL CONSTRAINT FK_OutboundCampaignHouseholds_OutboundCampaigns REFERENCES dbo.OutboundCampaigns (CampaignId),
    HouseholdId         INT           NOT NULL CONSTRAINT FK_OutboundCampaignHouseholds_Households REFERENCES dbo.Households (HouseholdId),
    CONSTRAINT PK_OutboundCampaignHouseholds PRIMARY KEY (CampaignId, HouseholdId)
);

CREATE INDEX IX_OutboundCampaignHouseholds_HouseholdId ON dbo.OutboundCampaignHouseholds (HouseholdId, CampaignId);
