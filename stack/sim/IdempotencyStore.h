#pragma once

#include <pqxx/pqxx>

#include <functional>
#include <string>

// Remembers the answer given to each Idempotency-Key in Postgres (saga_api_idempotency), so a
// repeated key, even sent concurrently or after a restart, gets the first answer and does
// nothing again. The key's row is inserted first in the same transaction as the action: a
// concurrent duplicate blocks on that row until the first commits, then reads its answer.
namespace IdempotencyStore {

struct Answer
{
    int status = 200;
    std::string body;
    bool replayed = false;             // the stored answer of an earlier request
    std::function<void()> afterCommit; // work to start once the action is committed
};

// Runs `action` unless `key` was seen before. `action` gets the transaction (it may lock and
// change rows); its answer is stored with the key and committed together with its changes.
Answer run(pqxx::connection &conn, const std::string &key, const std::string &method, const std::string &path,
           const std::function<Answer(pqxx::work &)> &action);

} // namespace IdempotencyStore
