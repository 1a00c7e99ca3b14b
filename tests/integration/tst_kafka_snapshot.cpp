#include "StackInfo.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

// `sagadeck snapshot --page kafka --json`, the real binary on the real stack: every group of
// the workload with its partitions' offsets, lag, lag in time and status, and the topics.
class TestKafkaSnapshot : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    int run(const QStringList &args, QByteArray *err)
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(u"DISPLAY"_s);
        p.setProcessEnvironment(env);
        p.start(qEnvironmentVariable("SAGADECK_BIN"), args);
        if (!p.waitForFinished(60000)) {
            p.kill();
            return -1;
        }
        *err = p.readAllStandardError();
        return p.exitCode();
    }

    QString profile(const QString &replaceBootstrapWith = QString())
    {
        const QString path = m_dir.filePath(replaceBootstrapWith.isEmpty() ? u"p.yaml"_s : u"down.yaml"_s);
        QString error;
        if (!StackInfo::writeProfile(path, &error))
            return {};
        if (!replaceBootstrapWith.isEmpty()) {
            QFile f(path);
            f.open(QIODevice::ReadOnly);
            QString text = QString::fromUtf8(f.readAll());
            f.close();
            text.replace(StackInfo::load().string(u"kafka"_s, u"bootstrap"_s), replaceBootstrapWith);
            f.open(QIODevice::WriteOnly | QIODevice::Truncate);
            f.write(text.toUtf8());
        }
        return path;
    }

private slots:
    void kafkaPageJson()
    {
        const StackInfo stack = StackInfo::load();
        QVERIFY2(stack.error.isEmpty(), qPrintable(stack.error));
        const QString config = profile();
        QVERIFY(!config.isEmpty());
        const QString json = m_dir.filePath(u"kafka.json"_s);
        QByteArray err;
        QCOMPARE(run({u"snapshot"_s, u"--config"_s, config, u"--page"_s, u"kafka"_s, u"--json"_s, json}, &err), 0);
        QFile f(json);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject root = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(root.value(u"ok"_s).toBool(), true);
        QCOMPARE(root.value(u"feeds"_s)[u"kafka"_s][u"state"_s].toString(), u"Live"_s);
        const QJsonObject kafka = root.value(u"kafka"_s).toObject();
        QCOMPARE(kafka.value(u"lag_time_method"_s).toString(), u"from log-end rate"_s);
        QVERIFY(kafka.value(u"status_window_samples"_s).toInt() >= 2);
        const int partitions = stack.section(u"kafka"_s).value(u"partitions"_s).toInt();
        QStringList groups;
        for (const QJsonValue &gv : kafka.value(u"groups"_s).toArray()) {
            const QJsonObject g = gv.toObject();
            groups << g.value(u"group"_s).toString();
            QVERIFY(g.contains(u"status"_s) && g.contains(u"lag"_s) && g.contains(u"lag_time"_s)
                    && g.contains(u"state"_s));
            if (!g.value(u"group"_s).toString().endsWith(u"-group"_s))
                continue; // another test's group
            const QJsonArray parts = g.value(u"partitions"_s).toArray();
            QCOMPARE(parts.size(), partitions);
            qint64 sum = 0;
            for (const QJsonValue &pv : parts) {
                const QJsonObject p = pv.toObject();
                QCOMPARE(p.value(u"topic"_s).toString(), stack.string(u"kafka"_s, u"topic"_s));
                QVERIFY(p.value(u"log_end_offset"_s).toInteger() >= p.value(u"committed_offset"_s).toInteger());
                QCOMPARE(p.value(u"lag"_s).toInteger(),
                         p.value(u"log_end_offset"_s).toInteger() - p.value(u"committed_offset"_s).toInteger());
                QVERIFY(p.contains(u"status"_s) && p.contains(u"lag_time"_s));
                sum += p.value(u"lag"_s).toInteger();
            }
            QCOMPARE(g.value(u"lag"_s).toInteger(), sum);
        }
        for (const QString &g : {u"saga-orchestrator-group"_s, u"inventory-service-group"_s, u"payment-service-group"_s,
                                 u"notification-service-group"_s})
            QVERIFY2(groups.contains(g), qPrintable(groups.join(u", "_s)));
        bool sagaTopic = false;
        for (const QJsonValue &tv : kafka.value(u"topics"_s).toArray()) {
            const QJsonObject t = tv.toObject();
            if (t.value(u"name"_s).toString() != stack.string(u"kafka"_s, u"topic"_s))
                continue;
            sagaTopic = true;
            QCOMPARE(t.value(u"partitions"_s).toArray().size(), partitions);
            QVERIFY(t.value(u"partitions"_s)[0][u"leader"_s].toInt() >= 0);
        }
        QVERIFY(sagaTopic);
    }

    void brokerDownFailsWithTheReason()
    {
        const QString config = profile(u"127.0.0.1:1"_s);
        QVERIFY(!config.isEmpty());
        const QString json = m_dir.filePath(u"down.json"_s);
        QByteArray err;
        QCOMPARE(run({u"snapshot"_s, u"--config"_s, config, u"--page"_s, u"kafka"_s, u"--json"_s, json, u"--timeout"_s,
                      u"20"_s},
                     &err),
                 1);
        QVERIFY2(err.contains("Kafka is Down") && err.contains("127.0.0.1:1"), err.constData());
        QFile f(json);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject root = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(root.value(u"ok"_s).toBool(), false);
        QCOMPARE(root.value(u"feeds"_s)[u"kafka"_s][u"state"_s].toString(), u"Down"_s);
    }
};

QTEST_GUILESS_MAIN(TestKafkaSnapshot)
#include "tst_kafka_snapshot.moc"
