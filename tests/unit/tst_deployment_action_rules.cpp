// The pure rules of the deployment actions: refusals, the no-op, the confirmation asked.
#include "DeploymentActionRules.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace sagadeck;
using Kind = ConfirmationRequirement::Kind;

Q_DECLARE_METATYPE(sagadeck::DeploymentActionVerb)
Q_DECLARE_METATYPE(sagadeck::ConfirmationRequirement::Kind)

class TestDeploymentActionRules : public QObject
{
    Q_OBJECT
private slots:
    void checkRequest_data()
    {
        QTest::addColumn<DeploymentActionVerb>("verb");
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("replicas");
        QTest::addColumn<QString>("refusal");
        QTest::newRow("restart") << DeploymentActionVerb::Restart << u"payment-service"_s << -1 << QString();
        QTest::newRow("scale 0") << DeploymentActionVerb::Scale << u"payment-service"_s << 0 << QString();
        QTest::newRow("scale 50") << DeploymentActionVerb::Scale << u"payment-service"_s << 50 << QString();
        QTest::newRow("scale 51") << DeploymentActionVerb::Scale << u"payment-service"_s << 51
                                  << u"replicas must be between 0 and 50, not 51"_s;
        QTest::newRow("scale -1") << DeploymentActionVerb::Scale << u"payment-service"_s << -1
                                  << u"replicas must be between 0 and 50, not -1"_s;
        QTest::newRow("empty") << DeploymentActionVerb::Restart << QString() << -1 << u"no deployment named"_s;
        QTest::newRow("upper") << DeploymentActionVerb::Restart << u"Payment"_s << -1
                               << u"'Payment' is not a Kubernetes object name"_s;
        QTest::newRow("slash") << DeploymentActionVerb::Restart << u"a/b"_s << -1
                               << u"'a/b' is not a Kubernetes object name"_s;
    }
    void checkRequest()
    {
        QFETCH(DeploymentActionVerb, verb);
        QFETCH(QString, name);
        QFETCH(int, replicas);
        QFETCH(QString, refusal);
        DeploymentActionRequest r;
        r.verb = verb;
        r.name = name;
        r.replicas = replicas;
        QCOMPARE(DeploymentActionRules::checkRequest(r), refusal);
    }

    void checkAgainst_data()
    {
        QTest::addColumn<int>("current");
        QTest::addColumn<int>("replicas");
        QTest::addColumn<int>("expected");
        QTest::addColumn<QString>("refusal");
        QTest::addColumn<QString>("noOp");
        QTest::newRow("up") << 2 << 3 << -1 << QString() << QString();
        QTest::newRow("same") << 2 << 2 << -1 << QString() << u"already at 2 replicas"_s;
        QTest::newRow("precondition holds") << 2 << 0 << 2 << QString() << QString();
        QTest::newRow("precondition fails")
            << 2 << 0 << 3 << u"deployment d has 2 replicas, not the expected 3"_s << QString();
    }
    void checkAgainst()
    {
        QFETCH(int, current);
        QFETCH(int, replicas);
        QFETCH(int, expected);
        QFETCH(QString, refusal);
        QFETCH(QString, noOp);
        DeploymentActionRequest r;
        r.verb = DeploymentActionVerb::Scale;
        r.name = u"d"_s;
        r.replicas = replicas;
        r.expectedReplicas = expected;
        DeploymentInfo d;
        d.desiredReplicas = current;
        QString gotNoOp = u"stale"_s;
        QCOMPARE(DeploymentActionRules::checkAgainst(r, d, &gotNoOp), refusal);
        QCOMPARE(gotNoOp, noOp);
    }

    void confirmation_data()
    {
        QTest::addColumn<DeploymentActionVerb>("verb");
        QTest::addColumn<int>("replicas");
        QTest::addColumn<bool>("production");
        QTest::addColumn<Kind>("kind");
        QTest::addColumn<QString>("prompt");
        QTest::newRow("restart") << DeploymentActionVerb::Restart << -1 << false << Kind::TypeTarget
                                 << u"Type the deployment name d to restart it"_s;
        QTest::newRow("scale to zero") << DeploymentActionVerb::Scale << 0 << false << Kind::TypeTarget
                                       << u"Type the deployment name d to scale it to zero (it stops serving)"_s;
        QTest::newRow("scale") << DeploymentActionVerb::Scale << 4 << false << Kind::ReasonOnly
                               << u"Give a reason to scale d from 2 to 4"_s;
        QTest::newRow("scale, production") << DeploymentActionVerb::Scale << 4 << true << Kind::TypeTarget
                                           << u"Type the deployment name d to scale it from 2 to 4"_s;
    }
    void confirmation()
    {
        QFETCH(DeploymentActionVerb, verb);
        QFETCH(int, replicas);
        QFETCH(bool, production);
        QFETCH(Kind, kind);
        QFETCH(QString, prompt);
        DeploymentActionRequest r;
        r.verb = verb;
        r.name = u"d"_s;
        r.replicas = replicas;
        const ConfirmationRequirement c = DeploymentActionRules::confirmationFor(r, 2, production);
        QCOMPARE(c.kind, kind);
        QCOMPARE(c.prompt, prompt);
        QCOMPARE(c.expected, kind == Kind::TypeTarget ? u"d"_s : QString());
        QVERIFY(!c.isSatisfiedBy(c.expected, u"  "_s)); // a reason is always required
        QVERIFY(c.isSatisfiedBy(c.expected, u"why"_s));
        QCOMPARE(c.isSatisfiedBy(u"e"_s, u"why"_s), kind == Kind::ReasonOnly);
    }
};

QTEST_GUILESS_MAIN(TestDeploymentActionRules)
#include "tst_deployment_action_rules.moc"
