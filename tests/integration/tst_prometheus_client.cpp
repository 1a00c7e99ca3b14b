#include "ChartCatalog.h"
#include "GuardedNetworkAccess.h"
#include "PrometheusClient.h"
#include "QueryStep.h"
#include "QueuedSpy.h"
#include "SimHarness.h"
#include "StackInfo.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>

#include <cmath>

using namespace Qt::StringLiterals;
using namespace sagadeck;

// The PrometheusClient against the stack's real Prometheus: its series equal what Prometheus'
// own promtool returns for the same query, range and step (GET and the form POST, which its
// read-only transport lets through as a read); Prometheus' errors arrive as readable messages;
// a server that never answers hits the deadline and makes the feed Down.
class TestPrometheusClient : public QObject
{
    Q_OBJECT
private:
    StackInfo m_stack;

    struct RunningClient
    {
        PrometheusClient *client;
        QThread thread;
        explicit RunningClient(const PrometheusSettings &s, int transferMs = 10000, int deadlineMs = 20000)
            : client(new PrometheusClient(s))
        {
            client->setTimeouts(transferMs, deadlineMs);
            client->moveToThread(&thread);
            QObject::connect(&thread, &QThread::finished, client, &QObject::deleteLater);
            thread.start();
            QMetaObject::invokeMethod(client, &PrometheusClient::start, Qt::QueuedConnection);
        }
        void submit(const PromRequest &r)
        {
            QMetaObject::invokeMethod(
                client, [c = client, r] { c->submit(r); }, Qt::QueuedConnection);
        }
        ~RunningClient()
        {
            QMetaObject::invokeMethod(client, &PrometheusClient::stop, Qt::QueuedConnection);
            thread.quit();
            thread.wait();
        }
    };

    PrometheusSettings settings() const
    {
        PrometheusSettings s;
        s.url = m_stack.string(u"prometheus"_s, u"url"_s);
        s.scrapeIntervalS = m_stack.section(u"prometheus"_s).value(u"scrape_interval_s"_s).toInt(2);
        return s;
    }

    static PromAnswer answerFor(QueuedSpy &spy, quint64 id, int timeoutMs = 20000)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (!deadline.hasExpired()) {
            for (const QList<QVariant> &args : std::as_const(spy)) {
                const auto a = args.at(0).value<PromAnswer>();
                if (a.request.id == id)
                    return a;
            }
            spy.wait(200);
        }
        PromAnswer none;
        none.error = u"no answer for request %1 within %2 ms"_s.arg(id).arg(timeoutMs);
        return none;
    }

    // promtool's own reading of the same range query: labels -> [(t, value text)].
    QMap<QString, QList<QPair<double, QString>>> promtool(const QString &query, const QueryWindow &w)
    {
        QProcess p;
        p.start(u"promtool"_s,
                {u"query"_s, u"range"_s, u"-o"_s, u"json"_s, u"--start=%1"_s.arg(qint64(w.start)),
                 u"--end=%1"_s.arg(qint64(w.end)), u"--step=%1s"_s.arg(qint64(w.step)), settings().url, query});
        if (!p.waitForFinished(30000) || p.exitCode() != 0) {
            qWarning("promtool failed: %s", p.readAllStandardError().constData());
            return {};
        }
        QMap<QString, QList<QPair<double, QString>>> out;
        for (const QJsonValue &v : QJsonDocument::fromJson(p.readAllStandardOutput()).array()) {
            const QJsonObject metric = v.toObject().value(u"metric"_s).toObject();
            QStringList labels;
            for (auto it = metric.begin(); it != metric.end(); ++it)
                labels << it.key() + u'=' + it.value().toString();
            auto &samples = out[labels.join(u',')];
            for (const QJsonValue &s : v.toObject().value(u"values"_s).toArray())
                samples.append({s.toArray().at(0).toDouble(), s.toArray().at(1).toString()});
        }
        return out;
    }

    std::unique_ptr<SimHarness> m_sim;

