#!/bin/sh
# PostgreSQL's container runs this once, when its data volume is new: the app's own role,
# which owns nothing, and the privileges of docs/deployment.md ("The database roles").
# The owner (POSTGRES_USER) runs the migrations; the app may read and write rows only.
set -eu
psql -v ON_ERROR_STOP=1 -v app_password="$RUGGENSTEUN_APP_PASSWORD" \
    --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
CREATE ROLE ruggensteun_app LOGIN PASSWORD :'app_password';
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO ruggensteun_app;
ALTER DEFAULT PRIVILEGES FOR ROLE ruggensteun_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ruggensteun_app;
ALTER DEFAULT PRIVILEGES FOR ROLE ruggensteun_owner IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO ruggensteun_app;
SQL
