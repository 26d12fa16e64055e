-- The filtered requests summary and its cross tables (/requests/summary, issue 17 item 5): a GROUP BY over the copies
-- migration 0017 keeps on each request. This index holds every column those statements read (filters, groups and
-- Status), so a load reads the narrow index instead of the requests with their text; District comes first, the
-- filter planners use most, then the month range. The same as db/sqlite/0022_add_request_summary_index.sql.
CREATE INDEX IX_Requests_Summary ON dbo.Requests (District, ReceivedMonth, CategoryId, PrefectureCode, AgeBand, Status);
