#pragma once

#include "IdempotencyStore.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

namespace httplib {
class Server;
struct Request;
struct Response;
} // namespace httplib

class EventPublisher;
class PgPool;
class SagaEngine;
class SimMetrics;
struct SagaRow;
struct SimControl;

// The orchestrator REST API of the contract (docs/architecture.md §1) plus the sim's own controls, served
// on 127.0.0.1:<port> by cpp-httplib's thread pool:
//   GET  /api/v1/sagas?status=&saga_type=&limit=     GET /api/v1/sagas/{id}
//   POST /api/v1/sagas/{id}/retry                    POST /api/v1/sagas/{id}/compensate
//   GET  /healthz   GET|POST /sim/scenario   GET|POST /sim/rate
// Every answer is JSON; malformed requests get 400 with {"error": ...}. Each request is counted
// in http_requests_total{service="saga-orchestrator"}.
class OrchestratorApi
{
public:
    OrchestratorApi(PgPool &pool, SagaEngine &engine, EventPublisher &events, SimMetrics &metrics, SimControl &control);
    ~OrchestratorApi();
    OrchestratorApi(const OrchestratorApi &) = delete;
    OrchestratorApi &operator=(const OrchestratorApi &) = delete;

    // How POST /sim/scenario {"scenario":"bad-deploy"} rolls out the broken payment-service
    // image (KubeWatcher::rollOut); without it that answers 409. Set before start().
    void setBadDeployRollOut(std::function<bool(std::string &error)> rollOut)
    {
        m_rollOutBadDeploy = std::move(rollOut);
    }

    // Binds 127.0.0.1:port (false if taken) and serves on a background thread.
    bool start(int port);
    void stop();

private:
    void routes();
    void health(const httplib::Request &req, httplib::Response &res);
    void listSagas(const httplib::Request &req, httplib::Response &res);
    void getSaga(const httplib::Request &req, httplib::Response &res);
    void retry(const httplib::Request &req, httplib::Response &res);
    void compensate(const httplib::Request &req, httplib::Response &res);
    void getScenario(const httplib::Request &req, httplib::Response &res);
    void setScenario(const httplib::Request &req, httplib::Response &res);
    void setRate(const httplib::Request &req, httplib::Response &res);
    // Validation shared by retry and compensate; false = `res` holds the 400.
    bool checkActionRequest(const httplib::Request &req, httplib::Response &res, std::string &id,
                            std::string &key) const;
    // What retry and compensate share: the request checks, the idempotent transaction with the
    // saga row locked (404 if missing), the reservation released again if anything throws, and
    // the answer. `decide` states the action itself; it calls `reserve` before changing the saga
    // and returns its answer (a 409 when the orchestrator is already working on the saga).
    using ActionReserve = std::function<std::optional<IdempotencyStore::Answer>()>;
    using ActionDecision = std::function<IdempotencyStore::Answer(pqxx::work &tx, const std::string &id,
                                                                  const SagaRow &saga, const ActionReserve &reserve)>;
    void runAction(const httplib::Request &req, httplib::Response &res, const ActionDecision &decide);

    PgPool &m_pool;
    SagaEngine &m_engine;
    EventPublisher &m_events;
    SimMetrics &m_metrics;
    SimControl &m_control;
    std::function<bool(std::string &error)> m_rollOutBadDeploy;
    std::unique_ptr<httplib::Server> m_server;
    std::thread m_thread;
};
