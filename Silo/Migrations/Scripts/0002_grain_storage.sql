-- Grain state for Microsoft.Orleans.Persistence.AdoNet. One row per (service, state name, grain).
-- A string grain key (the normalized username) arrives whole in @GrainIdExtensionString::text.
CREATE TABLE grain_state
(
    service_id       varchar(150) NOT NULL,
    grain_type       varchar(512) NOT NULL,
    grain_id_n0      bigint       NOT NULL,
    grain_id_n1      bigint       NOT NULL,
    -- '' when the grain has no key extension, so that the key is one plain, indexable equality.
    grain_id_string  varchar(512) NOT NULL,
    grain_id_hash    integer      NOT NULL,
    grain_type_hash  integer      NOT NULL,
    payload          bytea        NULL,
    version          integer      NOT NULL,
    modified_at      timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT grain_state_pkey PRIMARY KEY (service_id, grain_type, grain_id_string, grain_id_n0, grain_id_n1)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', '
SELECT payload AS PayloadBinary, version AS Version
FROM grain_state
WHERE service_id = @ServiceId
  AND grain_type = @GrainTypeString
  AND grain_id_string = COALESCE(@GrainIdExtensionString::text, '''')
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_id_hash = @GrainIdHash
  AND grain_type_hash = @GrainTypeHash;
'),
-- A compare-and-swap on the version: insert version 1 when the grain has never been stored
-- (a concurrent first insert loses on the primary key instead of racing), otherwise update only
-- the version the grain read. No row back means a conflict, which Orleans raises as
-- InconsistentStateException.
('WriteToStorageKey', '
WITH updated AS (
    UPDATE grain_state
    SET payload = @PayloadBinary, version = version + 1, modified_at = now()
    WHERE @GrainStateVersion::integer IS NOT NULL
      AND service_id = @ServiceId
      AND grain_type = @GrainTypeString
      AND grain_id_string = COALESCE(@GrainIdExtensionString::text, '''')
      AND grain_id_n0 = @GrainIdN0
      AND grain_id_n1 = @GrainIdN1
      AND version = @GrainStateVersion::integer
    RETURNING version
), inserted AS (
    INSERT INTO grain_state (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_string, grain_id_hash, grain_type_hash, payload, version)
    SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString::text, ''''), @GrainIdHash, @GrainTypeHash, @PayloadBinary, 1
    WHERE @GrainStateVersion::integer IS NULL
    ON CONFLICT ON CONSTRAINT grain_state_pkey DO NOTHING
    RETURNING version
)
SELECT version AS NewGrainStateVersion FROM updated
UNION ALL
SELECT version FROM inserted;
'),
('ClearStorageKey', '
UPDATE grain_state
SET payload = NULL, version = version + 1, modified_at = now()
WHERE service_id = @ServiceId
  AND grain_type = @GrainTypeString
  AND grain_id_string = COALESCE(@GrainIdExtensionString::text, '''')
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_id_hash = @GrainIdHash
  AND grain_type_hash = @GrainTypeHash
  AND version = @GrainStateVersion::integer
RETURNING version AS NewGrainStateVersion;
');
