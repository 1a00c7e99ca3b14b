#include "SagaStore.h"

namespace {

const char *const kSagaColumns =
    "id::text, saga_type, status, coalesce(current_step, ''), attempt, coalesce(last_error, ''), payload::text, "
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), "
    "to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";

SagaRow toSaga(const pqxx::row &r)
{
    SagaRow s;
    s.id = r[0].c_str();
    s.sagaType = r[1].c_str();
    s.status = r[2].c_str();
    s.currentStep = r[3].c_str();
    s.attempt = r[4].as<int>();
    s.lastError = r[5].c_str();
    s.payload = r[6].c_str();
    s.createdAt = r[7].c_str();
    s.updatedAt = r[8].c_str();
    return s;
}

} // namespace

namespace SagaStore {

void createSaga(pqxx::connection &c, const std::string &id, const std::string &type, const std::string &payloadJson)
{
    pqxx::work tx(c);
    tx.exec_params(
        "INSERT INTO saga_instances (id, saga_type, status, payload) VALUES ($1::uuid, $2, 'STARTED', $3::jsonb)", id,
        type, payloadJson);
    tx.commit();
}

void beginStep(pqxx::connection &c, const std::string &id, const std::string &status, int seq, const std::string &step,
               const std::string &action, const std::string &service)
{
    pqxx::work tx(c);
    tx.exec_params("UPDATE saga_instances SET status = $2, current_step = $3, updated_at = now() WHERE id = $1::uuid",
                   id, status, step);
    tx.exec_params("INSERT INTO saga_steps (saga_id, seq, step, action, service, outcome, started_at) "
                   "VALUES ($1::uuid, $2, $3, $4, $5, 'RUNNING', now())",
                   id, seq, step, action, service);
    tx.commit();
}

void finishStep(pqxx::connection &c, const std::string &id, int seq, const std::string &outcome,
                const std::string &error)
{
    pqxx::work tx(c);
    tx.exec_params("UPDATE saga_steps SET outcome = $3, error = NULLIF($4, ''), finished_at = now() "
                   "WHERE saga_id = $1::uuid AND seq = $2",
                   id, seq, outcome, error);
    tx.exec_params("UPDATE saga_instances SET updated_at = now(), last_error = coalesce(NULLIF($2, ''), last_error) "
                   "WHERE id = $1::uuid",
                   id, error);
    tx.commit();
}

void setStatus(pqxx::connection &c, const std::string &id, const std::string &status, const std::string &lastError)
{
    pqxx::work tx(c);
    tx.exec_params("UPDATE saga_instances SET status = $2, updated_at = now(), "
                   "last_error = coalesce(NULLIF($3, ''), last_error) WHERE id = $1::uuid",
                   id, status, lastError);
    tx.commit();
}

void timeOutRunningSteps(pqxx::connection &c, const std::string &id)
{
    pqxx::work tx(c);
    tx.exec_params("UPDATE saga_steps SET outcome = 'TIMED_OUT', error = 'abandoned: the run that started it ended', "
                   "finished_at = now() WHERE saga_id = $1::uuid AND outcome = 'RUNNING'",
                   id);
    tx.commit();
}

int nextSeq(pqxx::connection &c, const std::string &id)
{
    pqxx::read_transaction tx(c);
    return tx.exec_params1("SELECT coalesce(max(seq), 0) + 1 FROM saga_steps WHERE saga_id = $1::uuid", id)[0]
        .as<int>();
}

std::vector<SagaRow> list(pqxx::transaction_base &tx, const std::string &status, const std::string &sagaType, int limit)
{
    // Newest first; the (status, updated_at DESC) index serves the status filter.
    const pqxx::result r = tx.exec_params(
        std::string("SELECT ") + kSagaColumns
            + " FROM saga_instances WHERE ($1 = '' OR status = $1) AND ($2 = '' OR saga_type = $2) "
              "ORDER BY updated_at DESC LIMIT $3",
        status, sagaType, limit);
    std::vector<SagaRow> out;
    out.reserve(r.size());
    for (const pqxx::row &row : r)
        out.push_back(toSaga(row));
    return out;
}

std::optional<SagaRow> get(pqxx::transaction_base &tx, const std::string &id, bool forUpdate)
{
    const pqxx::result r = tx.exec_params(std::string("SELECT ") + kSagaColumns
                                              + " FROM saga_instances WHERE id = $1::uuid"
                                              + (forUpdate ? " FOR UPDATE" : ""),
                                          id);
    if (r.empty())
        return std::nullopt;
    return toSaga(r[0]);
}

std::vector<StepRow> steps(pqxx::transaction_base &tx, const std::string &id)
{
    const pqxx::result r = tx.exec_params(
        "SELECT seq, step, action, service, outcome, coalesce(error, ''), "
        "to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), "
        "coalesce(to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), '') "
        "FROM saga_steps WHERE saga_id = $1::uuid ORDER BY seq",
        id);
    std::vector<StepRow> out;
    for (const pqxx::row &row : r) {
        StepRow s;
        s.seq = row[0].as<int>();
        s.step = row[1].c_str();
        s.action = row[2].c_str();
        s.service = row[3].c_str();
        s.outcome = row[4].c_str();
        s.error = row[5].c_str();
        s.startedAt = row[6].c_str();
        s.finishedAt = row[7].c_str();
        out.push_back(std::move(s));
    }
    return out;
}

std::vector<StepRecord> history(pqxx::transaction_base &tx, const std::string &id)
{
    std::vector<StepRecord> out;
    for (const StepRow &s : steps(tx, id))
        out.push_back({s.step, s.action, s.outcome});
    return out;
}

} // namespace SagaStore
