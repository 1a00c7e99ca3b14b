#include "Schema.h"

#include <pqxx/pqxx>

namespace {

// Serialises concurrent `ensure` calls (two sims starting at once).
constexpr long long kSchemaLock = 0x5a6a5e11;

const char *const kDdl = R"sql(
CREATE TABLE IF NOT EXISTS saga_instances (
  id           uuid PRIMARY KEY,
  saga_type    text        NOT NULL,
  status       text        NOT NULL,
  current_step text,
  attempt      integer     NOT NULL DEFAULT 1,
  last_error   text,
  payload      jsonb       NOT NULL DEFAULT '{}',
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS saga_instances_status_updated_at_idx ON saga_instances (status, updated_at DESC);
CREATE INDEX IF NOT EXISTS saga_instances_updated_at_idx ON saga_instances (updated_at);
-- The console's business-key search (README, "Finding the saga behind a complaint"): order_id
-- is indexed, customer_id deliberately not, so both of the console's answers can be seen.
CREATE INDEX IF NOT EXISTS saga_instances_order_id_idx ON saga_instances ((payload #>> '{order_id}'));

CREATE TABLE IF NOT EXISTS saga_steps (
  saga_id     uuid        NOT NULL REFERENCES saga_instances(id),
  seq         integer     NOT NULL,
  step        text        NOT NULL,
  action      text        NOT NULL,
  service     text        NOT NULL,
  outcome     text        NOT NULL,
  error       text,
  started_at  timestamptz NOT NULL,
  finished_at timestamptz,
  PRIMARY KEY (saga_id, seq)
);

-- The orchestrator API's Idempotency-Keys: a repeated key returns the first answer.
CREATE TABLE IF NOT EXISTS saga_api_idempotency (
  key         text        PRIMARY KEY,
  method      text        NOT NULL,
  path        text        NOT NULL,
  status      integer     NOT NULL,
  body        text        NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Optional change feed for the console: NOTIFY saga_changed, '<saga id>'. The bulk seeder sets
-- saga_sim.seeding = on so a million historical rows do not flood listeners.
CREATE OR REPLACE FUNCTION saga_changed_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('saga_changed', NEW.id::text);
  RETURN NULL;
END $$;
)sql";

const char *const kTrigger = R"sql(
CREATE TRIGGER saga_changed_notify AFTER INSERT OR UPDATE ON saga_instances
  FOR EACH ROW WHEN (current_setting('saga_sim.seeding', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION saga_changed_notify();
)sql";

} // namespace

void Schema::ensure(pqxx::connection &conn)
{
    pqxx::work tx(conn);
    tx.exec("SET LOCAL client_min_messages = warning");
    tx.exec_params("SELECT pg_advisory_xact_lock($1)", kSchemaLock);
    tx.exec(kDdl);
    // Postgres 15 has no CREATE TRIGGER IF NOT EXISTS.
    if (tx.exec("SELECT 1 FROM pg_trigger WHERE tgname = 'saga_changed_notify' "
                "AND tgrelid = 'saga_instances'::regclass")
            .empty())
        tx.exec(kTrigger);
    tx.commit();
}
