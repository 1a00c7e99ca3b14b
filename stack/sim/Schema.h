#pragma once

#include <pqxx/pqxx>

// Creates what the workload needs if it is missing: the contract's tables and indexes
// (docs/architecture.md §1), the optional `NOTIFY saga_changed` trigger, and the table that remembers
// the REST API's Idempotency-Keys across restarts. Safe to run concurrently and repeatedly.
namespace Schema {
void ensure(pqxx::connection &conn);
}
