#include "ServiceLevels.h"

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
        QTest::addColumn<std::optional<double>>("failure");
        QTest::addColumn<std::optional<double>>("p95");
        QTest::addColumn<std::optional<double>>("errors");
        QTest::addColumn<QStringList>("states"); // success, latency, availability, errors
        QTest::addColumn<QStringList>("values");
        const double nan = std::numeric_limits<double>::quiet_NaN();
        // 0.04 % errors: availability 99.96 % meets its target of 99.95 %.
        QTest::newRow("availability just met")
            << std::optional<double>(0.001) << std::optional<double>(0.2) << std::optional<double>(0.0004)
            << QStringList{u"met"_s, u"met"_s, u"met"_s, u"met"_s}
            << QStringList{u"99.90 %"_s, u"200 ms"_s, u"99.960 %"_s, u"0.040 %"_s};
        QTest::newRow("steady") << std::optional<double>(0.002) << std::optional<double>(0.048)
                                << std::optional<double>(0.0002) << QStringList{u"met"_s, u"met"_s, u"met"_s, u"met"_s}
                                << QStringList{u"99.80 %"_s, u"48 ms"_s, u"99.980 %"_s, u"0.020 %"_s};
        QTest::newRow("payment outage") << std::optional<double>(0.6) << std::optional<double>(0.09)
                                        << std::optional<double>(0.2)
                                        << QStringList{u"missed"_s, u"met"_s, u"missed"_s, u"missed"_s}
                                        << QStringList{u"40.00 %"_s, u"90 ms"_s, u"80.000 %"_s, u"20.000 %"_s};
        // At or just past the line: the targets are strict (> 99.5 %, < 500 ms, < 0.1 %).
        QTest::newRow("on the targets") << std::optional<double>(0.0051) << std::optional<double>(0.5)
                                        << std::optional<double>(0.001)
                                        << QStringList{u"missed"_s, u"missed"_s, u"missed"_s, u"missed"_s}
                                        << QStringList{u"99.49 %"_s, u"500 ms"_s, u"99.900 %"_s, u"0.100 %"_s};
        QTest::newRow("no data") << std::optional<double>() << std::optional<double>(nan) << std::optional<double>()
                                 << QStringList{u"no data"_s, u"no data"_s, u"no data"_s, u"no data"_s}
                                 << QStringList{u"no data"_s, u"no data"_s, u"no data"_s, u"no data"_s};
    }

    void levels()
    {
        QFETCH(std::optional<double>, failure);
        QFETCH(std::optional<double>, p95);
        QFETCH(std::optional<double>, errors);
        QFETCH(QStringList, states);
        QFETCH(QStringList, values);
        const QVector<ServiceLevel> levels = evaluateServiceLevels(failure, p95, errors);
        QCOMPARE(levels.size(), 4);
        const QStringList ids{u"success"_s, u"latency"_s, u"availability"_s, u"errors"_s};
        for (int i = 0; i < 4; ++i) {
            QCOMPARE(levels.at(i).id, ids.at(i));
            QCOMPARE(serviceLevelStateName(levels.at(i).state), states.at(i));
            QCOMPARE(levels.at(i).value, values.at(i));
            QVERIFY(levels.at(i).detail.contains(levels.at(i).target));
        }
    }
};

QTEST_GUILESS_MAIN(TestServiceLevels)
#include "tst_servicelevels.moc"
