#include "StackInfo.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

// The stack's Prometheus, reached with Qt Network as the console's PrometheusClient will.
class TestStackPrometheus : public QObject
{
    Q_OBJECT
private:
    StackInfo m_stack;
    QNetworkAccessManager m_net;
    QUrl m_base;

    // GET `path` and return the parsed JSON body; fails the test on a network error.
    QJsonObject get(const QString &path, const QUrlQuery &query = {})
    {
        QUrl url = m_base;
        url.setPath(path);
        url.setQuery(query);
        QNetworkRequest request(url);
        request.setTransferTimeout(10000);
        QNetworkReply *reply = m_net.get(request);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!reply->isFinished() && !finished.wait(15000))
            qWarning("no answer from %s", qPrintable(url.toString()));
        reply->deleteLater();
        if (reply->error() != QNetworkReply::NoError) {
            qWarning("%s: %s", qPrintable(url.toString()), qPrintable(reply->errorString()));
            return {};
        }
        return QJsonDocument::fromJson(reply->readAll()).object();
    }

private slots:
    void initTestCase()
    {
        m_stack = StackInfo::load();
        QVERIFY2(m_stack.error.isEmpty(), qPrintable(m_stack.error));
        m_base = QUrl(m_stack.string(u"prometheus"_s, u"url"_s));
        QVERIFY(m_base.isValid() && !m_base.host().isEmpty());
    }

    void buildInfoIsPrometheus242()
    {
        const QJsonObject body = get(u"/api/v1/status/buildinfo"_s);
        QCOMPARE(body.value(u"status"_s).toString(), u"success"_s);
        const QString version = body.value(u"data"_s).toObject().value(u"version"_s).toString();
        QVERIFY2(version.startsWith(u"2.42"_s), qPrintable(version));
    }

    void scrapeTargetsAreConfigured()
    {
        // Service discovery publishes targets a few seconds after Prometheus starts.
        QStringList jobs;
        QString simScrapeUrl;
        bool selfUp = false;
        QDeadlineTimer deadline(30000);
        while (!(selfUp && jobs.contains(u"saga-sim"_s)) && !deadline.hasExpired()) {
            if (!jobs.isEmpty())
                QTest::qWait(500);
            jobs.clear();
            const QJsonObject body = get(u"/api/v1/targets"_s);
            QCOMPARE(body.value(u"status"_s).toString(), u"success"_s);
            const QJsonArray active = body.value(u"data"_s).toObject().value(u"activeTargets"_s).toArray();
            for (const QJsonValue &t : active) {
                const QJsonObject target = t.toObject();
                const QString job = target.value(u"labels"_s).toObject().value(u"job"_s).toString();
                jobs << job;
                if (job == u"saga-sim"_s)
                    simScrapeUrl = target.value(u"scrapeUrl"_s).toString();
                if (job == u"prometheus"_s)
                    selfUp = target.value(u"health"_s).toString() == u"up"_s;
            }
            if (jobs.isEmpty())
                QTest::qWait(500);
        }
        QVERIFY2(jobs.contains(u"prometheus"_s), qPrintable(jobs.join(u',')));
        QVERIFY2(selfUp, "the self-scrape target never became healthy");
        QVERIFY2(jobs.contains(u"saga-sim"_s), qPrintable(jobs.join(u',')));
        const int simPort = m_stack.section(u"sim"_s).value(u"metrics_port"_s).toInt();
        QVERIFY(simPort > 0);
        QVERIFY2(simScrapeUrl.contains(u":%1/"_s.arg(simPort)), qPrintable(simScrapeUrl));
    }

    void instantQueryAnswersAndAgreesWithPromtool()
    {
        // Ask for the timestamp of the newest self-scrape sample: it must be fresh, so that
        // samples left in the TSDB by an earlier run cannot pass for a live answer.
        const double startedAt = QDateTime::currentMSecsSinceEpoch() / 1000.0;
        double sampleTime = 0;
        QDeadlineTimer deadline(30000);
        while (sampleTime < startedAt && !deadline.hasExpired()) {
            QUrlQuery q;
            q.addQueryItem(u"query"_s, u"timestamp(up{job=\"prometheus\"} == 1)"_s);
            const QJsonObject body = get(u"/api/v1/query"_s, q);
            QCOMPARE(body.value(u"status"_s).toString(), u"success"_s);
            const QJsonObject data = body.value(u"data"_s).toObject();
            QCOMPARE(data.value(u"resultType"_s).toString(), u"vector"_s);
            const QJsonArray result = data.value(u"result"_s).toArray();
            if (!result.isEmpty())
                sampleTime = result.at(0).toObject().value(u"value"_s).toArray().at(1).toString().toDouble();
            if (sampleTime < startedAt)
                QTest::qWait(500);
        }
        QVERIFY2(sampleTime >= startedAt, "no fresh self-scrape sample with up == 1");

        // Independent check with Prometheus' own promtool.
        QProcess promtool;
        promtool.start(u"promtool"_s, {u"query"_s, u"instant"_s, m_base.toString(), u"up{job=\"prometheus\"}"_s});
        QVERIFY(promtool.waitForFinished(20000));
        QCOMPARE(promtool.exitCode(), 0);
        const QString out = QString::fromUtf8(promtool.readAllStandardOutput());
        QVERIFY2(out.contains(u"=> 1 @"_s), qPrintable(out));
    }

    void malformedQueryGivesPrometheusErrorEnvelope()
    {
        QUrl url = m_base;
        url.setPath(u"/api/v1/query"_s);
        url.setQuery(u"query=sum(("_s);
        QNetworkReply *reply = m_net.get(QNetworkRequest(url));
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QVERIFY(reply->isFinished() || finished.wait(15000));
        reply->deleteLater();
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 400);
        const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
        QCOMPARE(body.value(u"status"_s).toString(), u"error"_s);
        QCOMPARE(body.value(u"errorType"_s).toString(), u"bad_data"_s);
        QVERIFY(!body.value(u"error"_s).toString().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestStackPrometheus)
#include "tst_stack_prometheus.moc"
