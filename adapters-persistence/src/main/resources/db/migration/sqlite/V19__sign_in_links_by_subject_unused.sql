-- The per-person count of sign-in links that read this index is gone (the web adapter's rolling limits count
-- attempts in throttle windows); the index only cost every link's insert.
DROP INDEX web_login_links_by_subject;
