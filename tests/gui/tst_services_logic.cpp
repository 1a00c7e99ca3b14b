// The Services page's logic without the stack: the page built directly on a hand-filled
// DeploymentTableModel, its table cells, cluster identity and TLS badge, the banner and data age
// for each state of the Kubernetes feed, and what the action buttons allow and say. The
// stack-backed tst_services_audit_pages checks it against a real kube-apiserver.
#include "HandFilledModels.h"
#include "PlainText.h"

#include "DeploymentTableModel.h"
#include "FeedHealthModel.h"
#include "LogBuffer.h"
#include "LogsPanel.h"
#include "PodTableModel.h"
#include "ServicesPage.h"
#include "Theme.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace sagadeck;
using namespace handfilled;

namespace {

struct Services
{
    FeedHealthModel health;
    DeploymentTableModel deployments;
    PodTableModel pods;
    LogBuffer logs{50};
    std::unique_ptr<ServicesPage> page;
    QAbstractItemModelTester tester{&deployments, QAbstractItemModelTester::FailureReportingMode::QtTest};
    QAbstractItemModelTester podTester{&pods, QAbstractItemModelTester::FailureReportingMode::QtTest};
    std::unique_ptr<QAbstractItemModelTester> viewTester;

    Services()
    {
        page = std::make_unique<ServicesPage>(&deployments, &pods, &logs, &health);
        viewTester = std::make_unique<QAbstractItemModelTester>(page->view()->model(),
                                                                QAbstractItemModelTester::FailureReportingMode::QtTest);
    }

    void setHealth(FeedState state, const QString &reason, qint64 ageMs)
    {
        health.update(feed(FeedKind::Kubernetes, state, reason,
                           ageMs < 0 ? QDateTime() : QDateTime::currentDateTimeUtc().addMSecs(-ageMs)));
    }

    QString ageText() const { return page->findChild<QLabel *>(u"servicesAge"_s)->text(); }

    // The table as shown (sorted by name), one row's cells.
    QStringList row(int r, bool podTable = false) const
    {
        QStringList cells;
        const QAbstractItemModel *m = podTable ? page->podView()->model() : page->view()->model();
        for (int c = 0; c < m->columnCount(); ++c)
            cells << m->index(r, c).data().toString();
        return cells;
    }
};

KubeContextInfo context(bool insecure)
{
    KubeContextInfo c;
    c.server = u"https://127.0.0.1:24443"_s;
    c.context = u"sagadeck-local"_s;
    c.cluster = u"local"_s;
    c.user = u"sagadeck-operator"_s;
    c.ns = u"microservices"_s;
    c.insecureSkipTlsVerify = insecure;
    return c;
}

PodInfo pod(const QString &name, const QString &deployment, const QString &hash, int restarts)
{
    PodInfo p;
    p.name = name;
    p.ns = u"microservices"_s;
    p.phase = u"Running"_s;
    p.node = u"kwok-node-0"_s;
    p.created = QDateTime::currentDateTimeUtc().addSecs(-3 * 3600 - 270);
    p.ownerKind = u"ReplicaSet"_s;
    p.ownerName = deployment + u'-' + hash;
    p.deployment = deployment;
    ContainerInfo c;
    c.name = deployment;
    c.image = u"sagadeck.local/%1:1.0"_s.arg(deployment);
    c.ready = true;
    c.state = u"running"_s;
    c.restarts = restarts;
    c.memoryLimit = u"512Mi"_s;
    p.containers << c;
    return p;
}

// Three pods: payment-service's two (one crash-looping after being OOM-killed twice), inventory's one.
PodList threePods()
{
    PodInfo crashing = pod(u"payment-service-7d9f8-abcde"_s, u"payment-service"_s, u"7d9f8"_s, 2);
    crashing.containers[0].ready = false;
    crashing.containers[0].state = u"waiting"_s;
    crashing.containers[0].waitingReason = u"CrashLoopBackOff"_s;
    crashing.containers[0].lastTermination = {u"OOMKilled"_s, 137, QDateTime::currentDateTimeUtc().addSecs(-150)};
    return {pod(u"payment-service-7d9f8-xyz12"_s, u"payment-service"_s, u"7d9f8"_s, 0), crashing,
            pod(u"inventory-service-5c6b7-qwert"_s, u"inventory-service"_s, u"5c6b7"_s, 0)};
}

DeploymentList threeDeployments()
{
    return {deployment(u"saga-orchestrator"_s, 2, 2, 2, 2), deployment(u"payment-service"_s, 2, 1, 1, 1, 4, 4),
            deployment(u"inventory-service"_s, 1, 1, 1, 1)};
}

} // namespace

