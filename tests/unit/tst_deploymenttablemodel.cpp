#include "DeploymentTableModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;

class TestDeploymentTableModel : public QObject
{
    Q_OBJECT

    static DeploymentInfo deployment(const QString &name, int desired, int ready, qint64 generation = 1)
    {
        DeploymentInfo d;
        d.name = name;
        d.ns = u"microservices"_s;
        d.desiredReplicas = desired;
        d.readyReplicas = ready;
        d.updatedReplicas = ready;
        d.availableReplicas = ready;
        d.generation = generation;
        d.observedGeneration = generation;
        return d;
    }

private slots:
    void sortedByNameAndValuesUpdateInPlace()
    {
        DeploymentTableModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        m.apply({deployment(u"payment-service"_s, 2, 2), deployment(u"inventory-service"_s, 2, 2),
                 deployment(u"saga-orchestrator"_s, 2, 2)},
                t0);
        QCOMPARE(m.rowCount(), 3);
        QCOMPARE(m.index(0, DeploymentTableModel::Name).data().toString(), u"inventory-service"_s);
        QCOMPARE(m.dataAt(), t0);
        QCOMPARE(m.index(2, DeploymentTableModel::Rollout).data().toString(), u"rolled out"_s);

        // One changed row: one dataChanged, no reset.
        QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&m, &QAbstractItemModel::modelReset);
        DeploymentInfo rolling = deployment(u"saga-orchestrator"_s, 3, 2, 2);
        rolling.updatedReplicas = 1;
        m.apply({deployment(u"payment-service"_s, 2, 2), deployment(u"inventory-service"_s, 2, 2), rolling},
                t0.addSecs(5));
        QCOMPARE(reset.size(), 0);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().at(0).toModelIndex().row(), 2);
        QCOMPARE(m.index(2, DeploymentTableModel::Ready).data().toString(), u"2/3"_s);
        QCOMPARE(m.index(2, DeploymentTableModel::Rollout).data().toString(),
                 u"rolling out: 1 of 3 updated, 2 ready"_s);
        QCOMPARE(m.index(2, 0).data(DeploymentTableModel::RolledOutRole), QVariant(false));
        QCOMPARE(m.index(0, 0).data(DeploymentTableModel::RolledOutRole), QVariant(true));

        // Nothing changed: no signal at all.
        changed.clear();
        m.apply({deployment(u"payment-service"_s, 2, 2), deployment(u"inventory-service"_s, 2, 2), rolling},
                t0.addSecs(10));
        QCOMPARE(changed.size(), 0);

        // A deployment gone: the rows are rebuilt.
        m.apply({deployment(u"payment-service"_s, 2, 2)}, t0.addSecs(15));
        QCOMPARE(reset.size(), 1);
        QCOMPARE(m.rowCount(), 1);
    }

    void controllerLagAndScaledToZero()
    {
        DeploymentTableModel m;
        DeploymentInfo waiting = deployment(u"a"_s, 2, 2, 5);
        waiting.observedGeneration = 4;
        DeploymentInfo zero = deployment(u"b"_s, 0, 0);
        m.apply({waiting, zero}, QDateTime::currentDateTimeUtc());
        QCOMPARE(m.index(0, DeploymentTableModel::Rollout).data().toString(), u"waiting for the controller"_s);
        QCOMPARE(m.index(0, DeploymentTableModel::Generation).data().toString(), u"5 (seen 4)"_s);
        QCOMPARE(m.index(1, DeploymentTableModel::Rollout).data().toString(), u"scaled to zero"_s);
    }

    void restartAges_data()
    {
        QTest::addColumn<qint64>("agoS");
        QTest::addColumn<QString>("text");
        QTest::newRow("seconds") << qint64(42) << u"42 s ago"_s;
        QTest::newRow("minutes") << qint64(3 * 60 + 5) << u"3 min ago"_s;
        QTest::newRow("hours") << qint64(5 * 3600 + 7 * 60) << u"5 h 7 min ago"_s;
        QTest::newRow("days") << qint64(3 * 86400 + 10) << u"3 days ago"_s;
        QTest::newRow("future clock skew") << qint64(-30) << u"0 s ago"_s;
    }

    void restartAges()
    {
        QFETCH(qint64, agoS);
        QFETCH(QString, text);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QCOMPARE(DeploymentTableModel::describeRestart(now.addSecs(-agoS), now), text);
        QCOMPARE(DeploymentTableModel::describeRestart(QDateTime(), now), u"never"_s);
    }

    void nowTicksOnlyTheAgeColumn()
    {
        DeploymentTableModel m;
        DeploymentInfo d = deployment(u"a"_s, 1, 1);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        d.restartedAt = now.addSecs(-30);
        m.apply({d}, now);
        QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
        m.setNow(now.addSecs(90));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().at(0).toModelIndex().column(), int(DeploymentTableModel::LastRestart));
        QCOMPARE(changed.first().at(1).toModelIndex().column(), int(DeploymentTableModel::LastRestart));
        QCOMPARE(m.index(0, DeploymentTableModel::LastRestart).data().toString(), u"2 min ago"_s);
    }
};

QTEST_GUILESS_MAIN(TestDeploymentTableModel)
#include "tst_deploymenttablemodel.moc"