private slots:
    void initTestCase()
    {
        PrometheusClient::registerMetaTypes();
        m_stack = StackInfo::load();
        QVERIFY2(m_stack.error.isEmpty(), qPrintable(m_stack.error));
        // Every chart query must have data to compare. A stack started moments ago may not
        // have had its first saga failure yet (steady fails ~0.2 %): make a few, then wait
        // until Prometheus has scraped them for a while (the windows end 10 s in the past).
        SimHarness::open(m_sim);
        const QString failures = u"sum(increase(saga_failed_total[5m]))"_s;
        if (m_sim->promValue(failures).value_or(0) <= 0) {
            QVERIFY(m_sim->setScenario(u"payment-outage"_s));
            QTest::qWait(4000);
            QVERIFY(m_sim->setScenario(u"steady"_s));
            QDeadlineTimer scraped(60000);
            while (m_sim->promValue(failures).value_or(0) <= 0 && !scraped.hasExpired())
                QTest::qWait(1000);
            QVERIFY2(m_sim->promValue(failures).value_or(0) > 0, "no saga failure reached Prometheus");
            QTest::qWait(15000);
        }
    }

    void cleanupTestCase()
    {
        if (m_sim)
            m_sim->restore();
        m_sim.reset();
    }

    void seriesEqualPromtool_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<int>("rangeS");
        QTest::addColumn<int>("widthPx");
        for (const ChartSpec &c : chartCatalog())
            QTest::newRow(qPrintable(c.id)) << c.query << 900 << 300;
        QTest::newRow("fine step, 1 per scrape") << u"sum(rate(saga_created_total[1m]))"_s << 300 << 2000;
    }
    void seriesEqualPromtool()
    {
        QFETCH(QString, query);
        QFETCH(int, rangeS);
        QFETCH(int, widthPx);
        const PrometheusSettings s = settings();
        // A window that ended a few scrapes ago: both readers see settled data.
        const QueryWindow w = queryWindow(QDateTime::currentSecsSinceEpoch() - 10, rangeS, widthPx, s.scrapeIntervalS);
        QCOMPARE(std::fmod(w.step, 1.0), 0.0); // whole seconds, as promtool's --step takes them
        RunningClient run(s);
        QueuedSpy answers(run.client, &PrometheusClient::answered);
        PromRequest r;
        r.id = 7;
        r.kind = PromRequest::Kind::Range;
        r.query = query;
        r.start = w.start;
        r.end = w.end;
        r.step = w.step;
        r.usePost = rangeS == 300; // the POST form too
        // Prometheus' transport is read-only: the form POST passes as a read, never as a mutation.
        const quint64 readPostsBefore = GuardedNetworkAccess::readPostsSent();
        const quint64 mutatingBefore = GuardedNetworkAccess::mutatingSent() + GuardedNetworkAccess::mutatingRefused();
        run.submit(r);
        const PromAnswer a = answerFor(answers, 7);
        QVERIFY2(a.ok(), qPrintable(a.error));
        QCOMPARE(a.resultType, u"matrix"_s);
        QCOMPARE(GuardedNetworkAccess::readPostsSent(), readPostsBefore + (r.usePost ? 1 : 0));
        QCOMPARE(GuardedNetworkAccess::mutatingSent() + GuardedNetworkAccess::mutatingRefused(), mutatingBefore);

        const auto expected = promtool(query, w);
        QVERIFY2(!expected.isEmpty(), "promtool returned no series (is the stack's workload running?)");
        QCOMPARE(a.series.size(), expected.size());
        int compared = 0;
        for (const PromSeries &series : a.series) {
            QStringList labels;
            for (auto it = series.labels.cbegin(); it != series.labels.cend(); ++it)
                labels << it.key() + u'=' + it.value();
            const QString key = labels.join(u',');
            QVERIFY2(expected.contains(key), qPrintable(u"series {%1} not in promtool's answer"_s.arg(key)));
            const auto &samples = expected.value(key);
            QCOMPARE(series.points.size(), samples.size());
            QVERIFY(series.points.size() <= w.points());
            for (int i = 0; i < samples.size(); ++i) {
                QCOMPARE(series.points[i].t, samples[i].first);
                const QString text = samples[i].second;
                const double v = text == u"NaN"_s ? std::nan("") : text.toDouble();
                if (std::isnan(v))
                    QVERIFY(std::isnan(series.points[i].v));
                else
                    QCOMPARE(series.points[i].v, v); // exact: the same float64
                ++compared;
            }
        }
        QVERIFY(compared > 0);
    }

    void prometheusErrorIsReadable()
    {
        RunningClient run(settings());
        QueuedSpy answers(run.client, &PrometheusClient::answered);
        QueuedSpy health(run.client, &PrometheusClient::healthChanged);
        PromRequest r;
        r.id = 1;
        r.query = u"sum(rate(http_requests_total[5m])"_s; // unbalanced
        run.submit(r);
        PromAnswer a = answerFor(answers, 1);
        QCOMPARE(a.errorType, u"bad_data"_s);
        QVERIFY2(a.error.startsWith(u"Prometheus bad_data error: "_s) && a.error.contains(u"parse error"_s),
                 qPrintable(a.error));
        QVERIFY(a.reachable); // the server answered: the feed is fine, the query is not
        QTRY_COMPARE_WITH_TIMEOUT(health.last().at(0).value<FeedHealth>().state, FeedState::Live, 5000);

        // More than 11,000 points per series: Prometheus refuses, and says so.
        r.id = 2;
        r.kind = PromRequest::Kind::Range;
        r.query = u"up"_s;
        r.end = double(QDateTime::currentSecsSinceEpoch());
        r.start = r.end - 12000;
        r.step = 1;
        run.submit(r);
        a = answerFor(answers, 2);
        QCOMPARE(a.errorType, u"bad_data"_s);
        QVERIFY2(a.error.contains(u"11,000"_s) || a.error.contains(u"11000"_s), qPrintable(a.error));

        // Prometheus' own alerts endpoint answers (the stack loads the console's rules: a list of
        // the firing and pending ones, empty while no incident is on).
        r = PromRequest();
        r.id = 3;
        r.kind = PromRequest::Kind::Alerts;
        run.submit(r);
        a = answerFor(answers, 3);
        QVERIFY2(a.ok(), qPrintable(a.error));
        QCOMPARE(a.resultType, u"alerts"_s);
    }

    void credentialsFromTheEnvironment_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<QByteArray>("expectedHeader");
        QTest::newRow("bearer") << u"bearer"_s << QByteArray("Authorization: Bearer t0k3n");
        QTest::newRow("basic") << u"basic"_s
                               << QByteArray("Authorization: Basic " + QByteArray("ops:pa ss").toBase64());
    }
    void credentialsFromTheEnvironment()
    {
        QFETCH(QString, mode);
        QFETCH(QByteArray, expectedHeader);
        // A stand-in server that records the request and answers like Prometheus.
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        QByteArray seen;
        connect(&server, &QTcpServer::newConnection, this, [&] {
            QTcpSocket *sock = server.nextPendingConnection();
            connect(sock, &QTcpSocket::readyRead, sock, [&seen, sock] {
                seen += sock->readAll();
                if (!seen.contains("\r\n\r\n"))
                    return;
                const QByteArray body = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}";
                sock->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                            + QByteArray::number(body.size()) + "\r\n\r\n" + body);
            });
        });
        qputenv("SAGADECK_TEST_PROM_TOKEN", "t0k3n");
        qputenv("SAGADECK_TEST_PROM_PASSWORD", "pa ss");
        PrometheusSettings s;
        s.url = u"http://127.0.0.1:%1"_s.arg(server.serverPort());
        if (mode == u"bearer"_s) {
            s.bearerTokenEnv = u"SAGADECK_TEST_PROM_TOKEN"_s;
        } else {
            s.basicAuthUser = u"ops"_s;
            s.basicAuthPasswordEnv = u"SAGADECK_TEST_PROM_PASSWORD"_s;
        }
        RunningClient run(s);
        QueuedSpy answers(run.client, &PrometheusClient::answered);
        PromRequest r;
        r.id = 1;
        r.query = u"up"_s;
        run.submit(r);
        const PromAnswer a = answerFor(answers, 1, 10000);
        QVERIFY2(a.ok(), qPrintable(a.error));
        QVERIFY2(seen.startsWith("GET /api/v1/query?query=up HTTP/1.1\r\n"), seen.constData());
        QVERIFY2(seen.contains(QByteArray(expectedHeader + "\r\n")), seen.constData());

        // The variable unset: no request leaves, the feed is Down and says which variable.
        qunsetenv("SAGADECK_TEST_PROM_TOKEN");
        qunsetenv("SAGADECK_TEST_PROM_PASSWORD");
        QueuedSpy health(run.client, &PrometheusClient::healthChanged);
        seen.clear();
        r.id = 2;
        run.submit(r);
        const PromAnswer b = answerFor(answers, 2, 10000);
        QCOMPARE(b.errorType, u"config"_s);
        QVERIFY2(b.error.contains(u"SAGADECK_TEST_PROM_"_s), qPrintable(b.error));
        QTRY_VERIFY_WITH_TIMEOUT(!health.isEmpty(), 5000);
        QCOMPARE(health.last().at(0).value<FeedHealth>().state, FeedState::Down);
        QTest::qWait(200);
        QVERIFY(seen.isEmpty());
    }

    void silentServerHitsTheDeadlineAndTheFeedIsDown()
    {
        // Accepts connections and never answers: a hung Prometheus.
        QTcpServer hung;
        QVERIFY(hung.listen(QHostAddress::LocalHost));
        QList<QTcpSocket *> held;
        connect(&hung, &QTcpServer::newConnection, this, [&] { held << hung.nextPendingConnection(); });
        PrometheusSettings s;
        s.url = u"http://127.0.0.1:%1"_s.arg(hung.serverPort());
        RunningClient run(s, 800, 1500);
        QueuedSpy answers(run.client, &PrometheusClient::answered);
        QueuedSpy health(run.client, &PrometheusClient::healthChanged);
        PromRequest r;
        r.id = 9;
        r.query = u"up"_s;
        QElapsedTimer clock;
        clock.start();
        run.submit(r);
        const PromAnswer a = answerFor(answers, 9, 10000);
        QVERIFY(!a.ok());
        QVERIFY(!a.reachable);
        QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
        QVERIFY2(!a.error.isEmpty(), "a timed-out request must say why");
        QCOMPARE(a.errorType, u"timeout"_s);
        QTRY_COMPARE_WITH_TIMEOUT(health.last().at(0).value<FeedHealth>().state, FeedState::Down, 2000);
        QVERIFY(health.last().at(0).value<FeedHealth>().reason.contains(u"retrying in"_s));

        // While Down, requests are answered at once with the reason (no pile-up of sockets).
        r.id = 10;
        run.submit(r);
        const PromAnswer b = answerFor(answers, 10, 5000);
        QVERIFY(!b.ok());
        QVERIFY(!b.reachable);
    }
};

QTEST_GUILESS_MAIN(TestPrometheusClient)
#include "tst_prometheus_client.moc"
