#include "OrchestratorApi.h"

#include "EventPublisher.h"
#include "IdempotencyStore.h"
#include "Json.h"
#include "PgPool.h"
#include "SagaEngine.h"
#include "SagaStore.h"
#include "SimMetrics.h"

#include <httplib.h>

#include <QJsonArray>
#include <QJsonParseError>

#include <chrono>
#include <cstdio>
#include <optional>
#include <regex>

using httplib::Request;
using httplib::Response;
using IdempotencyStore::Answer;

namespace {

const std::regex kUuid("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

QString s(const char *latin1)
{
    return QString::fromLatin1(latin1);
}

void reply(Response &res, int status, const QJsonObject &body)
{
    res.status = status;
    res.set_content(Json::compact(body), "application/json");
}

void error(Response &res, int status, const std::string &message, QJsonObject extra = {})
{
    extra.insert(s("error"), Json::q(message));
    reply(res, status, extra);
}

std::string errorBody(const std::string &message, const std::string &status = {})
{
    QJsonObject o{{s("error"), Json::q(message)}};
    if (!status.empty())
        o.insert(s("status"), Json::q(status));
    return Json::compact(o);
}

// The request body as a JSON object; false (with a 400 in `res`) if it is not one.
bool bodyObject(const Request &req, Response &res, QJsonObject &out)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(req.body), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        error(res, 400,
              "the body must be a JSON object"
                  + (parseError.error != QJsonParseError::NoError ? ": " + parseError.errorString().toStdString()
                                                                  : std::string()));
        return false;
    }
    out = doc.object();
    return true;
}

QJsonObject sagaJson(const SagaRow &r)
{
    auto nullable = [](const std::string &v) {
        return v.empty() ? QJsonValue(QJsonValue::Null) : QJsonValue(Json::q(v));
    };
    return {{s("id"), Json::q(r.id)},
            {s("saga_type"), Json::q(r.sagaType)},
            {s("status"), Json::q(r.status)},
            {s("current_step"), nullable(r.currentStep)},
            {s("attempt"), r.attempt},
            {s("last_error"), nullable(r.lastError)},
            {s("payload"), QJsonDocument::fromJson(QByteArray::fromStdString(r.payload)).object()},
            {s("created_at"), Json::q(r.createdAt)},
            {s("updated_at"), Json::q(r.updatedAt)}};
}

QJsonObject stepJson(const StepRow &r)
{
    auto nullable = [](const std::string &v) {
        return v.empty() ? QJsonValue(QJsonValue::Null) : QJsonValue(Json::q(v));
    };
    return {{s("seq"), r.seq},
            {s("step"), Json::q(r.step)},
            {s("action"), Json::q(r.action)},
            {s("service"), Json::q(r.service)},
            {s("outcome"), Json::q(r.outcome)},
            {s("error"), nullable(r.error)},
            {s("started_at"), Json::q(r.startedAt)},
            {s("finished_at"), nullable(r.finishedAt)}};
}

QJsonArray namesJson()
{
    QJsonArray a;
    for (const std::string &n : scenarioNames())
        a.append(Json::q(n));
    return a;
}

} // namespace

OrchestratorApi::OrchestratorApi(PgPool &pool, SagaEngine &engine, EventPublisher &events, SimMetrics &metrics,
                                 SimControl &control)
    : m_pool(pool)
    , m_engine(engine)
    , m_events(events)
    , m_metrics(metrics)
    , m_control(control)
    , m_server(std::make_unique<httplib::Server>())
{
    routes();
}

OrchestratorApi::~OrchestratorApi()
{
    stop();
}

