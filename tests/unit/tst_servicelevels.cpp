#include "ChartCatalog.h"
#include "IncidentTimeline.h"
#include "Playbook.h"
#include "ServiceLevelQueries.h"
#include "ServiceLevels.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <QTest>

#include <limits>

using namespace Qt::StringLiterals;
using namespace sagadeck;

Q_DECLARE_METATYPE(std::optional<double>)

class TestServiceLevels : public QObject
{
    Q_OBJECT
private slots:
    void levels_data()
    {
        QTest::addColumn<std::optional<double>>("success");
        QTest::addColumn<std::optional<double>>("p95");
        QTest::addColumn<std::optional<double>>("availability");
        QTest::addColumn<std::optional<double>>("errors");
        QTest::addColumn<QStringList>("states"); // success, latency, availability, errors
        QTest::addColumn<QStringList>("values");
        const double nan = std::numeric_limits<double>::quiet_NaN();
        using V = std::optional<double>;
        // 0.04 % errors: availability 99.96 % meets its target of 99.95 %.
        QTest::newRow("availability just met")
            << V(0.999) << V(0.2) << V(0.9996) << V(0.0004) << QStringList{u"met"_s, u"met"_s, u"met"_s, u"met"_s}
            << QStringList{u"99.90 %"_s, u"200 ms"_s, u"99.960 %"_s, u"0.040 %"_s};
        QTest::newRow("steady") << V(0.998) << V(0.048) << V(0.9998) << V(0.0002)
                                << QStringList{u"met"_s, u"met"_s, u"met"_s, u"met"_s}
                                << QStringList{u"99.80 %"_s, u"48 ms"_s, u"99.980 %"_s, u"0.020 %"_s};
        // A young healthy stack: no 5xx and no failure yet reads 0, a verdict, not no data.
        QTest::newRow("young and healthy")
            << V(1.0) << V(0.05) << V(1.0) << V(0.0) << QStringList{u"met"_s, u"met"_s, u"met"_s, u"met"_s}
            << QStringList{u"100.00 %"_s, u"50 ms"_s, u"100.000 %"_s, u"0.000 %"_s};
        QTest::newRow("payment outage") << V(0.4) << V(0.09) << V(0.8) << V(0.2)
                                        << QStringList{u"missed"_s, u"met"_s, u"missed"_s, u"missed"_s}
                                        << QStringList{u"40.00 %"_s, u"90 ms"_s, u"80.000 %"_s, u"20.000 %"_s};
        // At or just past the line: the targets are strict (> 99.5 %, < 500 ms, < 0.1 %).
        QTest::newRow("on the targets") << V(0.9949) << V(0.5) << V(0.999) << V(0.001)
                                        << QStringList{u"missed"_s, u"missed"_s, u"missed"_s, u"missed"_s}
                                        << QStringList{u"99.49 %"_s, u"500 ms"_s, u"99.900 %"_s, u"0.100 %"_s};
        QTest::newRow("no data") << V() << V(nan) << V() << V(nan)
                                 << QStringList{u"no data"_s, u"no data"_s, u"no data"_s, u"no data"_s}
                                 << QStringList{u"no data"_s, u"no data"_s, u"no data"_s, u"no data"_s};
    }

    void levels()
    {
        QFETCH(std::optional<double>, success);
        QFETCH(std::optional<double>, p95);
        QFETCH(std::optional<double>, availability);
        QFETCH(std::optional<double>, errors);
        QFETCH(QStringList, states);
        QFETCH(QStringList, values);
        const QVector<ServiceLevel> levels = evaluateServiceLevels(success, p95, availability, errors);
        QCOMPARE(levels.size(), 4);
        const QStringList ids{u"success"_s, u"latency"_s, u"availability"_s, u"errors"_s};
        for (int i = 0; i < 4; ++i) {
            QCOMPARE(levels.at(i).id, ids.at(i));
            QCOMPARE(serviceLevelStateName(levels.at(i).state), states.at(i));
            QCOMPARE(levels.at(i).value, values.at(i));
            QVERIFY(levels.at(i).detail.contains(levels.at(i).target));
        }
    }

    // One definition per quantity: the tiles' queries are the Metrics page's charts' and the
    // timeline's lanes', and the playbooks' symptoms read the same strings.
    void oneQueryPerQuantity()
    {
        QCOMPARE(serviceLevelQuery(u"success"_s), levelquery::sagaSuccess());
        QCOMPARE(serviceLevelQuery(u"latency"_s), levelquery::latencyP95());
        QCOMPARE(serviceLevelQuery(u"availability"_s), levelquery::availability());
        QCOMPARE(serviceLevelQuery(u"errors"_s), levelquery::errorRatio());
        auto chartQuery = [](const QString &id) -> QString {
            for (const ChartSpec &c : chartCatalog())
                if (c.id == id)
                    return c.query;
            return {};
        };
        QCOMPARE(chartQuery(u"saga-success"_s), levelquery::sagaSuccess());
        QCOMPARE(chartQuery(u"saga-failure"_s), levelquery::sagaFailure());
        QCOMPARE(chartQuery(u"error-rate"_s), levelquery::errorRatioByService());
        QCOMPARE(chartQuery(u"latency-p95"_s), levelquery::latencyP95ByService());
        QCOMPARE(IncidentTimeline::failureQuery(), levelquery::sagaFailure());
        QCOMPARE(IncidentTimeline::latencyQuery(), levelquery::latencyP95());
        QFile f(QStringLiteral(SAGADECK_SOURCE_DIR "/resources/playbooks.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        // As the console reads the file: its ${key} names expanded (the defaults here).
        const PlaybooksParse parsed = parsePlaybooks(f.readAll(), u"playbooks.json"_s);
        QVERIFY2(parsed.errors.isEmpty(), qPrintable(parsed.errors.join(u'\n')));
        QStringList symptoms;
        for (const Playbook &p : parsed.playbooks)
            for (const PlaybookSymptom &sym : p.symptoms)
                symptoms << sym.query;
        QVERIFY(symptoms.contains(levelquery::sagaFailure()));
        QVERIFY(symptoms.contains(levelquery::sagaSuccess()));
        QVERIFY(symptoms.contains(levelquery::latencyP95()));
        // The pool symptom is the DatabaseConnections rule's per-service ratio (its worst
        // service), not the largest open count over the largest pool of any service.
        QVERIFY(symptoms.contains(levelquery::dbConnectionsByService()));
    }

    // Zero is not no data: each ratio falls back to 0 where its denominator exists.
    void ratiosHaveAZeroFallback()
    {
        for (const QString &q :
             {levelquery::sagaSuccess(), levelquery::sagaFailure(), levelquery::sagaFailureByType(),
              levelquery::errorRatio(), levelquery::errorRatioByService(), levelquery::availability()}) {
            const QString den = q.section(u") / "_s, -1);
            QVERIFY2(q.contains(u" or "_s + den + u" * 0) / "_s + den), qPrintable(q));
        }
    }
};

QTEST_GUILESS_MAIN(TestServiceLevels)
#include "tst_servicelevels.moc"
