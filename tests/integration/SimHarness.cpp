#include "SimHarness.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QProcess>
#include <QTest>
#include <QTimer>
#include <QUrlQuery>

#include <librdkafka/rdkafka.h>
#include <pqxx/pqxx>

#include <memory>

using namespace Qt::StringLiterals;

SimHarness::SimHarness()
{
    m_stack = StackInfo::load();
    if (!m_stack.error.isEmpty()) {
        m_error = m_stack.error;
        return;
    }
    const QJsonObject sim = m_stack.section(u"sim"_s);
    m_api = QUrl(sim.value(u"api_url"_s).toString());
    m_metrics = QUrl(u"http://127.0.0.1:%1/metrics"_s.arg(sim.value(u"metrics_port"_s).toInt()));
    m_prometheus = QUrl(m_stack.string(u"prometheus"_s, u"url"_s));
    m_bootstrap = m_stack.string(u"kafka"_s, u"bootstrap"_s).toUtf8();
    m_topic = m_stack.string(u"kafka"_s, u"topic"_s).toUtf8();
    m_kafkaLibs = m_stack.string(u"kafka"_s, u"libs"_s);
    if (!m_api.isValid() || m_api.host().isEmpty()) {
        m_error = u"stack.json has no sim.api_url: is saga-sim part of the stack?"_s;
        return;
    }
    const Reply r = get(u"/sim/scenario"_s);
    if (r.status != 200) {
        m_error = u"saga-sim does not answer GET /sim/scenario (HTTP %1)"_s.arg(r.status);
        return;
    }
    m_originalRate = r.body.value(u"rate"_s).toDouble();
    if (m_originalRate <= 0)
        m_originalRate = m_stack.section(u"sim"_s).value(u"rate"_s).toDouble(5);
}

void SimHarness::open(std::unique_ptr<SimHarness> &sim)
{
    sim = std::make_unique<SimHarness>();
    QVERIFY2(sim->error().isEmpty(), qPrintable(sim->error()));
}

QNetworkReply *SimHarness::send(const QString &method, const QUrl &url, const QByteArray &body,
                                const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest request(url);
    request.setTransferTimeout(15000);
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    return method == u"GET"_s ? m_net.get(request) : m_net.post(request, body);
}

SimHarness::Reply SimHarness::wait(QNetworkReply *reply, int timeoutMs)
{
    // A plain event loop, not QSignalSpy::wait: QtTest's wait returns at once once the test
    // function has failed, and restore() runs exactly then.
    if (!reply->isFinished()) {
        QEventLoop loop;
        QTimer timeout;
        timeout.setSingleShot(true);
        QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        timeout.start(timeoutMs);
        loop.exec();
    }
    Reply r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.raw = reply->readAll();
    r.body = QJsonDocument::fromJson(r.raw).object();
    reply->deleteLater();
    return r;
}

SimHarness::Reply SimHarness::get(const QString &path)
{
    QUrl url = m_api;
    const qsizetype q = path.indexOf(u'?');
    url.setPath(q < 0 ? path : path.left(q));
    if (q >= 0)
        url.setQuery(path.mid(q + 1));
    return wait(send(u"GET"_s, url, {}, {}));
}

QNetworkReply *SimHarness::startPost(const QString &path, const QByteArray &body,
                                     const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QUrl url = m_api;
    url.setPath(path);
    return send(u"POST"_s, url, body, headers);
}

SimHarness::Reply SimHarness::post(const QString &path, const QByteArray &body,
                                   const QList<QPair<QByteArray, QByteArray>> &headers)
{
    return wait(startPost(path, body, headers));
}

bool SimHarness::setScenario(const QString &scenario)
{
    const QByteArray body = QJsonDocument(QJsonObject{{u"scenario"_s, scenario}}).toJson(QJsonDocument::Compact);
    const Reply r = post(u"/sim/scenario"_s, body);
    return r.status == 200 && r.body.value(u"scenario"_s).toString() == scenario;
}

bool SimHarness::setRate(double rate)
{
    const QByteArray body = QJsonDocument(QJsonObject{{u"rate"_s, rate}}).toJson(QJsonDocument::Compact);
    const Reply r = post(u"/sim/rate"_s, body);
    return r.status == 200 && r.body.value(u"rate"_s).toDouble() == rate;
}

void SimHarness::restore()
{
    if (!setScenario(u"steady"_s))
        qWarning("could not restore scenario steady");
    if (!setRate(m_originalRate))
        qWarning("could not restore rate %g", m_originalRate);
}

int SimHarness::inFlight()
{
    const Reply r = get(u"/sim/scenario"_s);
    return r.status == 200 ? r.body.value(u"in_flight"_s).toInt(-1) : -1;
}

bool SimHarness::quiesce(int timeoutMs)
{
    if (!setRate(0))
        return false;
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (inFlight() == 0)
            return true;
        QTest::qWait(200);
    }
    return false;
}

