#include "PromEnvelope.h"
#include "PrometheusClient.h"

#include <QTest>
#include <QUrlQuery>

#include <cmath>

using namespace Qt::StringLiterals;
using namespace sagadeck;

// The Prometheus API envelope: success of every result type, each error type, warnings,
// malformed bodies and a huge matrix; plus the request URLs the client builds.
class TestPromEnvelope : public QObject
{
    Q_OBJECT
private slots:
    void matrix()
    {
        const PromAnswer a = parsePromEnvelope(
            "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{\"service\":\"payment-service\"},\"values\":[[1700000000,\"1.5\"],[1700000014.5,\"2\"]]},{\"metric\":{\"service\":\"inventory-service\",\"route\":\"/r\"},\"values\":[[1700000000,\"NaN\"]]}]}}");
        QVERIFY2(a.ok(), qPrintable(a.error));
        QCOMPARE(a.resultType, u"matrix"_s);
        QCOMPARE(a.series.size(), 2);
        QCOMPARE(a.series[0].labels.value(u"service"_s), u"payment-service"_s);
        QCOMPARE(a.series[0].points.size(), 2);
        QCOMPARE(a.series[0].points[1].t, 1700000014.5);
        QCOMPARE(a.series[0].points[1].v, 2.0);
        QVERIFY(std::isnan(a.series[1].points[0].v));
        QCOMPARE(a.series[0].displayName(), u"payment-service"_s);
        QCOMPARE(a.series[1].displayName(), u"route=/r, service=inventory-service"_s);
        QVERIFY(a.warnings.isEmpty());
    }

