-- One known value per key-encryption key, encrypted by the silo the first time it runs with
-- that key. If it stops decrypting, the configured secret is not the one that encrypted the
-- stored keys, and the silo refuses to start rather than write under a wrong key.
CREATE TABLE key_encryption_canary
(
    key_id     varchar(64) NOT NULL PRIMARY KEY,
    ciphertext bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