class TestServicesLogic : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { applyTheme(ThemeId::Light); }

    void tableCells_data()
    {
        QTest::addColumn<DeploymentInfo>("deployment");
        QTest::addColumn<qint64>("restartedAgoS"); // -1: never
        // Deployment, Ready, Up-to-date, Available, Rollout, Last restart, Generation, Image, Revision, Autoscaler
        // (none read: empty)
        QTest::addColumn<QStringList>("cells");
        QTest::newRow("rolled out") << deployment(u"saga-orchestrator"_s, 2, 2, 2, 2) << qint64(200)
                                    << QStringList{u"saga-orchestrator"_s,
                                                   u"2/2"_s,
                                                   u"2"_s,
                                                   u"2"_s,
                                                   u"rolled out"_s,
                                                   u"3 min ago"_s,
                                                   u"3"_s,
                                                   u"sagadeck.local/saga-orchestrator:1.0"_s,
                                                   u"2"_s,
                                                   u""_s};
        QTest::newRow("rolling out") << deployment(u"payment-service"_s, 3, 1, 2, 1, 4, 4) << qint64(-1)
                                     << QStringList{u"payment-service"_s,
                                                    u"1/3"_s,
                                                    u"2"_s,
                                                    u"1"_s,
                                                    u"rolling out: 2 of 3 updated, 1 ready"_s,
                                                    u"never"_s,
                                                    u"4"_s,
                                                    u"sagadeck.local/payment-service:1.0"_s,
                                                    u"2"_s,
                                                    u""_s};
        QTest::newRow("controller behind") << deployment(u"inventory-service"_s, 2, 2, 2, 2, 5, 4) << qint64(30)
                                           << QStringList{u"inventory-service"_s,
                                                          u"2/2"_s,
                                                          u"2"_s,
                                                          u"2"_s,
                                                          u"waiting for the controller"_s,
                                                          u"30 s ago"_s,
                                                          u"5 (seen 4)"_s,
                                                          u"sagadeck.local/inventory-service:1.0"_s,
                                                          u"2"_s,
                                                          u""_s};
        QTest::newRow("scaled to zero") << deployment(u"notification-service"_s, 0, 0, 0, 0)
                                        << qint64(5 * 3600 + 7 * 60)
                                        << QStringList{u"notification-service"_s,
                                                       u"0/0"_s,
                                                       u"0"_s,
                                                       u"0"_s,
                                                       u"scaled to zero"_s,
                                                       u"5 h 7 min ago"_s,
                                                       u"3"_s,
                                                       u"sagadeck.local/notification-service:1.0"_s,
                                                       u"2"_s,
                                                       u""_s};
        QTest::newRow("days ago") << deployment(u"audit-service"_s, 1, 1, 1, 1) << qint64(3 * 86400 + 100)
                                  << QStringList{u"audit-service"_s,
                                                 u"1/1"_s,
                                                 u"1"_s,
                                                 u"1"_s,
                                                 u"rolled out"_s,
                                                 u"3 days ago"_s,
                                                 u"3"_s,
                                                 u"sagadeck.local/audit-service:1.0"_s,
                                                 u"2"_s,
                                                 u""_s};
    }

    void tableCells()
    {
        QFETCH(DeploymentInfo, deployment);
        QFETCH(qint64, restartedAgoS);
        QFETCH(QStringList, cells);
        Services s;
        s.setHealth(FeedState::Live, QString(), 1000);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        s.deployments.setNow(now);
        if (restartedAgoS >= 0)
            deployment.restartedAt = now.addSecs(-restartedAgoS);
        QSignalSpy updated(&s.deployments, &DeploymentTableModel::updated);
        s.deployments.apply({deployment}, now);
        QCOMPARE(updated.size(), 1);
        QCOMPARE(s.row(0), cells);
        QCOMPARE(s.page->view()->model()->index(0, DeploymentTableModel::Rollout).data(Qt::ToolTipRole).toString(),
                 plainTooltip(u"Available=True, Progressing=True (NewReplicaSetAvailable)"_s));
        // The only deployment is selected, and the replica box starts at its count.
        QCOMPARE(s.page->selectedDeployment(), deployment.name);
        QCOMPARE(s.page->replicasBox()->value(), deployment.desiredReplicas);
    }

    void sortedByNameAndByColumn()
    {
        Services s;
        s.setHealth(FeedState::Live, QString(), 1000);
        s.deployments.apply(threeDeployments(), QDateTime::currentDateTimeUtc());
        QCOMPARE(s.row(0).first(), u"inventory-service"_s);
        QCOMPARE(s.row(1).first(), u"payment-service"_s);
        QCOMPARE(s.row(2).first(), u"saga-orchestrator"_s);
        QCOMPARE(s.page->selectedDeployment(), u"inventory-service"_s); // the first row, by itself
        // Ready sorts by ready replicas as numbers ("10/10" after "2/2" as text).
        s.deployments.apply({deployment(u"saga-orchestrator"_s, 2, 2, 2, 2),
                             deployment(u"payment-service"_s, 2, 1, 1, 1), deployment(u"gateway"_s, 10, 10, 10, 10)},
                            QDateTime::currentDateTimeUtc());
        s.page->view()->sortByColumn(DeploymentTableModel::Ready, Qt::DescendingOrder);
        QCOMPARE(s.row(0).at(DeploymentTableModel::Name), u"gateway"_s);
        QCOMPARE(s.row(1).at(DeploymentTableModel::Name), u"saga-orchestrator"_s);
        QCOMPARE(s.row(2).at(DeploymentTableModel::Name), u"payment-service"_s);
    }

    void identity_data()
    {
        QTest::addColumn<bool>("known");
        QTest::addColumn<bool>("insecure");
        QTest::addColumn<QString>("text");
        QTest::newRow("not loaded") << false << false << u"No Kubernetes context loaded yet"_s;
        const QString text =
            u"Context sagadeck-local · cluster local · user sagadeck-operator · namespace microservices"
            u" · https://127.0.0.1:24443"_s;
        QTest::newRow("verified") << true << false << text;
        QTest::newRow("insecure-skip-tls-verify") << true << true << text;
    }

    void identity()
    {
        QFETCH(bool, known);
        QFETCH(bool, insecure);
        QFETCH(QString, text);
        Services s;
        if (known)
            s.deployments.setContext(context(insecure));
        QCOMPARE(s.page->identityText(), text);
        QCOMPARE(s.page->tlsBadgeShown(), insecure);
        if (insecure)
            QCOMPARE(s.page->findChild<QLabel *>(u"tlsBadge"_s)->text(), u"TLS not verified"_s);
    }

    void bannerAgeAndButtons_data()
    {
        QTest::addColumn<int>("state");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<qint64>("ageMs");   // of the last good data; -1: none ever
        QTest::addColumn<QString>("banner"); // empty: none
        QTest::addColumn<QString>("age");
        QTest::addColumn<QString>("restartTip");
        QTest::newRow("Live") << int(FeedState::Live) << QString() << qint64(5400) << QString()
                              << u"Kubernetes · Live · 5 s · data 5 s old · 3 deployments"_s
                              << u"kubectl rollout restart deployment/inventory-service"_s;
        QTest::newRow("Live, nothing yet") << int(FeedState::Live) << QString() << qint64(-1) << QString()
                                           << u"Kubernetes · Live"_s << u"select a deployment"_s;
        QTest::newRow("Down, old data")
            << int(FeedState::Down) << u"Get \"https://127.0.0.1:24443/apis/apps/v1\": connection refused"_s
            << qint64(42400)
            << u"Kubernetes: Down\nGet \"https://127.0.0.1:24443/apis/apps/v1\": connection refused\nLast good data: 42 s ago"
               u" — the deployments below are from 42 s ago and are not current."_s
            << u"Kubernetes · Down · 42 s · data 42 s old · 3 deployments"_s << u"the Kubernetes feed is not Live"_s;
        QTest::newRow("Down, nothing yet")
            << int(FeedState::Down) << u"https://127.0.0.1:1: Connection refused"_s << qint64(-1)
            << u"Kubernetes: Down\nhttps://127.0.0.1:1: Connection refused\nLast good data: never — no deployments yet."_s
            << u"Kubernetes · Down"_s << u"the Kubernetes feed is not Live"_s;
        QTest::newRow("Stale, old data") << int(FeedState::Stale) << u"no fresh data for 31 s"_s << qint64(31400)
                                         << u"Kubernetes: Stale\nno fresh data for 31 s\nLast good data: 31 s ago"
                                            u" — the deployments below are from 31 s ago and are not current."_s
                                         << u"Kubernetes · Stale · 31 s · data 31 s old · 3 deployments"_s
                                         << u"the Kubernetes feed is not Live"_s;
        QTest::newRow("Disabled")
            << int(FeedState::Disabled) << u"no kubernetes section in profile 'local'"_s << qint64(-1)
            << u"Kubernetes: Disabled\nno kubernetes section in profile 'local'\nLast good data: never — no deployments yet."_s
            << u"Kubernetes · Disabled"_s << u"the Kubernetes feed is not Live"_s;
    }

    void bannerAgeAndButtons()
    {
        QFETCH(int, state);
        QFETCH(QString, reason);
        QFETCH(qint64, ageMs);
        QFETCH(QString, banner);
        QFETCH(QString, age);
        QFETCH(QString, restartTip);
        Services s;
        if (ageMs >= 0)
            s.deployments.apply(threeDeployments(), QDateTime::currentDateTimeUtc().addMSecs(-ageMs));
        QSignalSpy changed(&s.health, &FeedHealthModel::dataChanged);
        s.setHealth(FeedState(state), reason, ageMs);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(s.page->bannerText(), banner);
        QCOMPARE(s.ageText(), age);
        QCOMPARE(s.page->restartButton()->isEnabled(), FeedState(state) == FeedState::Live && ageMs >= 0);
        QCOMPARE(s.page->restartButton()->toolTip(), restartTip);
        QCOMPARE(s.page->scaleButton()->isEnabled(), false); // to the count it has, or not Live
        // Old rows stay on screen (under the banner); none are made up.
        QCOMPARE(s.page->view()->model()->rowCount(), ageMs >= 0 ? 3 : 0);
    }

    void buttonsAskAndSayWhy()
    {
        Services s;
        s.setHealth(FeedState::Live, QString(), 1000);
        s.deployments.apply(threeDeployments(), QDateTime::currentDateTimeUtc());
        ServicesPage *page = s.page.get();
        page->selectDeployment(u"saga-orchestrator"_s);
        QCOMPARE(page->selectedDeployment(), u"saga-orchestrator"_s);
        QCOMPARE(page->replicasBox()->value(), 2);
        QVERIFY(page->restartButton()->isEnabled());
        QCOMPARE(page->restartButton()->toolTip(), u"kubectl rollout restart deployment/saga-orchestrator"_s);
        // Scaling to the count it has is no action, and says so.
        QVERIFY(!page->scaleButton()->isEnabled());
        QCOMPARE(page->scaleButton()->toolTip(), u"saga-orchestrator already has 2 replicas"_s);

        QSignalSpy restart(page, &ServicesPage::restartRequested);
        QSignalSpy scale(page, &ServicesPage::scaleRequested);
        QTest::mouseClick(page->restartButton(), Qt::LeftButton);
        QCOMPARE(restart.size(), 1);
        QCOMPARE(restart.first().first().toString(), u"saga-orchestrator"_s);
        page->replicasBox()->setValue(3);
        QVERIFY(page->scaleButton()->isEnabled());
        QCOMPARE(page->scaleButton()->toolTip(), u"kubectl scale deployment/saga-orchestrator --replicas=3"_s);
        QTest::mouseClick(page->scaleButton(), Qt::LeftButton);
        QCOMPARE(scale.size(), 1);
        QCOMPARE(scale.at(0), (QVariantList{u"saga-orchestrator"_s, 3, 2})); // only if it still has 2
        page->preconditionBox()->setChecked(false);
        QTest::mouseClick(page->scaleButton(), Qt::LeftButton);
        QCOMPARE(scale.size(), 2);
        QCOMPARE(scale.at(1), (QVariantList{u"saga-orchestrator"_s, 3, -1}));

        // Another row: the box follows its count.
        page->selectDeployment(u"payment-service"_s);
        QCOMPARE(page->replicasBox()->value(), 2);
        QCOMPARE(page->restartButton()->toolTip(), u"kubectl rollout restart deployment/payment-service"_s);

        // While an action runs nothing else is sent, and the buttons say why.
        page->setBusy(u"payment-service"_s, true);
        QVERIFY(!page->restartButton()->isEnabled());
        QCOMPARE(page->restartButton()->toolTip(), u"an action on payment-service is under way"_s);
        QVERIFY(!page->replicasBox()->isEnabled());
        QTest::mouseClick(page->restartButton(), Qt::LeftButton);
        QCOMPARE(restart.size(), 1);
        page->showActionNote(u"verifying: waiting for the new ReplicaSet (1 of 2 ready)"_s);
        QCOMPARE(page->actionNote(), u"verifying: waiting for the new ReplicaSet (1 of 2 ready)"_s);
        page->setBusy(u"payment-service"_s, false);
        QVERIFY(page->restartButton()->isEnabled());
        page->setActionsBlocked(u"profile 'prod' is read_only"_s);
        QVERIFY(!page->restartButton()->isEnabled());
        QVERIFY(!page->scaleButton()->isEnabled());
        QCOMPARE(page->restartButton()->toolTip(), u"profile 'prod' is read_only"_s);
        QCOMPARE(page->scaleButton()->toolTip(), u"profile 'prod' is read_only"_s);
        page->setActionsBlocked(QString());
        QVERIFY(page->restartButton()->isEnabled());
        // The feed stops: the buttons stop with it.
        s.setHealth(FeedState::Down, u"connection refused"_s, 5000);
        QVERIFY(!page->restartButton()->isEnabled());
        QCOMPARE(page->restartButton()->toolTip(), u"the Kubernetes feed is not Live"_s);
    }

    // The buttons act on the row the table shows as current, also after the namespace's list
    // changes (a deployment added or deleted resets the model).
    void buttonsFollowTheSelectionAcrossNewLists()
    {
        Services s;
        s.setHealth(FeedState::Live, QString(), 1000);
        s.deployments.apply(threeDeployments(), QDateTime::currentDateTimeUtc());
        s.page->selectDeployment(u"payment-service"_s);
        QCOMPARE(s.page->selectedDeployment(), u"payment-service"_s);
        auto current = [&s] { return s.page->view()->currentIndex().data(DeploymentTableModel::NameRole).toString(); };
        QCOMPARE(current(), u"payment-service"_s);
        // A deployment added: the table loses its current row, the page keeps its target.
        DeploymentList more = threeDeployments();
        more << deployment(u"audit-service"_s, 1, 1, 1, 1);
        s.deployments.apply(more, QDateTime::currentDateTimeUtc());
        QCOMPARE(current(), s.page->selectedDeployment());
        QCOMPARE(current(), u"payment-service"_s);
        // The selected deployment deleted: the buttons must not keep acting on it.
        s.deployments.apply(
            {deployment(u"saga-orchestrator"_s, 2, 2, 2, 2), deployment(u"inventory-service"_s, 1, 1, 1, 1)},
            QDateTime::currentDateTimeUtc());
        QCOMPARE(s.page->view()->model()->rowCount(), 2);
        QVERIFY2(!s.page->restartButton()->toolTip().contains(u"payment-service"_s),
                 qPrintable(s.page->restartButton()->toolTip()));
        QCOMPARE(s.page->selectedDeployment(), current());
    }

    // The pods under the deployments: the selected deployment's by default, the namespace's
    // when unticked; CrashLoopBackOff before Running, the OOM kill with its exit code and age.
    void podsOfTheSelectedDeployment()
    {
        Services s;
        s.setHealth(FeedState::Live, QString(), 1000);
        s.deployments.apply(threeDeployments(), QDateTime::currentDateTimeUtc());
        s.pods.apply(threePods(), QDateTime::currentDateTimeUtc().addSecs(-3), QString());
        s.pods.setNow(QDateTime::currentDateTimeUtc()); // the page's clock, once a second
        s.page->selectDeployment(u"payment-service"_s);
        QCOMPARE(s.page->podView()->model()->rowCount(), 2);
        QVERIFY2(s.page->podsHeaderText().startsWith(u"Pods of payment-service · 2 shown · data 3"_s),
                 qPrintable(s.page->podsHeaderText()));
        QVERIFY2(s.page->podsHeaderText().contains(u"(watched)"_s), qPrintable(s.page->podsHeaderText()));
        const QStringList crashing = s.row(0, true);
        QCOMPARE(crashing.at(PodTableModel::Name), u"payment-service-7d9f8-abcde"_s);
        QCOMPARE(crashing.at(PodTableModel::Deployment), u"payment-service"_s);
        QCOMPARE(crashing.at(PodTableModel::Status), u"CrashLoopBackOff"_s);
        QCOMPARE(crashing.at(PodTableModel::Ready), u"0/1"_s);
        QCOMPARE(crashing.at(PodTableModel::Restarts), u"2"_s);
        QCOMPARE(crashing.at(PodTableModel::LastTermination), u"OOMKilled (exit 137) 2 min ago"_s);
        QCOMPARE(crashing.at(PodTableModel::Age), u"3 h 4 min"_s);
        QCOMPARE(crashing.at(PodTableModel::Image), u"sagadeck.local/payment-service:1.0"_s);
        QCOMPARE(crashing.at(PodTableModel::Limits), u"memory 512Mi"_s);
        QCOMPARE(s.row(1, true).at(PodTableModel::Status), u"Running"_s);
        QCOMPARE(s.row(1, true).at(PodTableModel::LastTermination), QString());
        // Another deployment: its pods.
        s.page->selectDeployment(u"inventory-service"_s);
        QCOMPARE(s.page->podView()->model()->rowCount(), 1);
        QCOMPARE(s.row(0, true).at(PodTableModel::Name), u"inventory-service-5c6b7-qwert"_s);
        // The namespace's.
        s.page->podsOfSelectedBox()->setChecked(false);
        QCOMPARE(s.page->podView()->model()->rowCount(), 3);
        QVERIFY2(s.page->podsHeaderText().startsWith(u"Pods of the namespace · 3 shown"_s),
                 qPrintable(s.page->podsHeaderText()));
        // Sorted by restarts, most first, like `kubectl get pods --sort-by` would put them last.
        s.page->podView()->sortByColumn(PodTableModel::Restarts, Qt::DescendingOrder);
        QCOMPARE(s.row(0, true).at(PodTableModel::Name), u"payment-service-7d9f8-abcde"_s);
    }

    // A pods watch that fails says so above the last pods known, never an empty or current list.
    void podsThatAreNotCurrentSaySo()
    {
        Services s;
        s.setHealth(FeedState::Live, QString(), 1000);
        s.deployments.apply(threeDeployments(), QDateTime::currentDateTimeUtc());
        QVERIFY2(s.page->podsHeaderText().contains(u"none read yet"_s), qPrintable(s.page->podsHeaderText()));
        // Forbidden from the start: nothing known, and why.
        const QString forbidden =
            u"your identity sagadeck-viewer may not list pods in namespace microservices — retrying in 0.2 s"_s;
        s.pods.apply({}, QDateTime::currentDateTimeUtc(), forbidden);
        QVERIFY(!s.pods.hasData());
        QVERIFY2(s.page->podsHeaderText().contains(u"NOT CURRENT: "_s + forbidden),
                 qPrintable(s.page->podsHeaderText()));
        QVERIFY2(!s.page->podsHeaderText().contains(u"data "_s), qPrintable(s.page->podsHeaderText()));
        // Known, then lost: the last pods stay, with their age, and the header says they are old.
        s.pods.apply(threePods(), QDateTime::currentDateTimeUtc().addSecs(-20), QString());
        s.pods.apply(threePods(), QDateTime::currentDateTimeUtc(), u"the watch broke"_s);
        s.page->podsOfSelectedBox()->setChecked(false);
        QCOMPARE(s.page->podView()->model()->rowCount(), 3);
        QVERIFY2(s.page->podsHeaderText().contains(u"data 20"_s), qPrintable(s.page->podsHeaderText()));
        QVERIFY2(s.page->podsHeaderText().endsWith(u"NOT CURRENT: the watch broke"_s),
                 qPrintable(s.page->podsHeaderText()));
    }

    // The logs panel without a server: what Read asks for, the filter (text, /regex/, a bad
    // regex said), pause holding the lines, copy of what is visible, a pod's own logs, Stop.
    void logsPanelAsksFiltersPausesAndCopies()
    {
        Services s;
        s.setHealth(FeedState::Live, QString(), 1000);
        s.deployments.apply(threeDeployments(), QDateTime::currentDateTimeUtc());
        s.pods.apply(threePods(), QDateTime::currentDateTimeUtc(), QString());
        s.page->selectDeployment(u"payment-service"_s);
        LogsPanel *panel = s.page->logsPanel();
        QVERIFY(panel && !panel->isVisible());
        QSignalSpy requested(panel, &LogsPanel::requested);
        QSignalSpy stopped(panel, &LogsPanel::stopped);
        QTest::mouseClick(s.page->logsButton(), Qt::LeftButton);
        QCOMPARE(requested.size(), 1);
        const LogRequest r = requested.first().first().value<LogRequest>();
        QCOMPARE(r.deployment, u"payment-service"_s);
        QVERIFY(r.pod.isEmpty());
        QCOMPARE(r.tailLines, 100);
        QVERIFY(r.follow);
        QVERIFY(!r.previous);
        auto line = [](qint64 t, const QString &pod, const QString &text) {
            LogLine l;
            l.timeNs = 1796500000000000000LL + t;
            l.pod = pod;
            l.text = text;
            return l;
        };
        s.logs.append(r.session, {line(1, u"p-a"_s, u"INFO charged"_s), line(3, u"p-a"_s, u"ERROR boom"_s)});
        s.logs.append(r.session, {line(2, u"p-b"_s, u"INFO verified"_s)});
        s.logs.setStreamState(r.session, u"p-a"_s, u"following"_s);
        QCOMPARE(panel->visibleLines(), 3);
        QVERIFY2(panel->statusText().startsWith(u"3 lines kept (of 50 at most) · following 1 pod"_s),
                 qPrintable(panel->statusText()));
        panel->filterEdit()->setText(u"error"_s);
        QCOMPARE(panel->visibleLines(), 1);
        QVERIFY2(panel->visibleText().endsWith(u" p-a  ERROR boom\n"_s), qPrintable(panel->visibleText()));
        panel->filterEdit()->setText(u"/INFO (ch|ve)/"_s);
        QCOMPARE(panel->visibleLines(), 2);
        panel->filterEdit()->setText(u"/(/"_s);
        QVERIFY2(panel->statusText().contains(u"the filter is not a valid regular expression"_s),
                 qPrintable(panel->statusText()));
        panel->filterEdit()->clear();
        // Copy: every visible line when none is selected, else the selected ones.
        QCOMPARE(panel->copyText(), panel->visibleText());
        QCOMPARE(panel->visibleText().count(u'\n'), 3);
        panel->view()->selectRow(2);
        QVERIFY2(panel->copyText().endsWith(u" p-a  ERROR boom\n"_s) && panel->copyText().count(u'\n') == 1,
                 qPrintable(panel->copyText()));
        panel->view()->clearSelection();
        // Paused: the table stands still, the line waits.
        panel->pauseButton()->click();
        s.logs.append(r.session, {line(4, u"p-b"_s, u"INFO later"_s)});
        QCOMPARE(panel->visibleLines(), 3);
        QVERIFY2(panel->statusText().contains(u"paused: 1 lines waiting"_s), qPrintable(panel->statusText()));
        panel->pauseButton()->click();
        QCOMPARE(panel->visibleLines(), 4);
        // A pod's own logs, from its row.
        s.page->showPodLogs(u"payment-service-7d9f8-abcde"_s);
        QCOMPARE(stopped.size(), 1); // the deployment's session ends first
        QCOMPARE(requested.size(), 2);
        const LogRequest pod = requested.last().first().value<LogRequest>();
        QCOMPARE(pod.pod, u"payment-service-7d9f8-abcde"_s);
        QCOMPARE(pod.deployment, u"payment-service"_s);
        QCOMPARE(panel->targetText(), u"Logs of pod payment-service-7d9f8-abcde"_s);
        QCOMPARE(panel->visibleLines(), 0);
        // Previous container: not followed (it writes no more).
        panel->previousBox()->setChecked(true);
        panel->read();
        QVERIFY(!requested.last().first().value<LogRequest>().follow);
        QVERIFY(requested.last().first().value<LogRequest>().previous);
        panel->stop();
        QCOMPARE(stopped.last().first().toULongLong(), requested.last().first().value<LogRequest>().session);
    }

    void picture()
    {
        // Live, then the same page 42 s after the API server went away.
        for (const qint64 ageMs : {qint64(5400), qint64(42400)}) {
            Services s;
            s.deployments.setContext(context(true));
            const QDateTime now = QDateTime::currentDateTimeUtc();
            s.deployments.setNow(now);
            DeploymentList rows = threeDeployments();
            rows[0].restartedAt = now.addSecs(-200);
            rows << deployment(u"notification-service"_s, 0, 0, 0, 0)
                 << deployment(u"audit-service"_s, 2, 2, 2, 2, 5, 4);
            s.deployments.apply(rows, now.addMSecs(-ageMs));
            const bool down = ageMs > 10000;
            s.pods.setNow(now);
            s.pods.apply(threePods(), now.addMSecs(-ageMs), QString());
            if (down)
                s.pods.apply(threePods(), now,
                             u"cannot reach the API server: connection refused — retrying in 8.0 s"_s);
            s.setHealth(down ? FeedState::Down : FeedState::Live,
                        down ? u"Get \"https://127.0.0.1:24443/apis/apps/v1\": connection refused"_s : QString(),
                        ageMs);
            s.page->selectDeployment(u"payment-service"_s);
            s.page->showActionNote(u"done: rollout restart of payment-service (generation 4 → 5)"_s);
            s.page->resize(1280, 800);
            s.page->show();
            QVERIFY(QTest::qWaitForWindowExposed(s.page.get()));
            QCOMPARE(s.page->bannerText().isEmpty(), !down);
            QVERIFY(savePicture(s.page.get(), down ? u"services-logic-down.png"_s : u"services-logic.png"_s));
        }
    }
};

QTEST_MAIN(TestServicesLogic)
#include "tst_services_logic.moc"
