-- What each app token did through the gateway, a row per user, app token, provider and UTC day
-- (Silo/Usage/UsageLedger). Written once per proxied request by the user's grain, never into the
-- user's state row; per-user-per-provider totals are sums over the user's tokens.
CREATE TABLE usage_daily
(
    service_id    varchar(150) NOT NULL,
    user_name     varchar(150) NOT NULL,
    app_token_id  varchar(32)  NOT NULL,
    provider      varchar(32)  NOT NULL,
    day           date         NOT NULL,
    requests      bigint       NOT NULL,
    input_tokens  bigint       NOT NULL,
    output_tokens bigint       NOT NULL,
    errors_4xx    bigint       NOT NULL,
    errors_5xx    bigint       NOT NULL,
    last_used_at  timestamptz  NOT NULL,
    PRIMARY KEY (service_id, user_name, day, app_token_id, provider)
);
