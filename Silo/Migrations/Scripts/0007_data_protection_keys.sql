-- The frontends' ASP.NET Core Data Protection key ring (cookies, antiforgery), shared by every
-- replica so a cookie issued by one is read by all, and kept across restarts. Each row is one
-- key's XML as Data Protection writes it, its key material encrypted by the frontend
-- (AES-256-GCM under DataProtection:Key) before it reaches this table.
CREATE TABLE data_protection_keys
(
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    friendly_name text        NOT NULL UNIQUE,
    xml           text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
