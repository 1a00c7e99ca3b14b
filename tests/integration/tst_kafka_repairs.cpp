#include "ActionConfirmDialog.h"
#include "ActionTracker.h"
#include "AuditWriter.h"
#include "EventTailModel.h"
#include "FeedHealthModel.h"
#include "KafkaActionController.h"
#include "KafkaActionPlanner.h"
#include "KafkaAdminClient.h"
#include "KafkaLagStore.h"
#include "KafkaPage.h"
#include "KafkaTestKit.h"
#include "StackInfo.h"
#include "StatePaths.h"
#include "WorkerThread.h"

#include <QApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <librdkafka/rdkafka.h>

#include <optional>

using namespace Qt::StringLiterals;
using namespace sagadeck;

// Kafka repairs (issue 20) on the real stack, through the real `sagadeck act` binary, with Kafka's
// own tools as the witnesses: a reset to a time lands exactly where kafka-consumer-groups.sh
// --reset-offsets --to-datetime --dry-run says; a group with a live member is refused before
// anything is sent; added partitions show in kafka-topics.sh --describe; the members, partitions
// and owners the console shows equal --describe --members --verbose of a workload group.
// Every change is made on a topic and groups of the test's own; the workload's are only read.
class TestKafkaRepairs : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    StackInfo m_stack;
    std::optional<KafkaTestKit> m_kit;
    QString m_profile;
    QString m_topic;
    QString m_group;
    QDateTime m_t0; // the first message's timestamp

    struct Run
    {
        int code = -1;
        QString out;
        QString err;
    };
    Run sagadeck(const QStringList &args, const QByteArray &input = QByteArray())
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(u"DISPLAY"_s);
        p.setProcessEnvironment(env);
        p.start(qEnvironmentVariable("SAGADECK_BIN"), args);
        if (!input.isEmpty()) {
            p.waitForStarted();
            p.write(input);
            p.closeWriteChannel();
        }
        Run r;
        if (!p.waitForFinished(120000)) {
            p.kill();
            p.waitForFinished();
            r.err = u"timed out"_s;
            return r;
        }
        r.code = p.exitCode();
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }
    Run act(const QStringList &args)
    {
        return sagadeck(QStringList{u"act"_s} + args
                        + QStringList{u"--config"_s, m_profile, u"--reason"_s, u"tst_kafka_repairs"_s, u"--yes"_s});
    }

    // Counts the messages the broker acknowledged; the others failed for good.
    static void onDelivery(rd_kafka_t *, const rd_kafka_message_t *message, void *opaque)
    {
        if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR)
            ++*static_cast<int *>(opaque);
    }

    // Produces 10 messages to each of 3 partitions, message i of partition p stamped
    // t0 + (10 i + 3 p) minutes (CreateTime): the times interleave across partitions.
    // Idempotent, so that a batch retried after a fresh topic's leader moved is neither written
    // twice nor behind a later batch (CI once saw partition 0's offsets shifted by one).
    bool produceTimestamped(QString *error)
    {
        char err[512];
        int delivered = 0;
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        rd_kafka_conf_set(conf, "bootstrap.servers", m_kit->bootstrap().toUtf8().constData(), err, sizeof err);
        rd_kafka_conf_set(conf, "enable.idempotence", "true", err, sizeof err);
        rd_kafka_conf_set_dr_msg_cb(conf, onDelivery);
        rd_kafka_conf_set_opaque(conf, &delivered);
        rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
        if (!rk) {
            *error = QString::fromUtf8(err);
            return false;
        }
        const QByteArray t = m_topic.toUtf8();
        for (int p = 0; p < 3; ++p)
            for (int i = 0; i < 10; ++i) {
                const qint64 ts = m_t0.addSecs(60 * (10 * i + 3 * p)).toMSecsSinceEpoch();
                const QByteArray key = "saga-" + QByteArray::number(p) + "-" + QByteArray::number(i);
                const QByteArray value = "{\"n\":" + QByteArray::number(i) + "}";
                const rd_kafka_resp_err_t e = rd_kafka_producev(
                    rk, RD_KAFKA_V_TOPIC(t.constData()), RD_KAFKA_V_PARTITION(p),
                    RD_KAFKA_V_KEY(key.constData(), size_t(key.size())),
                    RD_KAFKA_V_VALUE(const_cast<char *>(value.constData()), size_t(value.size())),
                    RD_KAFKA_V_TIMESTAMP(ts), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
                if (e) {
                    *error = QString::fromUtf8(rd_kafka_err2str(e));
                    rd_kafka_destroy(rk);
                    return false;
                }
            }
        const bool flushed = rd_kafka_flush(rk, 20000) == RD_KAFKA_RESP_ERR_NO_ERROR && rd_kafka_outq_len(rk) == 0;
        rd_kafka_destroy(rk);
        if (!flushed || delivered != 30)
            *error = u"%1 of 30 messages acknowledged within 20 s"_s.arg(delivered);
        return flushed && delivered == 30;
    }

    // "topic:partition" -> a number of one column of ConsumerGroupCommand's table.
    QMap<int, qint64> toolColumn(const QByteArray &out, const QString &group, int column)
    {
        QMap<int, qint64> rows;
        for (const QByteArray &line : out.split('\n')) {
            const QList<QByteArray> c = line.simplified().split(' ');
            if (c.size() <= column || c.at(0) != group.toUtf8() || c.at(1) != m_topic.toUtf8())
                continue;
            bool ok = false;
            const qint64 v = c.at(column).toLongLong(&ok);
            rows.insert(c.at(2).toInt(), ok ? v : -1);
        }
        return rows;
    }
    QMap<int, qint64> committed(const QString &group)
    {
        QByteArray out;
        if (!m_kit->runTool({u"--describe"_s, u"--group"_s, group}, &out))
            return {};
        return toolColumn(out, group, 3); // GROUP TOPIC PARTITION CURRENT-OFFSET ...
    }
    static QString kafkaTime(const QDateTime &t) { return t.toUTC().toString(u"yyyy-MM-ddTHH:mm:ss.zzz"_s) + u"Z"_s; }

    int auditRecordsFor(const QString &name)
    {
        QFile f(qEnvironmentVariable("XDG_STATE_HOME") + u"/sagadeck/audit.jsonl"_s);
        if (!f.open(QIODevice::ReadOnly))
            return 0;
        int n = 0;
        for (const QByteArray &line : f.readAll().split('\n'))
            if (QJsonDocument::fromJson(line).object().value(u"target"_s)[u"name"_s].toString() == name)
                ++n;
        return n;
    }

private slots:
    void initTestCase()
    {
        m_stack = StackInfo::load();
        QVERIFY2(m_stack.error.isEmpty(), qPrintable(m_stack.error));
        m_profile = m_dir.filePath(u"p.yaml"_s);
        QString error;
        QVERIFY2(StackInfo::writeProfile(m_profile, &error), qPrintable(error));
        m_kit.emplace(m_stack);
        const QString suffix = QString::number(QCoreApplication::applicationPid());
        m_topic = u"sagadeck-test-repairs-"_s + suffix;
        m_group = u"sagadeck-test-repairs-group-"_s + suffix;
        QVERIFY2(m_kit->createTopic(m_topic, 3), qPrintable(m_kit->error()));
        m_t0 = QDateTime::currentDateTimeUtc().addSecs(-4 * 3600);
        m_t0.setTime(QTime(m_t0.time().hour(), m_t0.time().minute()));
        QVERIFY2(produceTimestamped(&error), qPrintable(error));
        // The group commits and leaves (Empty): 2, 8 and 4.
        QVERIFY2(m_kit->commit(m_group, m_topic, {{0, 2}, {1, 8}, {2, 4}}), qPrintable(m_kit->error()));
    }

    void cleanupTestCase()
    {
        if (m_kit) {
            m_kit->deleteGroup(m_group);
            m_kit->deleteTopic(m_topic);
        }
    }

    // With the group stopped, a reset to a time moves the committed offsets exactly where Kafka's
    // own tool says it would (its dry run), and the preview said what each partition skips or replays.
    void resetToDatetimeMatchesKafkaTool()
    {
        const QDateTime at = m_t0.addSecs(44 * 60);
        QByteArray dry;
        QVERIFY2(m_kit->runTool({u"--reset-offsets"_s, u"--group"_s, m_group, u"--topic"_s, m_topic, u"--to-datetime"_s,
                                 kafkaTime(at), u"--dry-run"_s},
                                &dry),
                 qPrintable(m_kit->error()));
        const QMap<int, qint64> expected = toolColumn(dry, m_group, 3); // GROUP TOPIC PARTITION NEW-OFFSET
        QCOMPARE(expected.size(), 3);
        QCOMPARE(expected, (QMap<int, qint64>{{0, 5}, {1, 5}, {2, 4}})); // what the stamps were made to give
        QCOMPARE(committed(m_group), (QMap<int, qint64>{{0, 2}, {1, 8}, {2, 4}}));

        const Run r = act({u"reset-offsets"_s, m_group, u"--topic"_s, m_topic, u"--to-datetime"_s, kafkaTime(at)});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        // The preview: partition 0 skips 3, partition 1 replays 3, partition 2 stays.
        QVERIFY2(r.out.contains(u"skips 3"_s) && r.out.contains(u"replays 3"_s) && r.out.contains(u"unchanged"_s),
                 qPrintable(r.out));
        QVERIFY2(r.out.contains(u"committed offsets read back"_s), qPrintable(r.out));
        QCOMPARE(committed(m_group), expected);
        QVERIFY(auditRecordsFor(m_group) >= 2); // intent and outcome
    }

    // One partition to an explicit offset; the others stay.
    void resetOnePartitionToOffset()
    {
        const QMap<int, qint64> before = committed(m_group);
        const Run r = act(
            {u"reset-offsets"_s, m_group, u"--topic"_s, m_topic, u"--partition"_s, u"1"_s, u"--to-offset"_s, u"7"_s});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QMap<int, qint64> want = before;
        want[1] = 7;
        QCOMPARE(committed(m_group), want);
        // An offset past the log end is clamped to it, as Kafka's tool does.
        const Run past = act(
            {u"reset-offsets"_s, m_group, u"--topic"_s, m_topic, u"--partition"_s, u"2"_s, u"--to-offset"_s, u"999"_s});
        QVERIFY2(past.code == 0, qPrintable(past.out + past.err));
        QVERIFY2(past.out.contains(u"clamped"_s), qPrintable(past.out));
        want[2] = 10;
        QCOMPARE(committed(m_group), want);
    }

    // A group with an active member: refused in the plan, before anything is sent or audited.
    void resetRefusedWithActiveMembers()
    {
        const QString live = m_group + u"-live"_s;
        rd_kafka_t *member = m_kit->joinAndCommit(live, m_topic, 1, 3);
        QVERIFY2(member, qPrintable(m_kit->error()));
        const Run r = act({u"reset-offsets"_s, live, u"--topic"_s, m_topic, u"--to-earliest"_s});
        const QMap<int, qint64> after = committed(live);
        KafkaTestKit::leave(member);
        m_kit->deleteGroup(live);
        QCOMPARE(r.code, 4); // refused before sending
        QVERIFY2(r.err.contains(u"has 1 active member; stop them first"_s), qPrintable(r.out + r.err));
        QCOMPARE(after, (QMap<int, qint64>{{0, 1}, {1, 1}, {2, 1}}));
        QCOMPARE(auditRecordsFor(live), 0);
    }

    // A workload group with its consumers running is refused too.
    void resetRefusedForWorkloadGroup()
    {
        const Run r = act({u"reset-offsets"_s, u"payment-service-group"_s, u"--topic"_s,
                           m_stack.string(u"kafka"_s, u"topic"_s), u"--to-latest"_s});
        QCOMPARE(r.code, 4);
        QVERIFY2(r.err.contains(u"active member"_s), qPrintable(r.out + r.err));
    }

    void refusedReadOnly()
    {
        const Run r = act({u"reset-offsets"_s, m_group, u"--topic"_s, m_topic, u"--to-earliest"_s, u"--read-only"_s});
        QCOMPARE(r.code, 4);
        QVERIFY2(r.err.contains(u"read-only"_s), qPrintable(r.out + r.err));
        const Run a = act({u"add-partitions"_s, m_topic, u"--partitions"_s, u"9"_s, u"--read-only"_s});
        QCOMPARE(a.code, 4);
    }

    // Adding partitions: kafka-topics.sh --describe shows the new count; fewer is refused plainly.
    void addPartitions()
    {
        const Run r = act({u"add-partitions"_s, m_topic, u"--partitions"_s, u"5"_s});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains(u"Keyed ordering"_s) && r.out.contains(u"3 now, 5 after"_s), qPrintable(r.out));
        QByteArray out;
        QVERIFY2(m_kit->runToolClass(u"org.apache.kafka.tools.TopicCommand"_s, {u"--describe"_s, u"--topic"_s, m_topic},
                                     &out),
                 qPrintable(m_kit->error()));
        QVERIFY2(out.contains("PartitionCount: 5"), out.constData());
        const Run fewer = act({u"add-partitions"_s, m_topic, u"--partitions"_s, u"2"_s});
        QCOMPARE(fewer.code, 4);
        QVERIFY2(fewer.err.contains(u"Kafka cannot remove partitions"_s), qPrintable(fewer.err));
    }

    // The members, their partitions and the owners of each partition, as the console shows them
    // (the snapshot JSON), equal Kafka's --describe --members --verbose for a workload group.
    void capacityMatchesKafkaTool()
    {
        const QString group = u"payment-service-group"_s;
        const QRegularExpression assignment(u"([A-Za-z0-9._-]+)[(:]([0-9,]+)\\)?"_s);
        QString last;
        for (int attempt = 0; attempt < 3; ++attempt) {
            const QString json = m_dir.filePath(u"kafka.json"_s);
            const Run s = sagadeck(
                {u"snapshot"_s, u"--config"_s, m_profile, u"--page"_s, u"kafka"_s, u"--json"_s, json});
            QVERIFY2(s.code == 0, qPrintable(s.err));
            QByteArray out;
            QVERIFY2(m_kit->runTool({u"--describe"_s, u"--group"_s, group, u"--members"_s, u"--verbose"_s}, &out),
                     qPrintable(m_kit->error()));
            // Kafka's: GROUP CONSUMER-ID HOST CLIENT-ID #PARTITIONS ASSIGNMENT
            QStringList tool;
            for (const QByteArray &line : out.split('\n')) {
                const QStringList c = QString::fromUtf8(line).simplified().split(u' ');
                if (c.size() < 5 || c.at(0) != group)
                    continue;
                QStringList parts;
                auto it = assignment.globalMatch(c.mid(5).join(u' '));
                while (it.hasNext()) {
                    const auto m = it.next();
                    for (const QString &p : m.captured(2).split(u',', Qt::SkipEmptyParts))
                        parts << m.captured(1) + u'-' + p;
                }
                parts.sort();
                tool << u"%1 %2 %3 [%4]"_s.arg(c.at(1), c.at(2), c.at(3), parts.join(u',')).trimmed();
            }
            tool.sort();
            QFile f(json);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QJsonObject kafka = QJsonDocument::fromJson(f.readAll()).object().value(u"kafka"_s).toObject();
            QStringList console;
            QJsonObject g;
            for (const QJsonValue &v : kafka.value(u"groups"_s).toArray())
                if (v[u"group"_s].toString() == group)
                    g = v.toObject();
            QVERIFY2(!g.isEmpty(), "the workload group is on the page");
            for (const QJsonValue &m : g.value(u"member_list"_s).toArray()) {
                QStringList parts;
                for (const QJsonValue &p : m[u"partitions"_s].toArray())
                    parts << p[u"topic"_s].toString() + u'-' + QString::number(p[u"partition"_s].toInt());
                parts.sort();
                console << u"%1 %2 %3 [%4]"_s.arg(m[u"member_id"_s].toString(), m[u"host"_s].toString(),
                                                  m[u"client_id"_s].toString(), parts.join(u','));
            }
            console.sort();
            // Every partition's owner on the page is the member the tool says holds it.
            bool ownersAgree = true;
            for (const QJsonValue &p : g.value(u"partitions"_s).toArray()) {
                const QString name = p[u"topic"_s].toString() + u'-' + QString::number(p[u"partition"_s].toInt());
                const QString owner = p[u"owner_member_id"_s].toString();
                bool found = owner.isEmpty();
                for (const QString &line : std::as_const(tool))
                    if (line.startsWith(owner + u' ') && line.contains(name))
                        found = true;
                ownersAgree = ownersAgree && found;
            }
            const QJsonObject cap = g.value(u"capacity"_s).toObject();
            const bool capacityAgrees = cap.value(u"members"_s).toInt() == tool.size()
                && cap.value(u"partitions"_s).toInt() == m_stack.section(u"kafka"_s).value(u"partitions"_s).toInt();
            if (!tool.isEmpty() && tool == console && ownersAgree && capacityAgrees)
                return;
            last = u"tool:\n%1\nconsole:\n%2\nowners agree: %3, capacity %4"_s
                       .arg(tool.join(u'\n'), console.join(u'\n'))
                       .arg(ownersAgree)
                       .arg(QString::fromUtf8(QJsonDocument(cap).toJson(QJsonDocument::Compact)));
            QTest::qWait(2000); // a rebalance between the two reads: read both again
        }
        QFAIL(qPrintable(last));
    }

    // The scale preview weighs the replicas against the partitions of the Deployment's consumer
    // group (payment-service → payment-service-group, the default mapping); answered "no", nothing
    // is sent.
    void scalePreviewWarnsOfIdleConsumers()
    {
        const int partitions = m_stack.section(u"kafka"_s).value(u"partitions"_s).toInt();
        const Run r = sagadeck({u"act"_s, u"scale"_s, u"payment-service"_s, u"--replicas"_s,
                                QString::number(partitions + 2), u"--config"_s, m_profile, u"--reason"_s,
                                u"tst_kafka_repairs (answered no)"_s},
                               "no\n");
        QCOMPARE(r.code, 4);
        QVERIFY2(r.err.contains(u"not confirmed; nothing was sent"_s), qPrintable(r.err));
        QVERIFY2(r.out.contains(u"KAFKA: scaling payment-service to %1 gives payment-service-group %1 consumers for %2 "
                                u"partitions of %3: 2 will sit idle"_s.arg(partitions + 2)
                                    .arg(partitions)
                                    .arg(m_stack.string(u"kafka"_s, u"topic"_s))),
                 qPrintable(r.out));
        const Run fits = sagadeck({u"act"_s, u"scale"_s, u"payment-service"_s, u"--replicas"_s,
                                   QString::number(partitions), u"--config"_s, m_profile, u"--reason"_s,
                                   u"tst_kafka_repairs (answered no)"_s},
                                  "no\n");
        QVERIFY2(!fits.out.contains(u"KAFKA:"_s), qPrintable(fits.out));
    }

    // The window's path: the Kafka page's controller plans the reset, the confirmation dialog is
    // filled in and confirmed, the pipeline (audit writer and tracker of its own) sends it and reads
    // the committed offsets back; Kafka's tool is the witness.
    void resetThroughTheConfirmDialog()
    {
        KafkaAdminClient::registerMetaTypes();
        registerKafkaActionMetaTypes();
        AuditWriter::registerMetaTypes();
        WorkerThread clientThread, auditThread; // joined however the test ends
        Profile profile;
        profile.kafka.bootstrap = m_kit->bootstrap();
        auto *client = clientThread.run(new KafkaAdminClient(profile.kafka, false));
        auto *audit = auditThread.run(new AuditWriter(StatePaths().auditLogPath()));
        ActionTracker tracker;
        ActionContext ctx;
        ctx.profile = u"stack"_s;
        ctx.audit = audit;
        ctx.tracker = &tracker;
        ctx.kafkaAdmin = client;
        ctx.kafkaBootstrap = m_kit->bootstrap();
        FeedHealthModel health;
        KafkaLagStore store;
        EventTailModel tail(10);
        KafkaPage page(&store, &tail, &health, m_topic);
        KafkaActionController controller([ctx] { return ctx; }, &page);
        QVERIFY(page.actionNote().isEmpty());
        QSignalSpy finished(&controller, &KafkaActionController::finished);
        KafkaActionRequest req;
        req.group = m_group;
        req.topic = m_topic;
        req.partition = 0;
        req.to = OffsetResetTo::Earliest;
        controller.request(req);
        QTRY_VERIFY_WITH_TIMEOUT(controller.dialog(), 30000);
        ActionConfirmDialog *dialog = controller.dialog();
        QVERIFY(!dialog->confirmButton()->isEnabled()); // nothing typed yet
        dialog->confirmationEdit()->setText(m_group);
        dialog->reasonEdit()->setPlainText(u"tst_kafka_repairs: through the dialog"_s);
        QVERIFY(dialog->confirmButton()->isEnabled());
        dialog->confirmButton()->click();
        QVERIFY(finished.wait(60000));
        const auto report = finished.at(0).at(0).value<ActionReport>();
        QVERIFY2(report.allDone(), qPrintable(page.actionNote()));
        QVERIFY2(page.actionNote().contains(u"committed offsets read back"_s), qPrintable(page.actionNote()));
        QCOMPARE(committed(m_group).value(0), 0);
    }

    // The preview as the confirmation dialog shows it, planned in process on the test's group
    // (the screenshot docs/screenshots/kafka-reset-preview.png when SAGADECK_SCREENSHOT_DIR is set).
    void previewInProcess()
    {
        KafkaAdminClient::registerMetaTypes();
        registerKafkaActionMetaTypes();
        WorkerThread thread; // joined however the test ends
        Profile profile;
        profile.kafka.bootstrap = m_kit->bootstrap();
        auto *client = thread.run(new KafkaAdminClient(profile.kafka, false));
        ActionContext ctx;
        ctx.profile = u"stack"_s;
        ctx.kafkaAdmin = client;
        ctx.kafkaBootstrap = m_kit->bootstrap();
        KafkaActionPlanner planner(ctx);
        QSignalSpy ready(&planner, &KafkaActionPlanner::planReady);
        // The group as at the start (the two added partitions at 0), and the time of the first test.
        // (The coordinator may take a moment to know the partitions added above.)
        QTRY_VERIFY2_WITH_TIMEOUT(m_kit->commit(m_group, m_topic, {{0, 2}, {1, 8}, {2, 4}, {3, 0}, {4, 0}}),
                                  qPrintable(m_kit->error()), 20000);
        KafkaActionRequest req;
        req.group = m_group;
        req.topic = m_topic;
        req.to = OffsetResetTo::Datetime;
        req.at = m_t0.addSecs(44 * 60);
        planner.prepare(req);
        QVERIFY(ready.wait(30000));
        const auto plan = ready.takeFirst().at(0).value<KafkaActionPlan>();
        QVERIFY2(plan.isActionable(), qPrintable(plan.describe()));
        QCOMPARE(plan.rows.size(), 5); // the partitions added above
        QVector<qint64> targets;
        for (const OffsetResetRow &row : plan.rows)
            targets << row.target;
        QCOMPARE(targets, (QVector<qint64>{5, 5, 4, 0, 0})); // the new partitions are empty: their log end
        QCOMPARE(plan.skipped(), 3);
        QCOMPARE(plan.replayed(), 3);
        ActionConfirmDialog dialog(KafkaActionController::confirmContent(plan));
        dialog.confirmationEdit()->setText(m_group);
        dialog.reasonEdit()->setPlainText(u"INC-2042: replay after the payment fix, skip the poison message"_s);
        dialog.resize(820, 560);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog) || true);
        const QString dir = qEnvironmentVariable("SAGADECK_SCREENSHOT_DIR");
        if (!dir.isEmpty())
            QVERIFY(dialog.grab().save(QDir(dir).filePath(u"kafka-reset-preview.png"_s)));
    }
};

QTEST_MAIN(TestKafkaRepairs)
#include "tst_kafka_repairs.moc"