bool OrchestratorApi::start(int port)
{
    // cpp-httplib sets SO_REUSEPORT, which would let a second saga-sim listen on the same
    // port unnoticed and leaves TIME_WAIT leftovers that block a plain bind after a restart.
    // SO_REUSEADDR does neither.
    m_server->set_socket_options([](socket_t sock) {
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    if (!m_server->bind_to_port("127.0.0.1", port))
        return false;
    m_thread = std::thread([this] { m_server->listen_after_bind(); });
    return true;
}

void OrchestratorApi::stop()
{
    if (m_thread.joinable()) {
        m_server->stop();
        m_thread.join();
    }
}

void OrchestratorApi::routes()
{
    // Each route is timed and counted under its pattern (not the concrete id: bounded labels).
    auto timed = [this](const std::string &route, void (OrchestratorApi::*handler)(const Request &, Response &)) {
        return [this, route, handler](const Request &req, Response &res) {
            const auto t0 = std::chrono::steady_clock::now();
            try {
                (this->*handler)(req, res);
            } catch (const std::exception &e) {
                std::fprintf(stderr, "saga-sim: %s %s: %s\n", req.method.c_str(), req.path.c_str(), e.what());
                error(res, 503, std::string("the orchestrator could not complete the request: ") + e.what());
            }
            const std::chrono::duration<double> took = std::chrono::steady_clock::now() - t0;
            m_metrics.httpRequest(SimMetrics::kOrchestrator, route, res.status, took.count());
        };
    };
    httplib::Server &srv = *m_server;
    srv.Get("/healthz", timed("/healthz", &OrchestratorApi::health));
    srv.Get("/api/v1/sagas", timed("/api/v1/sagas", &OrchestratorApi::listSagas));
    srv.Get(R"(/api/v1/sagas/([^/]+))", timed("/api/v1/sagas/{id}", &OrchestratorApi::getSaga));
    srv.Post(R"(/api/v1/sagas/([^/]+)/retry)", timed("/api/v1/sagas/{id}/retry", &OrchestratorApi::retry));
    srv.Post(R"(/api/v1/sagas/([^/]+)/compensate)",
             timed("/api/v1/sagas/{id}/compensate", &OrchestratorApi::compensate));
    srv.Get("/sim/scenario", timed("/sim/scenario", &OrchestratorApi::getScenario));
    srv.Post("/sim/scenario", timed("/sim/scenario", &OrchestratorApi::setScenario));
    srv.Get("/sim/rate", timed("/sim/scenario", &OrchestratorApi::getScenario));
    srv.Post("/sim/rate", timed("/sim/rate", &OrchestratorApi::setRate));
    srv.set_payload_max_length(64 * 1024);
    // Answers httplib makes itself (no route, bad request line) get a JSON body too.
    srv.set_error_handler(httplib::Server::HandlerWithResponse([](const Request &req, Response &res) {
        if (!res.body.empty())
            return httplib::Server::HandlerResponse::Unhandled;
        error(res, res.status,
              res.status == 404 ? "no such resource: " + req.method + " " + req.path
                                : "the request could not be served");
        return httplib::Server::HandlerResponse::Handled;
    }));
    srv.set_exception_handler(
        [](const Request &, Response &res, std::exception_ptr) { error(res, 500, "internal error"); });
}

void OrchestratorApi::health(const Request &, Response &res)
{
    bool pg = false;
    try {
        PgPool::Lease conn = m_pool.acquire(std::chrono::seconds(2));
        pqxx::nontransaction tx(*conn);
        pg = tx.exec("SELECT 1")[0][0].as<int>() == 1;
    } catch (const std::exception &) {
        pg = false;
    }
    const bool kafka = m_events.reachable(2000);
    reply(res, pg && kafka ? 200 : 503,
          {{s("status"), pg && kafka ? s("ok") : s("unavailable")}, {s("postgres"), pg}, {s("kafka"), kafka}});
}

void OrchestratorApi::listSagas(const Request &req, Response &res)
{
    const std::string status = req.get_param_value("status");
    if (!status.empty() && !SagaStatus::isValid(status))
        return error(res, 400,
                     "unknown status '" + status
                         + "' (STARTED, IN_PROGRESS, COMPENSATING, COMPLETED, FAILED, COMPENSATED)");
    int limit = 50;
    if (req.has_param("limit")) {
        const std::string raw = req.get_param_value("limit");
        char *end = nullptr;
        const long v = std::strtol(raw.c_str(), &end, 10);
        if (raw.empty() || *end != '\0' || v < 1 || v > 1000)
            return error(res, 400, "limit must be an integer between 1 and 1000, got '" + raw + "'");
        limit = int(v);
    }
    PgPool::Lease conn = m_pool.acquire();
    pqxx::read_transaction tx(*conn);
    QJsonArray items;
    for (const SagaRow &r : SagaStore::list(tx, status, req.get_param_value("saga_type"), limit))
        items.append(sagaJson(r));
    reply(res, 200, {{s("items"), items}});
}

void OrchestratorApi::getSaga(const Request &req, Response &res)
{
    const std::string id = req.matches[1];
    if (!std::regex_match(id, kUuid))
        return error(res, 400, "'" + id + "' is not a saga id (expected a UUID)");
    PgPool::Lease conn = m_pool.acquire();
    pqxx::read_transaction tx(*conn);
    const auto saga = SagaStore::get(tx, id);
    if (!saga)
        return error(res, 404, "no saga with id " + id);
    QJsonObject body = sagaJson(*saga);
    QJsonArray steps;
    for (const StepRow &r : SagaStore::steps(tx, id))
        steps.append(stepJson(r));
    body.insert(s("steps"), steps);
    reply(res, 200, body);
}

bool OrchestratorApi::checkActionRequest(const Request &req, Response &res, std::string &id, std::string &key) const
{
    id = req.matches[1];
    if (!std::regex_match(id, kUuid)) {
        error(res, 400, "'" + id + "' is not a saga id (expected a UUID)");
        return false;
    }
    key = req.get_header_value("Idempotency-Key");
    if (key.empty() || key.size() > 200) {
        error(res, 400, "an Idempotency-Key header (one UUID per operator intent) is required");
        return false;
    }
    QJsonObject body;
    if (!bodyObject(req, res, body))
        return false;
    for (const char *field : {"reason", "requested_by"}) {
        if (body.contains(s(field)) && !body.value(s(field)).isString()) {
            error(res, 400, std::string(field) + " must be a string");
            return false;
        }
    }
    return true;
}

void OrchestratorApi::runAction(const Request &req, Response &res, const ActionDecision &decide)
{
    std::string id, key;
    if (!checkActionRequest(req, res, id, key))
        return;
    bool reserved = false;
    try {
        PgPool::Lease conn = m_pool.acquire();
        Answer a = IdempotencyStore::run(*conn, key, "POST", req.path, [&](pqxx::work &tx) {
            const auto saga = SagaStore::get(tx, id, true);
            if (!saga)
                return Answer{404, errorBody("no saga with id " + id), false, {}};
            auto reserve = [&]() -> std::optional<Answer> {
                if (reserved = m_engine.reserve(id); reserved)
                    return std::nullopt;
                return Answer{409, errorBody("saga is being worked on by the orchestrator", saga->status), false, {}};
            };
            return decide(tx, id, *saga, reserve);
        });
        if (a.afterCommit)
            a.afterCommit();
        res.status = a.status;
        res.set_content(a.body, "application/json");
    } catch (...) {
        if (reserved)
            m_engine.release(id);
        throw;
    }
}

void OrchestratorApi::retry(const Request &req, Response &res)
{
    runAction(
        req, res, [this](pqxx::work &tx, const std::string &id, const SagaRow &saga, const ActionReserve &reserve) {
            if (!SagaStatus::isRetryable(saga.status))
                return Answer{409,
                              errorBody("saga is " + saga.status + ": only FAILED or COMPENSATED sagas can be retried",
                                        saga.status),
                              false,
                              {}};
            if (std::optional<Answer> busy = reserve())
                return std::move(*busy);
            const int attempt = tx.exec_params1(
                                      "UPDATE saga_instances SET status = 'IN_PROGRESS', attempt = attempt + 1, "
                                      "current_step = NULL, last_error = NULL, updated_at = now() WHERE id = $1::uuid "
                                      "RETURNING attempt",
                                      id)[0]
                                    .as<int>();
            Answer out;
            out.status = 202;
            out.body = Json::compact({{s("saga_id"), Json::q(id)},
                                      {s("action"), s("retry")},
                                      {s("status"), s("IN_PROGRESS")},
                                      {s("attempt"), attempt}});
            const std::string type = saga.sagaType;
            out.afterCommit = [this, id, type] {
                m_events.publish(id, type, "RETRY_REQUESTED", "", SagaStatus::InProgress);
                m_engine.submitRetry(id, type);
            };
            return out;
        });
}

void OrchestratorApi::compensate(const Request &req, Response &res)
{
    runAction(req, res,
              [this](pqxx::work &tx, const std::string &id, const SagaRow &saga, const ActionReserve &reserve) {
                  const bool failed = saga.status == SagaStatus::Failed;
                  const bool stuck = !SagaStatus::isTerminal(saga.status) && !m_engine.isActive(id);
                  if (!failed && !stuck) {
                      const std::string why = SagaStatus::isTerminal(saga.status)
                          ? "saga is " + saga.status + ": only FAILED or stuck sagas can be compensated"
                          : "saga is " + saga.status + " and running in the orchestrator: it is not stuck";
                      return Answer{409, errorBody(why, saga.status), false, {}};
                  }
                  if (std::optional<Answer> busy = reserve())
                      return std::move(*busy);
                  tx.exec_params(
                      "UPDATE saga_instances SET status = 'COMPENSATING', updated_at = now() WHERE id = $1::uuid", id);
                  Answer out;
                  out.status = 202;
                  out.body = Json::compact({{s("saga_id"), Json::q(id)},
                                            {s("action"), s("compensate")},
                                            {s("status"), s("COMPENSATING")},
                                            {s("previous_status"), Json::q(saga.status)}});
                  const std::string type = saga.sagaType;
                  // A stuck saga's run never ended, so this is where it fails; a FAILED one was counted.
                  out.afterCommit = [this, id, type, stuck] { m_engine.submitCompensation(id, type, stuck); };
                  return out;
              });
}

void OrchestratorApi::getScenario(const Request &, Response &res)
{
    reply(res, 200,
          {{s("scenario"), Json::q(scenarioName(m_control.scenario.load()))},
           {s("rate"), m_control.rate.load()},
           {s("in_flight"), m_engine.inFlight()},
           {s("payment_image_bad"), m_control.paymentImageBad.load()},
           // memory-growth's OOM kill after this much growth (0 = never): the POST's override, else
           // --oom-after-mib
           {s("oom_after_mib"), m_control.effectiveOomAfterMib()},
           {s("scenarios"), namesJson()}});
}

void OrchestratorApi::setScenario(const Request &req, Response &res)
{
    QJsonObject body;
    if (!bodyObject(req, res, body))
        return;
    std::string why;
    const auto request = parseScenarioRequest(req.body, why);
    if (!request)
        return error(res, 400, why,
                     why.rfind("unknown scenario", 0) == 0 ? QJsonObject{{s("valid"), namesJson()}} : QJsonObject{});
    if (request->scenario == Scenario::BadDeploy) {
        // The broken image goes out through the API server; the failures follow the Deployment.
        if (!m_rollOutBadDeploy)
            return error(res, 409,
                         "bad-deploy rolls out an image through Kubernetes: saga-sim runs without "
                         "--kube-server");
        if (!m_rollOutBadDeploy(why))
            return error(res, 502, "bad-deploy: " + why);
    }
    if (request->rate)
        m_control.rate = *request->rate;
    m_control.setScenario(request->scenario, request->oomAfterMib);
    std::fprintf(
        stderr, "saga-sim: scenario %s, rate %g/s%s\n", scenarioName(request->scenario).c_str(), m_control.rate.load(),
        request->oomAfterMib >= 0 ? (", OOM kill after " + std::to_string(request->oomAfterMib) + " MiB").c_str() : "");
    getScenario(req, res);
}

void OrchestratorApi::setRate(const Request &req, Response &res)
{
    QJsonObject body;
    if (!bodyObject(req, res, body))
        return;
    const QJsonValue v = body.value(s("rate"));
    if (!v.isDouble() || v.toDouble() < 0 || v.toDouble() > 1000)
        return error(res, 400, "rate must be a number of sagas per second between 0 and 1000");
    m_control.rate = v.toDouble();
    std::fprintf(stderr, "saga-sim: rate %g/s\n", m_control.rate.load());
    getScenario(req, res);
}