bool SimHarness::waitForNoAlerts(int timeoutMs, QString *remaining)
{
    QStringList runbook;
    QFile file(QStringLiteral(SAGADECK_SOURCE_DIR "/resources/alert-rules.json"));
    if (file.open(QIODevice::ReadOnly))
        for (const QJsonValue &rule : QJsonDocument::fromJson(file.readAll()).object().value(u"rules"_s).toArray())
            runbook << rule.toObject().value(u"name"_s).toString();
    if (runbook.isEmpty()) {
        *remaining = u"cannot read the runbook's rules from resources/alert-rules.json"_s;
        return false;
    }
    QDeadlineTimer deadline(timeoutMs);
    while (true) {
        const Reply r = promGet(u"/api/v1/alerts"_s);
        QJsonArray alerts;
        for (const QJsonValue &a : r.body.value(u"data"_s).toObject().value(u"alerts"_s).toArray())
            if (runbook.contains(a.toObject().value(u"labels"_s).toObject().value(u"alertname"_s).toString()))
                alerts.append(a);
        if (r.status == 200 && r.body.value(u"status"_s).toString() == u"success"_s && alerts.isEmpty())
            return true;
        if (deadline.hasExpired()) {
            QStringList left;
            for (const QJsonValue &a : alerts) {
                const QJsonObject o = a.toObject();
                left << QString::fromUtf8(QJsonDocument(o.value(u"labels"_s).toObject()).toJson(QJsonDocument::Compact))
                        + u' ' + o.value(u"state"_s).toString() + u' ' + o.value(u"value"_s).toString();
            }
            *remaining = r.status == 200 ? left.join(u"; "_s) : u"Prometheus answered %1"_s.arg(r.status);
            return false;
        }
        QTest::qWait(2000);
    }
}

SimHarness::Reply SimHarness::promGet(const QString &path)
{
    QUrl url = m_prometheus;
    url.setPath(path);
    return wait(send(u"GET"_s, url, {}, {}));
}

std::optional<double> SimHarness::promValue(const QString &expr, const QDateTime &at)
{
    QUrl url = m_prometheus;
    url.setPath(u"/api/v1/query"_s);
    QUrlQuery q;
    q.addQueryItem(u"query"_s, expr);
    if (at.isValid())
        q.addQueryItem(u"time"_s, QString::number(at.toMSecsSinceEpoch() / 1000.0, 'f', 3));
    url.setQuery(q);
    const Reply r = wait(send(u"GET"_s, url, {}, {}));
    const QJsonArray result = r.body.value(u"data"_s).toObject().value(u"result"_s).toArray();
    if (r.status != 200 || result.isEmpty())
        return std::nullopt;
    bool ok = false;
    const double v = result.at(0).toObject().value(u"value"_s).toArray().at(1).toString().toDouble(&ok);
    return ok ? std::optional<double>(v) : std::nullopt;
}

std::optional<double> SimHarness::exposedSum(const QByteArray &metric)
{
    const Reply r = wait(send(u"GET"_s, m_metrics, {}, {}));
    if (r.status != 200)
        return std::nullopt;
    double sum = 0;
    for (const QByteArray &line : r.raw.split('\n')) {
        if (line.startsWith(QByteArray(metric + '{')) || line.startsWith(QByteArray(metric + ' ')))
            sum += line.mid(line.lastIndexOf(' ') + 1).toDouble();
    }
    return sum;
}

bool SimHarness::waitForFreshScrape(const QList<QByteArray> &metrics, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        bool fresh = true;
        for (const QByteArray &m : metrics) {
            const std::optional<double> exposed = exposedSum(m);
            const double scraped = promValue(u"sum(%1)"_s.arg(QString::fromUtf8(m))).value_or(0);
            fresh = fresh && exposed && *exposed == scraped;
        }
        if (fresh)
            return true;
        QTest::qWait(500);
    }
    // Say what did not match, so that a failure can be understood from the log alone.
    for (const QByteArray &m : metrics)
        qWarning("%s: exposed %s, scraped %s", m.constData(),
                 qPrintable(exposedSum(m) ? QString::number(*exposedSum(m)) : u"nothing"_s),
                 qPrintable(QString::number(promValue(u"sum(%1)"_s.arg(QString::fromUtf8(m))).value_or(-1))));
    return false;
}

QString SimHarness::sqlValue(const QString &sql)
{
    const QStringList column = sqlColumn(sql);
    return column.isEmpty() ? QString() : column.first();
}

QStringList SimHarness::sqlColumn(const QString &sql)
{
    QStringList out;
    try {
        pqxx::connection conn(m_stack.string(u"postgres"_s, u"console_conninfo"_s).toStdString());
        pqxx::read_transaction tx(conn);
        for (const pqxx::row &row : tx.exec(sql.toStdString()))
            out << QString::fromUtf8(row[0].c_str());
    } catch (const std::exception &e) {
        qWarning("SQL failed: %s: %s", qPrintable(sql), e.what());
    }
    return out;
}

