-- Sessions idle past their realm's timeout and login links long expired are deleted by the sign-in service (a chunk at
-- a time, when links are minted); until now every sign-in left its link and its session for good. These indexes let
-- each purge walk from the oldest and stop after its chunk.
CREATE INDEX web_sessions_idle ON web_sessions (realm, last_seen_at);
CREATE INDEX web_login_links_expiry ON web_login_links (expires_at);
