-- The audit trail also names the app token that read a key (or was created or revoked).

ALTER TABLE key_audit ADD COLUMN app_token_id text NULL;