bool SimHarness::sqlExecAsSim(const QString &sql, QString *errorOut)
{
    try {
        pqxx::connection conn(m_stack.string(u"postgres"_s, u"sim_conninfo"_s).toStdString());
        pqxx::work tx(conn);
        tx.exec(sql.toStdString());
        tx.commit();
        return true;
    } catch (const std::exception &e) {
        if (errorOut)
            *errorOut = QString::fromUtf8(e.what());
        return false;
    }
}

long long SimHarness::groupLag(const QString &group)
{
    QProcess java;
    java.start(
        u"java"_s,
        {u"-Xmx256m"_s, u"-XX:TieredStopAtLevel=1"_s, u"-cp"_s, m_kafkaLibs + u"/*"_s,
         u"-Dlog4j2.configurationFile="_s + m_stack.root.value(u"dir"_s).toString() + u"/kafka/log4j2.properties"_s,
         u"-Dsagadeck.log.level=WARN"_s, u"org.apache.kafka.tools.consumer.group.ConsumerGroupCommand"_s,
         u"--bootstrap-server"_s, QString::fromUtf8(m_bootstrap), u"--describe"_s, u"--group"_s, group});
    if (!java.waitForFinished(30000) || java.exitCode() != 0) {
        qWarning("ConsumerGroupCommand failed: %s", java.readAllStandardError().constData());
        return -1;
    }
    // Columns: GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG ...
    long long lag = 0;
    int rows = 0;
    for (const QByteArray &line : java.readAllStandardOutput().split('\n')) {
        const QList<QByteArray> cols = line.simplified().split(' ');
        if (cols.size() < 6 || cols.at(0) != group.toUtf8() || cols.at(1) != m_topic)
            continue;
        bool ok = false;
        const long long partLag = cols.at(5).toLongLong(&ok);
        if (!ok)
            return -1; // "-": nothing committed for that partition yet
        lag += partLag;
        ++rows;
    }
    return rows > 0 ? lag : -1;
}

namespace {

struct KafkaDeleter
{
    void operator()(rd_kafka_t *rk) const { rd_kafka_destroy(rk); }
};

std::unique_ptr<rd_kafka_t, KafkaDeleter> makeConsumer(const QByteArray &bootstrap)
{
    char err[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.constData(), err, sizeof err);
    rd_kafka_conf_set(conf, "enable.auto.commit", "false", err, sizeof err);
    rd_kafka_conf_set(conf, "enable.partition.eof", "true", err, sizeof err);
    // Manual assignment only: the group never joins or commits, it just names this reader.
    rd_kafka_conf_set(conf, "group.id", "sagadeck-tests-reader", err, sizeof err);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
    if (rk)
        rd_kafka_poll_set_consumer(rk);
    return std::unique_ptr<rd_kafka_t, KafkaDeleter>(rk);
}

} // namespace

QMap<int, long long> SimHarness::highWatermarks()
{
    QMap<int, long long> out;
    auto rk = makeConsumer(m_bootstrap);
    const int partitions = m_stack.section(u"kafka"_s).value(u"partitions"_s).toInt();
    for (int p = 0; p < partitions && rk; ++p) {
        int64_t low = -1, high = -1;
        if (rd_kafka_query_watermark_offsets(rk.get(), m_topic.constData(), p, &low, &high, 10000)
            == RD_KAFKA_RESP_ERR_NO_ERROR)
            out.insert(p, high);
    }
    return out;
}

QList<QJsonObject> SimHarness::readEvents(const QMap<int, long long> &from, const QMap<int, long long> &to)
{
    QList<QJsonObject> events;
    auto rk = makeConsumer(m_bootstrap);
    if (!rk)
        return events;
    rd_kafka_topic_partition_list_t *parts = rd_kafka_topic_partition_list_new(int(to.size()));
    int wanted = 0;
    for (auto it = to.cbegin(); it != to.cend(); ++it) {
        if (it.value() > from.value(it.key())) {
            rd_kafka_topic_partition_list_add(parts, m_topic.constData(), it.key())->offset = from.value(it.key());
            wanted += 1;
        }
    }
    rd_kafka_assign(rk.get(), parts);
    rd_kafka_topic_partition_list_destroy(parts);
    QMap<int, bool> done;
    QDeadlineTimer deadline(30000);
    while (done.size() < wanted && !deadline.hasExpired()) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(rk.get(), 500);
        if (!m)
            continue;
        const int p = m->partition;
        if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR && m->offset < to.value(p)) {
            events << QJsonDocument::fromJson(QByteArray(static_cast<const char *>(m->payload), int(m->len))).object();
            if (m->offset + 1 >= to.value(p))
                done.insert(p, true);
        } else if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF || (m->err == RD_KAFKA_RESP_ERR_NO_ERROR)) {
            if (m->offset + 1 >= to.value(p) || m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF)
                done.insert(p, true);
        }
        rd_kafka_message_destroy(m);
    }
    rd_kafka_consumer_close(rk.get());
    if (done.size() < wanted)
        qWarning("readEvents: only %d of %d partitions read to the end", int(done.size()), wanted);
    return events;
}
