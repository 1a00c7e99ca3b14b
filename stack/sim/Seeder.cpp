#include "Seeder.h"

#include <cctype>

#include "SagaFlow.h"

#include <libpq-fe.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

namespace {

constexpr long long kBatch = 50000;     // sagas per transaction
constexpr size_t kFlushBytes = 1 << 20; // send COPY data in 1 MiB pieces
constexpr int kWorkers = 2;

struct PgConnDeleter
{
    void operator()(PGconn *c) const { PQfinish(c); }
};
using Conn = std::unique_ptr<PGconn, PgConnDeleter>;

bool exec(PGconn *c, const char *sql, std::string &error)
{
    PGresult *r = PQexec(c, sql);
    const ExecStatusType st = PQresultStatus(r);
    const bool ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
    if (!ok)
        error = PQerrorMessage(c);
    PQclear(r);
    return ok;
}

// COPY `table` FROM STDIN with the rows in `data` (text format, already escaped).
bool copyIn(PGconn *c, const char *copySql, const std::string &data, std::string &error)
{
    PGresult *r = PQexec(c, copySql);
    if (PQresultStatus(r) != PGRES_COPY_IN) {
        error = PQerrorMessage(c);
        PQclear(r);
        return false;
    }
    PQclear(r);
    for (size_t off = 0; off < data.size(); off += kFlushBytes) {
        const size_t n = std::min(kFlushBytes, data.size() - off);
        if (PQputCopyData(c, data.data() + off, int(n)) != 1) {
            error = PQerrorMessage(c);
            return false;
        }
    }
    if (PQputCopyEnd(c, nullptr) != 1) {
        error = PQerrorMessage(c);
        return false;
    }
    bool ok = true;
    while (PGresult *res = PQgetResult(c)) {
        if (PQresultStatus(res) != PGRES_COMMAND_OK) {
            ok = false;
            error = PQerrorMessage(c);
        }
        PQclear(res);
    }
    return ok;
}

// "2026-11-28 10:15:03.123456+00" from microseconds since the epoch.
void appendTimestamp(std::string &out, long long micros)
{
    const time_t secs = time_t(micros / 1000000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[40];
    const int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d.%06lld+00", tm.tm_year + 1900,
                                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, micros % 1000000);
    out.append(buf, size_t(n));
}

void appendUuid(std::string &out, std::mt19937_64 &rng)
{
    uint64_t hi = rng(), lo = rng();
    hi = (hi & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;
    lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
    char buf[40];
    const int n = std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", unsigned(hi >> 32),
                                unsigned((hi >> 16) & 0xffff), unsigned(hi & 0xffff), unsigned(lo >> 48),
                                static_cast<unsigned long long>(lo & 0xffffffffffffULL));
    out.append(buf, size_t(n));
}

struct StepLine
{
    const std::string *step;
    const char *action;
    const std::string *service;
    const char *outcome;
    const char *error;
};

} // namespace

int Seeder::run(long long sagas)
{
    const auto t0 = std::chrono::steady_clock::now();
    std::atomic<long long> nextBatch{0};
    std::atomic<long long> done{0};
    std::mutex errorMutex;
    std::string firstError;
    std::vector<std::thread> threads;
    for (int w = 0; w < kWorkers; ++w) {
        threads.emplace_back([&, w] {
            while (true) {
                const long long first = nextBatch.fetch_add(kBatch);
                if (first >= sagas)
                    return;
                const long long count = std::min(kBatch, sagas - first);
                std::string error;
                if (!loadRange(w, first, count, error)) {
                    std::lock_guard lock(errorMutex);
                    if (firstError.empty())
                        firstError = error;
                    nextBatch = sagas; // stop the others too
                    return;
                }
                const long long total = done += count;
                if (total % 200000 < count || total == sagas)
                    std::fprintf(stderr, "saga-sim seed: %lld/%lld sagas\n", total, sagas);
            }
        });
    }
    for (std::thread &t : threads)
        t.join();
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!firstError.empty()) {
        std::fprintf(stderr, "saga-sim seed: failed after %lld sagas: %s\n", done.load(), firstError.c_str());
        return 1;
    }
    std::printf("seeded %lld sagas in %.1f s (%.0f sagas/s)\n", sagas, secs, sagas / secs);
    return 0;
}

