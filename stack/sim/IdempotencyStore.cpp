#include "IdempotencyStore.h"

#include "Json.h"

#include <QJsonObject>

namespace IdempotencyStore {

Answer run(pqxx::connection &conn, const std::string &key, const std::string &method, const std::string &path,
           const std::function<Answer(pqxx::work &)> &action)
{
    pqxx::work tx(conn);
    const pqxx::result claimed = tx.exec_params(
        "INSERT INTO saga_api_idempotency (key, method, path, status, body) VALUES ($1, $2, $3, 0, '') "
        "ON CONFLICT (key) DO NOTHING RETURNING 1",
        key, method, path);
    if (claimed.empty()) {
        const pqxx::row first = tx.exec_params1(
            "SELECT method, path, status, body FROM saga_api_idempotency WHERE key = $1", key);
        tx.commit();
        Answer a;
        a.replayed = true;
        if (first[0].as<std::string>() != method || first[1].as<std::string>() != path) {
            a.status = 422;
            const std::string message = "this Idempotency-Key was already used for another request: "
                + first[0].as<std::string>() + " " + first[1].as<std::string>();
            a.body = Json::compact(QJsonObject{{QStringLiteral("error"), Json::q(message)}});
            return a;
        }
        a.status = first[2].as<int>();
        a.body = first[3].as<std::string>();
        return a;
    }
    Answer a = action(tx);
    tx.exec_params("UPDATE saga_api_idempotency SET status = $2, body = $3 WHERE key = $1", key, a.status, a.body);
    tx.commit();
    return a;
}

} // namespace IdempotencyStore
