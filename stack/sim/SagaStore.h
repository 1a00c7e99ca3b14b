#pragma once

#include "SagaFlow.h"

#include <pqxx/pqxx>

#include <optional>
#include <string>
#include <vector>

struct SagaRow
{
    std::string id, sagaType, status, currentStep, lastError, payload, createdAt, updatedAt;
    int attempt = 1;
};

struct StepRow
{
    int seq = 0;
    std::string step, action, service, outcome, error, startedAt, finishedAt;
};

// The SQL of saga_instances / saga_steps, in one place. Every function runs on a connection
// (or transaction) the caller holds; transitions are one short transaction each so the
// console's polling and LISTEN see every state.
namespace SagaStore {

void createSaga(pqxx::connection &c, const std::string &id, const std::string &type, const std::string &payloadJson);
// Saga row moves to `status`/`currentStep` and a step row is inserted as RUNNING.
void beginStep(pqxx::connection &c, const std::string &id, const std::string &status, int seq, const std::string &step,
               const std::string &action, const std::string &service);
void finishStep(pqxx::connection &c, const std::string &id, int seq, const std::string &outcome,
                const std::string &error);
void setStatus(pqxx::connection &c, const std::string &id, const std::string &status, const std::string &lastError);
// Step rows left RUNNING by an abandoned run become TIMED_OUT.
void timeOutRunningSteps(pqxx::connection &c, const std::string &id);
int nextSeq(pqxx::connection &c, const std::string &id);

std::vector<SagaRow> list(pqxx::transaction_base &tx, const std::string &status, const std::string &sagaType,
                          int limit);
std::optional<SagaRow> get(pqxx::transaction_base &tx, const std::string &id, bool forUpdate = false);
std::vector<StepRow> steps(pqxx::transaction_base &tx, const std::string &id);
std::vector<StepRecord> history(pqxx::transaction_base &tx, const std::string &id);

} // namespace SagaStore