    void vectorScalarAndInfinities()
    {
        PromAnswer a = parsePromEnvelope(
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1700000000,\"+Inf\"]}]}}");
        QVERIFY(a.ok());
        QCOMPARE(a.series.size(), 1);
        QVERIFY(std::isinf(a.series[0].points[0].v) && a.series[0].points[0].v > 0);
        QCOMPARE(a.series[0].displayName(), u"value"_s);
        a = parsePromEnvelope("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
        QVERIFY(a.ok());
        QVERIFY(a.series.isEmpty());
        a = parsePromEnvelope(
            "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1700000000,\"-0.25\"]}}");
        QVERIFY(a.ok());
        QCOMPARE(a.series[0].points[0].v, -0.25);
    }

    void alerts()
    {
        const PromAnswer a = parsePromEnvelope(
            "{\"status\":\"success\",\"data\":{\"alerts\":[{\"labels\":{\"alertname\":\"X\",\"severity\":\"page\"},\"state\":\"firing\",\"activeAt\":\"2026-11-28T04:00:00.5Z\",\"value\":\"1e+00\"}]}}");
        QVERIFY(a.ok());
        QCOMPARE(a.alerts.size(), 1);
        QCOMPARE(a.alerts[0].name, u"X"_s);
        QCOMPARE(a.alerts[0].state, u"firing"_s);
        QCOMPARE(a.alerts[0].value, 1.0);
        QVERIFY(parsePromEnvelope("{\"status\":\"success\",\"data\":{\"alerts\":[]}}").ok());
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("http");
        QTest::addColumn<QString>("errorType");
        QTest::addColumn<QString>("messagePart");
        for (const char *type :
             {"bad_data", "timeout", "canceled", "execution", "internal", "unavailable", "not_found"}) {
            const QByteArray body = "{\"status\":\"error\",\"errorType\":\"" + QByteArray(type)
                + "\",\"error\":\"it went wrong: " + type + "\"}";
            QTest::newRow(type) << body << 400 << QString::fromLatin1(type)
                                << u"Prometheus %1 error: it went wrong: %1"_s.arg(QString::fromLatin1(type));
        }
        QTest::newRow("no errorType") << QByteArray("{\"status\":\"error\"}") << 500 << u"unknown"_s
                                      << u"(no message)"_s;
        QTest::newRow("not json") << QByteArray("<html>502 Bad Gateway</html>") << 502 << u"malformed"_s
                                  << u"HTTP 502 with an unreadable body"_s;
        QTest::newRow("truncated") << QByteArray(
            "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{")
                                   << 200 << u"malformed"_s << u"JSON error at byte"_s;
        QTest::newRow("array") << QByteArray("[1,2]") << 200 << u"malformed"_s << u"not a JSON object"_s;
        QTest::newRow("no status") << QByteArray("{\"data\":{}}") << 200 << u"malformed"_s << u"status is ''"_s;
        QTest::newRow("bad resultType") << QByteArray(
            "{\"status\":\"success\",\"data\":{\"resultType\":\"table\",\"result\":[]}}")
                                        << 200 << u"malformed"_s << u"unknown resultType 'table'"_s;
        QTest::newRow("bad sample") << QByteArray(
            "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":[[1,2]]}]}}")
                                    << 200 << u"malformed"_s << u"a sample is not"_s;
        QTest::newRow("bad number") << QByteArray(
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\"abc\"]}]}}")
                                    << 200 << u"malformed"_s << u"a sample is not"_s;
        QTest::newRow("empty") << QByteArray() << 200 << u"malformed"_s << u"JSON error"_s;
    }
    void errors()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, http);
        QFETCH(QString, errorType);
        QFETCH(QString, messagePart);
        const PromAnswer a = parsePromEnvelope(body, http);
        QVERIFY(!a.ok());
        QCOMPARE(a.errorType, errorType);
        QVERIFY2(a.error.contains(messagePart), qPrintable(a.error));
        QVERIFY(a.series.isEmpty());
    }

    void warningsKeptOnSuccessAndError()
    {
        PromAnswer a = parsePromEnvelope(
            "{\"status\":\"success\",\"warnings\":[\"partial response\",\"slow\"],\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
        QVERIFY(a.ok());
        QCOMPARE(a.warnings, (QStringList{u"partial response"_s, u"slow"_s}));
        a = parsePromEnvelope("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"x\",\"warnings\":[\"w\"]}");
        QVERIFY(!a.ok());
        QCOMPARE(a.warnings, QStringList{u"w"_s});
    }

    void hugeMatrix()
    {
        // 100 series x 11,000 points: the most a range query may return per series.
        QByteArray body = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[";
        for (int s = 0; s < 100; ++s) {
            body += (s ? "," : "") + QByteArray("{\"metric\":{\"i\":\"") + QByteArray::number(s) + "\"},\"values\":[";
            for (int i = 0; i < 11000; ++i)
                body += (i ? "," : "") + QByteArray("[") + QByteArray::number(1700000000 + i * 15) + ",\""
                    + QByteArray::number(s * 100000 + i) + "\"]";
            body += "]}";
        }
        body += "]}}";
        QVERIFY(body.size() > 20 * 1024 * 1024);
        const PromAnswer a = parsePromEnvelope(body);
        QVERIFY2(a.ok(), qPrintable(a.error));
        QCOMPARE(a.series.size(), 100);
        QCOMPARE(a.series[99].points.size(), 11000);
        QCOMPARE(a.series[99].points.last().v, double(99 * 100000 + 10999));
        QCOMPARE(a.series[99].points.last().t, double(1700000000 + 10999 * 15));
    }

    void requestUrls()
    {
        PromRequest r;
        r.kind = PromRequest::Kind::Range;
        r.query = u"sum(rate(x{a=~\"5..\"}[5m])) + 1"_s;
        r.start = 1700000000;
        r.end = 1700003600;
        r.step = 14;
        PromHttpRequest h = buildPromHttpRequest(u"http://prom:9090/prefix/"_s, r);
        QCOMPARE(h.method, QByteArray("GET"));
        QVERIFY(h.url.startsWith(u"http://prom:9090/prefix/api/v1/query_range?"_s));
        const QUrlQuery q(QUrl(h.url).query());
        QCOMPARE(q.queryItemValue(u"query"_s, QUrl::FullyDecoded), r.query); // '+' survives
        QCOMPARE(q.queryItemValue(u"start"_s), u"1700000000.000"_s);
        QCOMPARE(q.queryItemValue(u"step"_s), u"14.000"_s);
        r.usePost = true;
        h = buildPromHttpRequest(u"http://prom:9090"_s, r);
        QCOMPARE(h.method, QByteArray("POST"));
        QCOMPARE(h.url, u"http://prom:9090/api/v1/query_range"_s);
        QCOMPARE(QUrlQuery(QString::fromLatin1(h.body)).queryItemValue(u"query"_s, QUrl::FullyDecoded), r.query);
        r = PromRequest();
        r.kind = PromRequest::Kind::Alerts;
        h = buildPromHttpRequest(u"http://prom:9090"_s, r);
        QCOMPARE(h.url, u"http://prom:9090/api/v1/alerts"_s);
        QCOMPARE(h.method, QByteArray("GET"));
    }
};

QTEST_GUILESS_MAIN(TestPromEnvelope)
#include "tst_promenvelope.moc"