bool Seeder::loadRange(int, long long first, long long count, std::string &error)
{
    Conn conn(PQconnectdb(m_conninfo.c_str()));
    if (PQstatus(conn.get()) != CONNECTION_OK) {
        error = PQerrorMessage(conn.get());
        return false;
    }
    PGconn *c = conn.get();
    // Batch-local generator: the same --seed gives the same rows whatever the thread timing.
    std::mt19937_64 rng(m_seed * 1000003ULL + uint64_t(first / kBatch) + 1);
    std::uniform_real_distribution<double> unit(0, 1);
    const long long nowMicros = std::chrono::duration_cast<std::chrono::microseconds>(
                                    std::chrono::system_clock::now().time_since_epoch())
                                    .count();
    const long long hour = 3600LL * 1000000, day = 24 * hour;

    std::string sagasCopy, stepsCopy;
    sagasCopy.reserve(size_t(count) * 220);
    stepsCopy.reserve(size_t(count) * 4 * 140);
    std::vector<StepLine> lines;
    for (long long i = 0; i < count; ++i) {
        const SagaTypeDef &def = sagaTypes()[rng() % 10 < 7 ? 0 : 1];
        // Spread over the past 30 days, never the last hour: clearly history, not the live run.
        const long long created = nowMicros - hour - (long long)(unit(rng) * double(30 * day - hour));
        const double roll = unit(rng);
        // ~97.8 % completed, 1.5 % compensated, 0.5 % failed, 0.2 % stuck mid-flight.
        std::string status = SagaStatus::Completed;
        size_t failAt = def.steps.size(); // index of the failing forward step
        bool compensationFails = false, stuck = false;
        if (roll < 0.015) {
            status = SagaStatus::Compensated;
        } else if (roll < 0.020) {
            status = SagaStatus::Failed;
            compensationFails = true;
        } else if (roll < 0.022) {
            status = SagaStatus::InProgress;
            stuck = true;
        }
        if (status != SagaStatus::Completed)
            failAt = compensationFails ? 1 + rng() % (def.steps.size() - 1) : rng() % def.steps.size();

        lines.clear();
        std::vector<std::string> succeeded;
        std::string lastError, currentStep;
        for (size_t k = 0; k < def.steps.size() && k <= failAt; ++k) {
            const StepDef &st = def.steps[k];
            currentStep = st.step;
            if (k == failAt && stuck) {
                lines.push_back({&st.step, "EXECUTE", &st.service, "RUNNING", nullptr});
                break;
            }
            if (k == failAt) {
                lines.push_back({&st.step, "EXECUTE", &st.service, "FAILED", "HTTP 500 Internal Server Error"});
                lastError = st.service + " " + st.route + ": HTTP 500 Internal Server Error";
                break;
            }
            lines.push_back({&st.step, "EXECUTE", &st.service, "SUCCEEDED", nullptr});
            succeeded.push_back(st.step);
        }
        // `lines` points into `plan`: it must live until the rows are written below.
        std::vector<StepDef> plan;
        if (!stuck && status != SagaStatus::Completed) {
            plan = compensationPlan(def, succeeded);
            for (size_t k = 0; k < plan.size(); ++k) {
                const bool fails = compensationFails && k == 0;
                lines.push_back({&plan[k].compensation, "COMPENSATE", &plan[k].service, fails ? "FAILED" : "SUCCEEDED",
                                 fails ? "HTTP 500 Internal Server Error" : nullptr});
                currentStep = plan[k].compensation;
                if (fails) {
                    lastError = "compensation " + plan[k].compensation + " failed";
                    break;
                }
            }
        }

        std::string id;
        appendUuid(id, rng);
        long long t = created;
        for (size_t k = 0; k < lines.size(); ++k) {
            const StepLine &l = lines[k];
            stepsCopy += id;
            stepsCopy += '\t';
            stepsCopy += std::to_string(k + 1);
            stepsCopy += '\t';
            stepsCopy += *l.step;
            stepsCopy += '\t';
            stepsCopy += l.action;
            stepsCopy += '\t';
            stepsCopy += *l.service;
            stepsCopy += '\t';
            stepsCopy += l.outcome;
            stepsCopy += '\t';
            stepsCopy += l.error ? l.error : "\\N";
            stepsCopy += '\t';
            appendTimestamp(stepsCopy, t);
            stepsCopy += '\t';
            t += 10000 + (long long)(rng() % 60000);
            if (std::string(l.outcome) == "RUNNING")
                stepsCopy += "\\N";
            else
                appendTimestamp(stepsCopy, t);
            stepsCopy += '\n';
        }
        sagasCopy += id;
        sagasCopy += '\t';
        sagasCopy += def.type;
        sagasCopy += '\t';
        sagasCopy += status;
        sagasCopy += '\t';
        sagasCopy += currentStep;
        sagasCopy += "\t1\t";
        sagasCopy += lastError.empty() ? "\\N" : lastError;
        sagasCopy += "\t{\"customer_id\": ";
        sagasCopy += std::to_string(rng() % 100000);
        sagasCopy += ", \"order_id\": \"ORD-";
        for (char ch : id.substr(0, 8)) // as the engine writes it: ORD- and the id's first 8, upper case
            sagasCopy += char(std::toupper(static_cast<unsigned char>(ch)));
        sagasCopy += "\", \"seeded\": true}\t";
        appendTimestamp(sagasCopy, created);
        sagasCopy += '\t';
        appendTimestamp(sagasCopy, t);
        sagasCopy += '\n';
    }

    return exec(c, "BEGIN", error) &&
        // The NOTIFY trigger skips seeded rows (see Schema.cpp): no million notifications.
        exec(c, "SET LOCAL saga_sim.seeding = 'on'", error)
        && copyIn(c,
                  "COPY saga_instances (id, saga_type, status, current_step, attempt, last_error, payload, "
                  "created_at, updated_at) FROM STDIN",
                  sagasCopy, error)
        && copyIn(c,
                  "COPY saga_steps (saga_id, seq, step, action, service, outcome, error, started_at, finished_at) "
                  "FROM STDIN",
                  stepsCopy, error)
        && exec(c, "COMMIT", error);
}
