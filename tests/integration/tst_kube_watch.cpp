// KubeClient's watches and logs against the stack's real kube-apiserver, with kubectl as the oracle:
// the pods (phase, readiness, restarts, last termination, waiting reason, node, owner) equal
// `kubectl get pods -o json`; a change made with kubectl reaches the console through the watch
// stream (the heartbeat is set too slow to carry it); and the API server killed and started
// again mid-watch: the feed is Down, then Live again on its own, and what it holds equals a
// fresh list, including a change made while it was reconnecting. Logs: a deployment's last 100
// lines per pod are the lines `kubectl logs deployment/X --tail` reads of that pod; following
// brings the lines kubectl then also has; --previous of a container that never restarted and a
// 403 (saga-sim's identity may list pods, not read their logs) are said per pod.
#include "FaultHarness.h"
#include "KubeClient.h"
#include "KubeTestKit.h"
#include "QueuedSpy.h"
#include "StackInfo.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>
#include <QThread>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace sagadeck;

namespace {

// Scaled up and back by these tests: not saga-orchestrator, which saga-sim follows, and not
// notification-service, which tst_kube_client scales.
const QString target = u"inventory-service"_s;

struct RunningClient : kubetest::RunningClient
{
    RunningClient(const KubernetesSettings &s, int heartbeatMs)
        : kubetest::RunningClient(s, false, heartbeatMs)
    {}
};

PodList lastPods(const QueuedSpy &spy)
{
    return spy.isEmpty() ? PodList() : spy.last().at(0).value<PodList>();
}

QString lastPodsError(const QueuedSpy &spy)
{
    return spy.isEmpty() ? u"no pods yet"_s : spy.last().at(2).toString();
}

// One pod as kubectl's JSON says, in the console's terms, read field by field from the raw
// JSON (not through kubejson::parsePod, which is what is being checked).
QString describeKubectlPod(const QJsonObject &p)
{
    const QJsonObject meta = p.value(u"metadata"_s).toObject();
    const QJsonObject status = p.value(u"status"_s).toObject();
    QStringList containers;
    for (const QJsonValue &v : status.value(u"containerStatuses"_s).toArray()) {
        const QJsonObject c = v.toObject();
        const QJsonObject last = c.value(u"lastState"_s).toObject().value(u"terminated"_s).toObject();
        containers
            << u"%1 ready=%2 restarts=%3 waiting=%4 last=%5/%6"_s.arg(c.value(u"name"_s).toString())
                   .arg(c.value(u"ready"_s).toBool())
                   .arg(c.value(u"restartCount"_s).toInt())
                   .arg(c.value(u"state"_s).toObject().value(u"waiting"_s).toObject().value(u"reason"_s).toString())
                   .arg(last.value(u"reason"_s).toString())
                   .arg(last.value(u"exitCode"_s).toInt());
    }
    const QJsonArray owners = meta.value(u"ownerReferences"_s).toArray();
    return u"%1 %2 node=%3 owner=%4 deleting=%5 [%6]"_s
        .arg(meta.value(u"name"_s).toString(), status.value(u"phase"_s).toString(),
             p.value(u"spec"_s).toObject().value(u"nodeName"_s).toString(),
             owners.isEmpty() ? QString() : owners.at(0).toObject().value(u"name"_s).toString())
        .arg(meta.contains(u"deletionTimestamp"_s))
        .arg(containers.join(u"; "_s));
}

// The lines of `session` so far, by pod, and each pod's last stream state.
struct LogCollector
{
    QMap<QString, QStringList> lines;
    QMap<QString, QList<qint64>> times;
    QMap<QString, QString> states;
    void attach(KubeClient *client, QObject *context)
    {
        QObject::connect(client, &KubeClient::logLines, context, [this](quint64, const LogLines &got) {
            for (const LogLine &l : got) {
                lines[l.pod] << l.text;
                times[l.pod] << l.timeNs;
            }
        });
        QObject::connect(client, &KubeClient::logStreamState, context,
                         [this](quint64, const QString &pod, const QString &state) { states[pod] = state; });
    }
};

// A started client with its pods and logs collected: what the log tests begin with.
struct Following
{
    RunningClient running;
    QueuedSpy pods;
    LogCollector logs;
    // The log connections' receiver: it dies with `logs`, and with it the lines still queued for
    // them (with the test object as receiver, a later test's wait delivered them into this dead
    // collector: ASan saw the stack overflow).
    QObject receiver;
    Following(const KubernetesSettings &s, QObject *)
        : running(s, 1000)
        , pods(running.client, &KubeClient::podsChanged)
    {
        logs.attach(running.client, &receiver);
        running.start();
    }
};

QString describeConsolePod(const PodInfo &p)
{
    QStringList containers;
    for (const ContainerInfo &c : p.containers)
        containers << u"%1 ready=%2 restarts=%3 waiting=%4 last=%5/%6"_s.arg(c.name)
                          .arg(c.ready)
                          .arg(c.restarts)
                          .arg(c.waitingReason)
                          // kubectl leaves a reason out where the console names it by the exit code.
                          .arg(c.lastTermination.happened() && c.lastTermination.reason != u"Error"_s
                                       && c.lastTermination.reason != u"Completed"_s
                                   ? c.lastTermination.reason
                                   : QString())
                          .arg(c.lastTermination.exitCode);
    return u"%1 %2 node=%3 owner=%4 deleting=%5 [%6]"_s.arg(p.name, p.phase, p.node, p.ownerName)
        .arg(p.terminating)
        .arg(containers.join(u"; "_s));
}

} // namespace

