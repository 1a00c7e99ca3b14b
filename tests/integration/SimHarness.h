#pragma once

#include "StackInfo.h"

#include <QJsonArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QNetworkAccessManager>
#include <QPair>
#include <QString>
#include <QUrl>

#include <memory>
#include <optional>

class QNetworkReply;

// What the saga-sim integration tests share: the stack's addresses, HTTP to the sim's API and
// to Prometheus (Qt Network), Postgres as the console's read-only role (libpqxx), Kafka's own
// ConsumerGroupCommand for lag and librdkafka for reading saga-events. Every wait is bounded.
class SimHarness
{
public:
    struct Reply
    {
        int status = 0; // HTTP status, 0 = no answer
        QJsonObject body;
        QByteArray raw;
    };

    SimHarness();
    // The saga-sim tests' initTestCase: a harness on the stack in `sim`, failing the test case
    // (so its functions are skipped) when the stack or saga-sim cannot be reached.
    static void open(std::unique_ptr<SimHarness> &sim);
    QString error() const { return m_error; }
    const StackInfo &stack() const { return m_stack; }

    Reply get(const QString &path);
    Reply post(const QString &path, const QByteArray &body, const QList<QPair<QByteArray, QByteArray>> &headers = {});
    // Starts a POST and returns it unfinished (for concurrent requests); finish with wait().
    QNetworkReply *startPost(const QString &path, const QByteArray &body,
                             const QList<QPair<QByteArray, QByteArray>> &headers = {});
    static Reply wait(QNetworkReply *reply, int timeoutMs = 20000);

    // Scenario/rate control; restore() puts back steady and the rate found at start.
    bool setScenario(const QString &scenario);
    bool setRate(double rate);
    double originalRate() const { return m_originalRate; }
    void restore();
    // Rate 0, then wait until the engine has nothing queued or running.
    bool quiesce(int timeoutMs = 60000);
    // Until the stack's Prometheus (which loads the console's rules) has no alert of the
    // runbook's rules (resources/alert-rules.json) pending or firing: a test before may have
    // left an outage inside the rules' 5-minute windows, and the runbook's rules have no `for`,
    // so a new console would fire on it at once (and raise its playbook). The objectives'
    // burn-rate rules look back 6 hours and are not waited for.
    // `remaining`: the alerts still there when it gives up ("HighLatency{service=...} firing").
    bool waitForNoAlerts(int timeoutMs, QString *remaining);
    int inFlight();

    // Prometheus instant query of a scalar-valued expression; nullopt if empty or failed.
    std::optional<double> promValue(const QString &expr, const QDateTime &at = {}); // at: evaluation time, default now
    // GET on Prometheus' own HTTP API, e.g. "/api/v1/alerts".
    Reply promGet(const QString &path);
    // Sum of one metric's series in the sim's own /metrics exposition right now.
    std::optional<double> exposedSum(const QByteArray &metric);
    // Waits until Prometheus has scraped the current value of each counter (quiesced sim).
    bool waitForFreshScrape(const QList<QByteArray> &metrics, int timeoutMs = 20000);

    // Postgres (console role, read-only): first column of the first row as text.
    QString sqlValue(const QString &sql);
    QStringList sqlColumn(const QString &sql);
    // Postgres as the sim's role, for tests that must arrange rows (e.g. a stuck saga).
    bool sqlExecAsSim(const QString &sql, QString *errorOut = nullptr);

    // Total lag of a consumer group as Kafka's own tool reports it; -1 on failure.
    long long groupLag(const QString &group);
    // Per-partition high watermarks of the saga topic.
    QMap<int, long long> highWatermarks();
    // Every message of the saga topic between two watermark snapshots, as JSON objects.
    QList<QJsonObject> readEvents(const QMap<int, long long> &from, const QMap<int, long long> &to);

private:
    QNetworkReply *send(const QString &method, const QUrl &url, const QByteArray &body,
                        const QList<QPair<QByteArray, QByteArray>> &headers);

    StackInfo m_stack;
    QString m_error;
    QUrl m_api, m_prometheus, m_metrics;
    QByteArray m_bootstrap, m_topic;
    QString m_kafkaLibs;
    double m_originalRate = 5;
    QNetworkAccessManager m_net;
};
