-- Substring search without a table scan: an FTS5 index of the trigrams of `search_key`,
-- kept in step with `resellers` by triggers. Searches of 3 or more characters use it;
-- shorter ones fall back to LIKE. (Writers to `resellers` take the write lock first,
-- BEGIN IMMEDIATE: the triggers' FTS writes made deferred transactions fail with "database
-- is locked" under concurrent creates.)
CREATE VIRTUAL TABLE resellers_search USING fts5(
    search_key,
    content = 'resellers',
    content_rowid = 'id',
    tokenize = 'trigram'
);
INSERT INTO resellers_search (resellers_search) VALUES ('rebuild');

CREATE TRIGGER resellers_search_insert AFTER INSERT ON resellers BEGIN
    INSERT INTO resellers_search (rowid, search_key) VALUES (new.id, new.search_key);
END;
CREATE TRIGGER resellers_search_delete AFTER DELETE ON resellers BEGIN
    INSERT INTO resellers_search (resellers_search, rowid, search_key) VALUES ('delete', old.id, old.search_key);
END;
CREATE TRIGGER resellers_search_update AFTER UPDATE OF search_key ON resellers BEGIN
    INSERT INTO resellers_search (resellers_search, rowid, search_key) VALUES ('delete', old.id, old.search_key);
    INSERT INTO resellers_search (rowid, search_key) VALUES (new.id, new.search_key);
END;