class TestKubeWatch : public QObject
{
    Q_OBJECT
private:
    StackInfo m_stack;
    QString m_ns;
    int m_replicasBefore = -1;

    KubernetesSettings settings() const
    {
        KubernetesSettings s;
        s.kubeconfig = m_stack.string(u"kube"_s, u"kubeconfig"_s);
        s.ns = m_ns;
        return s;
    }
    QJsonObject kubectl(const QStringList &args, bool json = true) const
    {
        const QString admin = m_stack.string(u"kube"_s, u"admin_kubeconfig"_s);
        if (!json) {
            kubetest::kubectlText(admin, m_ns, args);
            return {};
        }
        return kubetest::kubectlJson(admin, m_ns, args);
    }
    int replicas() const
    {
        return kubectl({u"get"_s, u"deployment"_s, target}).value(u"spec"_s).toObject().value(u"replicas"_s).toInt(-1);
    }
    void scale(int n) { kubectl({u"scale"_s, u"deployment"_s, target, u"--replicas=%1"_s.arg(n)}, false); }

    // The console's pods and kubectl's, described alike and sorted; equal when the watch holds
    // what a list reads now.
    QStringList kubectlPods() const
    {
        QStringList out;
        for (const QJsonValue &v : kubectl({u"get"_s, u"pods"_s}).value(u"items"_s).toArray())
            out << describeKubectlPod(v.toObject());
        out.sort();
        return out;
    }
    int kubectlPodsOfTarget() const
    {
        int n = 0;
        for (const QJsonValue &v :
             kubectl({u"get"_s, u"pods"_s, u"-l"_s, u"app="_s + target}).value(u"items"_s).toArray())
            n += v.toObject().value(u"metadata"_s).toObject().contains(u"deletionTimestamp"_s) ? 0 : 1;
        return n;
    }
    static QStringList consolePods(const PodList &pods)
    {
        QStringList out;
        for (const PodInfo &p : pods)
            out << describeConsolePod(p);
        out.sort();
        return out;
    }
    // Waits until the console's last pods equal kubectl's (both keep moving during a rollout).
    bool podsAgree(const QueuedSpy &spy, int timeoutMs, QString *why) const
    {
        QDeadlineTimer deadline(timeoutMs);
        QStringList ours, theirs;
        do {
            QTest::qWait(200);
            ours = consolePods(lastPods(spy));
            theirs = kubectlPods();
            if (!ours.isEmpty() && ours == theirs && lastPodsError(spy).isEmpty())
                return true;
        } while (!deadline.hasExpired());
        *why = u"console (%1):\n  %2\nkubectl:\n  %3"_s.arg(lastPodsError(spy), ours.join(u"\n  "_s),
                                                            theirs.join(u"\n  "_s));
        return false;
    }

private slots:
    void initTestCase()
    {
        KubeClient::registerMetaTypes();
        m_stack = StackInfo::load();
        QVERIFY2(m_stack.error.isEmpty(), qPrintable(m_stack.error));
        QVERIFY2(!m_stack.section(u"kube"_s).isEmpty(),
                 "stack.json has no kube section: start the stack with SAGADECK_STACK_KUBE=1");
        m_ns = m_stack.string(u"kube"_s, u"namespace"_s);
        m_replicasBefore = replicas();
        QVERIFY2(m_replicasBefore > 0, "kubectl could not read the target deployment");
    }

