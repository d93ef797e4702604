-- Key lifecycle: the audit trail, the key-encryption keys each user's data depends on, and the
-- soft-deleted keys waiting for their purge. All three are derived from the user's state row by
-- the trigger of 0008, in the same statement that writes the row.

CREATE TABLE key_audit
(
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Chosen by the grain: ties a row to the change that made it.
    record_id      uuid         NOT NULL,
    service_id     varchar(150) NOT NULL,
    user_name      text         NOT NULL,
    provider       text         NULL,
    action         text         NOT NULL,
    key_version    integer      NULL,
    occurred_at    timestamptz  NOT NULL,
    session_id     text         NULL,
    client_address text         NULL
);

CREATE INDEX key_audit_by_user ON key_audit (service_id, user_name, id DESC);

CREATE TABLE user_key_encryption
(
    service_id      varchar(150) NOT NULL,
    grain_id_string varchar(512) NOT NULL,
    -- Every key-encryption key id the user's stored data needs to be read.
    key_ids         text[]       NOT NULL,
    PRIMARY KEY (service_id, grain_id_string)
);

CREATE TABLE user_deleted_keys
(
    service_id      varchar(150) NOT NULL,
    grain_id_string varchar(512) NOT NULL,
    provider        text         NOT NULL,
    deleted_at      timestamptz  NOT NULL,
    PRIMARY KEY (service_id, grain_id_string, provider)
);

CREATE INDEX user_deleted_keys_by_time ON user_deleted_keys (deleted_at);
