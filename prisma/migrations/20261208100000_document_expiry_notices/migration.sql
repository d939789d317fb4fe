-- Document-expiry notices: the nightly scan tells a due-diligence document's organisations once, N days
-- (DOCUMENT_EXPIRY_NOTICE_DAYS) before it expires. The day it did so marks the document as told, so a
-- re-run, a second instance or a retried job never tells anyone twice (docs/operations.md, "Notifications").
ALTER TABLE due_diligence_record ADD COLUMN expiry_notified_at timestamptz;