    void cleanupTestCase()
    {
        if (m_replicasBefore > 0 && replicas() != m_replicasBefore)
            scale(m_replicasBefore);
    }

    void podsEqualKubectl()
    {
        RunningClient c(settings(), 500);
        QueuedSpy pods(c.client, &KubeClient::podsChanged);
        c.start();
        QString why;
        QVERIFY2(podsAgree(pods, 30000, &why), qPrintable(why));
        // Every pod of a Deployment names it.
        for (const PodInfo &p : lastPods(pods))
            QVERIFY2(!p.deployment.isEmpty() && p.ownerName.startsWith(p.deployment + u'-'), qPrintable(p.name));
    }

    // The heartbeat is a minute apart here: what arrives sooner came through the watch streams.
    void changesArriveThroughTheWatch()
    {
        RunningClient c(settings(), 60000);
        QueuedSpy pods(c.client, &KubeClient::podsChanged);
        QueuedSpy deployments(c.client, &KubeClient::deploymentsListed);
        c.start();
        QString why;
        QVERIFY2(podsAgree(pods, 30000, &why), qPrintable(why));
        const int before = replicas();
        scale(before + 1);
        auto desired = [&] {
            if (deployments.isEmpty())
                return -1;
            for (const DeploymentInfo &d : deployments.last().at(0).value<DeploymentList>())
                if (d.name == target)
                    return d.desiredReplicas;
            return -1;
        };
        QTRY_COMPARE_WITH_TIMEOUT(desired(), before + 1, 20000);
        auto podsOfTarget = [&] {
            int n = 0;
            for (const PodInfo &p : lastPods(pods))
                n += p.deployment == target && !p.terminating ? 1 : 0;
            return n;
        };
        QTRY_COMPARE_WITH_TIMEOUT(podsOfTarget(), before + 1, 20000);
        QVERIFY2(podsAgree(pods, 20000, &why), qPrintable(why));
        scale(before);
        QTRY_COMPARE_WITH_TIMEOUT(podsOfTarget(), before, 30000);
        QVERIFY2(podsAgree(pods, 30000, &why), qPrintable(why));
    }

