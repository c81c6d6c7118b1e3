-- Which fingerprint key the store's fingerprints were made with: its public id (a short hash of
-- the key, never the key). Fingerprints made with another key never match, so a run with another
-- key is refused instead of reporting every credential as new and every old one as gone.
CREATE TABLE fingerprint_key (
  id INTEGER PRIMARY KEY,
  key_id VARCHAR(64) NOT NULL
);