    // `kubectl logs deployment/payment-service --tail=100` reads one of its pods: the console's
    // 100 lines of that pod are those lines, in order, give or take what was written between the
    // two reads (kubectl reads after the console: its window may have moved on by a few lines).
    void deploymentLogsAreKubectls()
    {
        Following f(settings(), this);
        RunningClient &c = f.running;
        QueuedSpy &pods = f.pods;
        LogCollector &logs = f.logs;
        QString why;
        QVERIFY2(podsAgree(pods, 30000, &why), qPrintable(why));
        LogRequest r;
        r.session = 7;
        r.deployment = u"payment-service"_s;
        r.tailLines = 100;
        r.follow = false;
        QMetaObject::invokeMethod(
            c.client, [cl = c.client, r] { cl->followLogs(r); }, Qt::QueuedConnection);
        QTRY_VERIFY_WITH_TIMEOUT(logs.states.size() >= 2 && !logs.states.values().contains(u"reading"_s), 20000);
        for (auto it = logs.states.begin(); it != logs.states.end(); ++it) {
            QCOMPARE(it.value(), u"read"_s);
            QCOMPARE(logs.lines.value(it.key()).size(), 100);
            // In time order.
            const QList<qint64> t = logs.times.value(it.key());
            QVERIFY(std::is_sorted(t.begin(), t.end()));
            QVERIFY(t.first() > 0);
        }
        QProcess kubectl;
        kubectl.start(u"kubectl"_s,
                      {u"--kubeconfig"_s, m_stack.string(u"kube"_s, u"kubeconfig"_s), u"-n"_s, m_ns, u"logs"_s,
                       u"deployment/payment-service"_s, u"--tail=130"_s});
        QVERIFY(kubectl.waitForFinished(30000));
        QCOMPARE(kubectl.exitCode(), 0);
        // "Found 2 pods, using pod/payment-service-..." names the pod kubectl read.
        const QString note = QString::fromUtf8(kubectl.readAllStandardError());
        const QString used = note.section(u"using pod/"_s, 1).trimmed();
        QVERIFY2(!used.isEmpty() && logs.lines.contains(used), qPrintable(note));
        const QStringList theirs = QString::fromUtf8(kubectl.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
        const QStringList ours = logs.lines.value(used);
        // Ours begin inside kubectl's 130 (it read a little later) and run on, line for line.
        const qsizetype at = theirs.indexOf(ours.first());
        QVERIFY2(at >= 0, qPrintable(u"console's first line not in kubectl's: "_s + ours.first()));
        const qsizetype common = std::min(ours.size(), theirs.size() - at);
        QVERIFY2(common >= 70, qPrintable(u"only %1 lines in common"_s.arg(common)));
        QCOMPARE(ours.mid(0, common), theirs.mid(at, common));
    }

    // Followed: new lines arrive as they are written, and kubectl then reads the same ones.
    void followedLogsGrow()
    {
        Following f(settings(), this);
        RunningClient &c = f.running;
        QueuedSpy &pods = f.pods;
        LogCollector &logs = f.logs;
        QString why;
        QVERIFY2(podsAgree(pods, 30000, &why), qPrintable(why));
        QString pod;
        for (const PodInfo &p : lastPods(pods))
            if (p.deployment == u"inventory-service"_s)
                pod = p.name;
        QVERIFY(!pod.isEmpty());
        LogRequest r;
        r.session = 8;
        r.pod = pod;
        r.tailLines = 1;
        QMetaObject::invokeMethod(
            c.client, [cl = c.client, r] { cl->followLogs(r); }, Qt::QueuedConnection);
        QTRY_COMPARE_WITH_TIMEOUT(logs.states.value(pod), u"following"_s, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(logs.lines.value(pod).size() >= 10, 20000);
        QProcess kubectl;
        kubectl.start(u"kubectl"_s,
                      {u"--kubeconfig"_s, m_stack.string(u"kube"_s, u"kubeconfig"_s), u"-n"_s, m_ns, u"logs"_s, pod,
                       u"--tail=400"_s});
        QVERIFY(kubectl.waitForFinished(30000));
        const QStringList theirs = QString::fromUtf8(kubectl.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
        const QStringList ours = logs.lines.value(pod).mid(0, 10);
        const qsizetype at = theirs.indexOf(ours.first());
        QVERIFY2(at >= 0, qPrintable(ours.first()));
        QCOMPARE(theirs.mid(at, 10), ours);
    }

    // Said per pod, plainly: a previous container that does not exist; an identity without pods/log.
    void logErrorsAreSaidPerPod()
    {
        {
            Following f(settings(), this);
            RunningClient &c = f.running;
            QueuedSpy &pods = f.pods;
            LogCollector &logs = f.logs;
            QString why;
            QVERIFY2(podsAgree(pods, 30000, &why), qPrintable(why));
            QString fresh; // a pod whose container never restarted
            for (const PodInfo &p : lastPods(pods))
                if (p.deployment == u"notification-service"_s && p.restarts() == 0)
                    fresh = p.name;
            QVERIFY2(!fresh.isEmpty(), "no notification-service pod without restarts");
            LogRequest r;
            r.session = 9;
            r.pod = fresh;
            r.previous = true;
            QMetaObject::invokeMethod(
                c.client, [cl = c.client, r] { cl->followLogs(r); }, Qt::QueuedConnection);
            QTRY_VERIFY_WITH_TIMEOUT(logs.states.value(fresh).startsWith(u"the API server answered HTTP 400"_s), 10000);
            QVERIFY2(logs.states.value(fresh).contains(fresh), qPrintable(logs.states.value(fresh)));
            QVERIFY(logs.lines.value(fresh).isEmpty());
        }
        // saga-sim's identity may list pods, not read their logs.
        KubernetesSettings s = settings();
        s.kubeconfig = QFileInfo(s.kubeconfig).dir().filePath(u"saga-sim.kubeconfig"_s);
        QVERIFY2(QFileInfo::exists(s.kubeconfig), qPrintable(s.kubeconfig));
        Following f(s, this);
        RunningClient &c = f.running;
        QueuedSpy &pods = f.pods;
        LogCollector &logs = f.logs;
        QTRY_VERIFY_WITH_TIMEOUT(!lastPods(pods).isEmpty(), 30000);
        LogRequest r;
        r.session = 10;
        r.deployment = u"payment-service"_s;
        QMetaObject::invokeMethod(
            c.client, [cl = c.client, r] { cl->followLogs(r); }, Qt::QueuedConnection);
        QTRY_VERIFY_WITH_TIMEOUT(logs.states.size() >= 2 && !logs.states.values().contains(u"following"_s), 10000);
        for (const QString &state : logs.states)
            QVERIFY2(
                state.startsWith(u"your identity sagadeck-saga-sim may not get pods/log in namespace microservices"_s),
                qPrintable(state));
    }

    // The stack's HorizontalPodAutoscaler, watched, as kubectl reads it.
    void autoscalersEqualKubectl()
    {
        RunningClient c(settings(), 1000);
        QueuedSpy autoscalers(c.client, &KubeClient::autoscalersChanged);
        c.start();
        QTRY_VERIFY_WITH_TIMEOUT(!autoscalers.isEmpty() && !autoscalers.last().at(0).value<AutoscalerList>().isEmpty(),
                                 30000);
        QVERIFY2(autoscalers.last().at(2).toString().isEmpty(), qPrintable(autoscalers.last().at(2).toString()));
        const QJsonArray items = kubectl({u"get"_s, u"hpa"_s}).value(u"items"_s).toArray();
        const AutoscalerList ours = autoscalers.last().at(0).value<AutoscalerList>();
        QCOMPARE(ours.size(), items.size());
        for (const QJsonValue &v : items) {
            const QJsonObject spec = v[u"spec"_s].toObject();
            const QString name = v[u"metadata"_s][u"name"_s].toString();
            const auto it = std::find_if(ours.begin(), ours.end(),
                                         [&](const AutoscalerInfo &a) { return a.name == name; });
            QVERIFY2(it != ours.end(), qPrintable(name));
            QCOMPARE(it->targetName, spec[u"scaleTargetRef"_s][u"name"_s].toString());
            QCOMPARE(it->minReplicas, spec[u"minReplicas"_s].toInt());
            QCOMPARE(it->maxReplicas, spec[u"maxReplicas"_s].toInt());
            QCOMPARE(
                it->targets,
                u"cpu %1 %"_s.arg(spec[u"metrics"_s][0][u"resource"_s][u"target"_s][u"averageUtilization"_s].toInt()));
        }
    }

    // The API server killed mid-watch and started again: Down with the reason, then Live on its
    // own, and nothing missed: a change made as it came back is in what the console holds.
    void apiServerRestartedMidWatch()
    {
        RunningClient c(settings(), 1000);
        QueuedSpy health(c.client, &KubeClient::healthChanged);
        QueuedSpy pods(c.client, &KubeClient::podsChanged);
        c.start();
        QString why;
        QVERIFY2(podsAgree(pods, 30000, &why), qPrintable(why));
        auto state = [&] {
            return health.isEmpty() ? FeedState::Connecting : health.last().at(0).value<FeedHealth>().state;
        };
        QTRY_COMPARE_WITH_TIMEOUT(state(), FeedState::Live, 10000);

        const qint64 pid = StackControl::pidOf(u"kube-apiserver"_s);
        QVERIFY2(pid > 0, "no kube-apiserver pid in the stack's state");
        QCOMPARE(::kill(pid_t(pid), SIGKILL), 0);
        QTRY_COMPARE_WITH_TIMEOUT(state(), FeedState::Down, 15000);
        const QString reason = health.last().at(0).value<FeedHealth>().reason;
        QVERIFY2(reason.contains(u"API server"_s), qPrintable(reason));

        QString out;
        QVERIFY2(StackControl::up(&out), qPrintable(out));
        const int before = replicas();
        scale(before + 1); // while the console reconnects
        QTRY_COMPARE_WITH_TIMEOUT(state(), FeedState::Live, 60000);
        // The controller makes the new pod once it is back: wait for kubectl to see it, then
        // the console must hold the same.
        QTRY_COMPARE_WITH_TIMEOUT(kubectlPodsOfTarget(), before + 1, 60000);
        QVERIFY2(podsAgree(pods, 30000, &why), qPrintable(why));
        int ofTarget = 0;
        for (const PodInfo &p : lastPods(pods))
            ofTarget += p.deployment == target && !p.terminating ? 1 : 0;
        QCOMPARE(ofTarget, before + 1);
        scale(before);
        QVERIFY2(podsAgree(pods, 30000, &why), qPrintable(why));
    }
};

QTEST_GUILESS_MAIN(TestKubeWatch)
#include "tst_kube_watch.moc"
