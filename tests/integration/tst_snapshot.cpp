#include "SimHarness.h"
#include "StackInfo.h"

#include <QFile>
#include <QImage>
#include <QRegularExpression>
#include <QJsonDocument>
#include <QProcess>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

// `sagadeck snapshot` as scripts and incident channels run it: the real binary, a profile
// written by the stack, the real Postgres. Its numbers are checked against SQL.
class TestSnapshot : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<SimHarness> m_sim;
    QTemporaryDir m_dir;
    QString m_profile;

    struct Run
    {
        int exitCode = -1;
        QString err;
        QJsonObject json;
    };
    Run snapshot(const QStringList &extra)
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(u"DISPLAY"_s); // a snapshot must need no display
        p.setProcessEnvironment(env);
        const QString json = m_dir.filePath(u"out.json"_s);
        QFile::remove(json);
        p.start(qEnvironmentVariable("SAGADECK_BIN"),
                QStringList{u"snapshot"_s, u"--page"_s, u"sagas"_s, u"--json"_s, json, u"--png"_s,
                            m_dir.filePath(u"out.png"_s), u"--timeout"_s, u"15"_s}
                    + extra);
        Run r;
        if (!p.waitForFinished(60000))
            return r;
        r.exitCode = p.exitCode();
        r.err = QString::fromLocal8Bit(p.readAllStandardError());
        QFile f(json);
        if (f.open(QIODevice::ReadOnly))
            r.json = QJsonDocument::fromJson(f.readAll()).object();
        return r;
    }

private slots:
    void initTestCase()
    {
        m_sim = std::make_unique<SimHarness>();
        QVERIFY2(m_sim->error().isEmpty(), qPrintable(m_sim->error()));
        m_profile = m_dir.filePath(u"profiles.yaml"_s);
        QString profileError;
        QVERIFY2(StackInfo::writeProfile(m_profile, &profileError), qPrintable(profileError));
    }
    void cleanupTestCase()
    {
        m_sim->restore();
        m_sim.reset();
    }

    void overviewAndServicesSnapshots()
    {
        for (const QString &page : {u"overview"_s, u"services"_s}) {
            const Run r = snapshot({u"--config"_s, m_profile, u"--page"_s, page});
            QVERIFY2(r.exitCode == 0, qPrintable(page + u": "_s + r.err));
            QCOMPARE(r.json.value(u"page"_s).toString(), page);
            const QJsonObject kube = r.json.value(u"feeds"_s).toObject().value(u"kubernetes"_s).toObject();
            QCOMPARE(kube.value(u"state"_s).toString(), u"Live"_s);
            QVERIFY(!QImage(m_dir.filePath(u"out.png"_s)).isNull());
        }
        // The services snapshot lists what the API server has.
        const Run r = snapshot({u"--config"_s, m_profile, u"--page"_s, u"services"_s});
        const QJsonObject services = r.json.value(u"services"_s).toObject();
        QCOMPARE(services.value(u"deployments"_s).toArray().size(), 4);
        QCOMPARE(services.value(u"user"_s).toString(), u"sagadeck-operator"_s);
        QCOMPARE(services.value(u"tls_verified"_s).toBool(), true);
    }

    void overviewTilesAndWarRoomDisplayAsJson()
    {
        QVERIFY(m_sim->quiesce());
        const QString before = m_sim->sqlValue(u"SELECT now()"_s);
        const Run r = snapshot({u"--config"_s, m_profile, u"--page"_s, u"overview"_s, u"--war-room"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        // The tile counts FAILED sagas of the last hour, as of some moment of the snapshot: between
        // psql's counts for the hour before the snapshot began and the hour before it ended.
        const QString failedSince = u"SELECT count(*) FROM saga_instances WHERE status = 'FAILED' AND updated_at >= "_s;
        const qint64 most =
            m_sim->sqlValue(failedSince + u"'%1'::timestamptz - interval '1 hour'"_s.arg(before)).toLongLong();
        const qint64 least = m_sim->sqlValue(failedSince + u"now() - interval '1 hour'"_s).toLongLong();
        m_sim->restore();
        QHash<QString, QJsonObject> tiles;
        for (const QJsonValue &t : r.json.value(u"overview"_s).toObject().value(u"tiles"_s).toArray())
            tiles.insert(t.toObject().value(u"id"_s).toString(), t.toObject());
        QCOMPARE(tiles.size(), 11);
        // Every tile gives a verdict on a healthy stack, the service levels and their budgets
        // too: no 5xx or no failed saga yet reads 0, a value (issue 18), not "no data".
        for (const QString &id :
             {u"success"_s, u"latency"_s, u"availability"_s, u"errors"_s, u"budget-success"_s, u"budget-availability"_s,
              u"alerts"_s, u"sagas"_s, u"kafka"_s, u"deployments"_s, u"feeds"_s})
            QVERIFY2(tiles.value(id).value(u"verdict"_s).toString() != u"no data"_s,
                     qPrintable(id + u": "_s + tiles.value(id).value(u"detail"_s).toString()));
        // Quiesced: the failed count is Postgres' own.
        const QString sagasValue = tiles.value(u"sagas"_s).value(u"value"_s).toString();
        const qint64 failed = sagasValue.section(u' ', 0, 0).toLongLong();
        QVERIFY2(sagasValue.startsWith(QString::number(failed) + u" failed"_s) && failed >= least && failed <= most,
                 qPrintable(u"%1 vs psql %2..%3"_s.arg(sagasValue).arg(least).arg(most)));
        QCOMPARE(tiles.value(u"feeds"_s).value(u"value"_s).toString(), u"5 of 5 Live"_s);

        const QJsonObject display = r.json.value(u"display"_s).toObject();
        QCOMPARE(display.value(u"war_room"_s).toBool(), true);
        QCOMPARE(display.value(u"theme"_s).toString(), u"high-contrast"_s);
        QCOMPARE(display.value(u"navigation_visible"_s).toBool(), false);
        QCOMPARE(display.value(u"alarm_banner"_s).toObject().value(u"visible"_s).toBool(), false);
        const QTime clock = QTime::fromString(display.value(u"clock"_s).toString().left(8), u"HH:mm:ss"_s);
        QVERIFY(clock.isValid());
        QVERIFY(QImage(m_dir.filePath(u"out.png"_s)).width() >= 1600);

        // The wall's content as shown, for a channel bot: each tile's number with its trend,
        // the big charts' latest values and thresholds, what changed with ages, the contacts.
        const QJsonObject wall = r.json.value(u"wall"_s).toObject();
        QCOMPARE(wall.value(u"screen_height"_s).toInt(), display.value(u"height"_s).toInt());
        const QJsonArray wallTiles = wall.value(u"tiles"_s).toArray();
        QCOMPARE(wallTiles.size(), 9);
        for (const QJsonValue &v : wallTiles) {
            const QJsonObject t = v.toObject();
            const QString id = t.value(u"id"_s).toString();
            // The overview's verdict, and its value's number.
            QCOMPARE(t.value(u"verdict"_s).toString(), tiles.value(id).value(u"verdict"_s).toString());
            QVERIFY2(!t.value(u"number"_s).toString().isEmpty() && t.value(u"number"_s).toString() != u"?"_s,
                     qPrintable(id));
            const QJsonArray trend = t.value(u"trend"_s).toArray();
            QVERIFY2(!trend.isEmpty(), qPrintable(id));
            QVERIFY(QDateTime::fromString(trend.last().toArray().at(0).toString(), Qt::ISODate).isValid());
        }
        QVERIFY2(sagasValue.startsWith(wallTiles.at(5).toObject().value(u"number"_s).toString() + u" failed"_s),
                 qPrintable(sagasValue));
        const QJsonArray charts = wall.value(u"charts"_s).toArray();
        QCOMPARE(charts.size(), 3);
        QCOMPARE(charts.at(0).toObject().value(u"id"_s).toString(), u"saga-failure"_s);
        QCOMPARE(charts.at(0).toObject().value(u"thresholds"_s).toArray().at(0).toObject().value(u"value"_s).toDouble(),
                 0.005);
        QCOMPARE(charts.at(1).toObject().value(u"id"_s).toString(), u"latency-p95"_s);
        QCOMPARE(charts.at(1).toObject().value(u"thresholds"_s).toArray().at(0).toObject().value(u"value"_s).toDouble(),
                 0.5);
        for (const QJsonValue &c : charts) {
            QVERIFY2(!c.toObject().value(u"points"_s).toArray().isEmpty(),
                     qPrintable(c.toObject().value(u"id"_s).toString()));
            QVERIFY2(c.toObject().value(u"latest"_s).toString() != u"?"_s,
                     qPrintable(c.toObject().value(u"note"_s).toString()));
        }
        for (const QJsonValue &e : wall.value(u"what_changed"_s).toArray()) {
            const QString age = e.toObject().value(u"age"_s).toString();
            QVERIFY2(age == u"just now"_s || age.endsWith(u" ago"_s), qPrintable(age));
        }
        // Whom to call, while a playbook is raised (an earlier test's outage may have left one).
        const QJsonObject escalation = wall.value(u"escalation"_s).toObject();
        QCOMPARE(escalation.value(u"title"_s).toString().startsWith(u"ESCALATE · "_s),
                 escalation.value(u"shown"_s).toBool());
        QCOMPARE(escalation.value(u"contacts"_s).toArray().isEmpty(), !escalation.value(u"shown"_s).toBool());
    }

    void warRoomSnapshotNamesADeadFeed()
    {
        // The stack's profile with Prometheus where nothing listens.
        QFile in(m_profile);
        QVERIFY(in.open(QIODevice::ReadOnly));
        QString text = QString::fromUtf8(in.readAll());
        const qsizetype at = text.indexOf(u"url: \"http://127.0.0.1:"_s, text.indexOf(u"prometheus:"_s));
        QVERIFY(at > 0);
        text.replace(at, text.indexOf(u'"', at + 6) - at + 1, u"url: \"http://127.0.0.1:9\""_s);
        const QString broken = m_dir.filePath(u"prom-down.yaml"_s);
        QFile out(broken);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(text.toUtf8());
        out.close();
        const Run r = snapshot({u"--config"_s, broken, u"--page"_s, u"overview"_s, u"--war-room"_s});
        QVERIFY2(r.exitCode == 0 || r.exitCode == 1, qPrintable(r.err)); // it did write its JSON
        const QJsonObject prometheus = r.json.value(u"feeds"_s).toObject().value(u"prometheus"_s).toObject();
        QCOMPARE(prometheus.value(u"state"_s).toString(), u"Down"_s);
        const QJsonObject banner = r.json.value(u"display"_s).toObject().value(u"alarm_banner"_s).toObject();
        QCOMPARE(banner.value(u"visible"_s).toBool(), true);
        const QString said = banner.value(u"text"_s).toString();
        QVERIFY2(said.contains(u"✕ Prometheus DOWN — "_s + prometheus.value(u"reason"_s).toString().left(20)),
                 qPrintable(said));
        QVERIFY(!said.contains(u"Postgres"_s));
    }

    void timelineAndPlaybooksSnapshots()
    {
        const Run t = snapshot({u"--config"_s, m_profile, u"--page"_s, u"timeline"_s});
        QVERIFY2(t.exitCode == 0, qPrintable(t.err));
        const QJsonObject timeline = t.json.value(u"timeline"_s).toObject();
        const QJsonArray lanes = timeline.value(u"series"_s).toArray();
        QCOMPARE(lanes.size(), 3); // failure rate, p95, lag
        // A lane has points, or Prometheus itself has nothing for its query (a young stack
        // where no saga has failed yet has no saga_failed_total at all).
        int withPoints = 0;
        for (const QJsonValue &v : lanes) {
            const QJsonObject lane = v.toObject();
            if (lane.value(u"points"_s).toInt() > 0)
                ++withPoints;
            else
                QVERIFY2(!m_sim->promValue(lane.value(u"query"_s).toString()),
                         qPrintable(lane.value(u"id"_s).toString() + u": no points, but Prometheus has data"_s));
        }
        QVERIFY(withPoints >= 2); // p95 and lag always have data on the stack
        QVERIFY(timeline.value(u"markers"_s).isArray());
        QVERIFY(timeline.value(u"window"_s).toObject().value(u"span_s"_s).toDouble() >= 900);
        QVERIFY(!QImage(m_dir.filePath(u"out.png"_s)).isNull());

        const Run p = snapshot({u"--config"_s, m_profile, u"--page"_s, u"playbooks"_s});
        QVERIFY2(p.exitCode == 0, qPrintable(p.err));
        const QJsonObject board = p.json.value(u"playbooks"_s).toObject();
        const QJsonArray playbooks = board.value(u"playbooks"_s).toArray();
        QCOMPARE(playbooks.size(), 5); // the runbook's five common issues
        for (const QJsonValue &v : playbooks) {
            const QJsonObject pb = v.toObject();
            QVERIFY2(!pb.value(u"state"_s).toString().isEmpty(), qPrintable(pb.value(u"id"_s).toString()));
            QVERIFY2(!pb.value(u"symptoms"_s).toArray().isEmpty(), qPrintable(pb.value(u"id"_s).toString()));
        }
        // Open vs max connections from pg_stat_activity (the first playbook, shown, asks for
        // them) agree with Postgres' own setting.
        const QJsonObject activity = board.value(u"pg_activity"_s).toObject();
        QVERIFY2(activity.value(u"has_data"_s).toBool(), qPrintable(activity.value(u"error"_s).toString()));
        QCOMPARE(QString::number(activity.value(u"max_connections"_s).toInt()),
                 m_sim->sqlValue(u"SHOW max_connections"_s));
        QVERIFY(activity.value(u"open"_s).toInt() > 0);
    }

    void sagasSnapshotAgreesWithSql()
    {
        QVERIFY(m_sim->quiesce());
        const Run r = snapshot({u"--config"_s, m_profile});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.json.value(u"ok"_s).toBool(), true);
        QCOMPARE(r.json.value(u"page"_s).toString(), u"sagas"_s);
        QCOMPARE(r.json.value(u"profile"_s).toString(), u"local"_s);
        const QJsonObject pg = r.json.value(u"feeds"_s).toObject().value(u"postgres"_s).toObject();
        QCOMPARE(pg.value(u"state"_s).toString(), u"Live"_s);
        QVERIFY(pg.value(u"data_age_ms"_s).toInteger() >= 0);
        // How each feed travels: the stack's profile checks Postgres' certificate and name; its
        // Kafka listener is plaintext.
        QCOMPARE(pg.value(u"transport"_s).toString(), u"verified_tls"_s);
        QCOMPARE(pg.value(u"transport_detail"_s).toString(), u"sslmode=verify-full"_s);
        const QJsonObject kafka = r.json.value(u"feeds"_s).toObject().value(u"kafka"_s).toObject();
        if (kafka.value(u"state"_s).toString() != u"Disabled"_s)
            QCOMPARE(kafka.value(u"transport"_s).toString(), u"plaintext"_s);

        const QJsonObject sagas = r.json.value(u"sagas"_s).toObject();
        // Live statuses counted now, finished ones since the window's start, as psql counts them.
        const QJsonObject byStatus = sagas.value(u"counts_by_status"_s).toObject();
        QCOMPARE(sagas.value(u"finished_window_minutes"_s).toInt(), 60);
        const QString since = sagas.value(u"finished_since"_s).toString();
        QVERIFY2(!since.isEmpty(), "the window's start is in the snapshot");
        const QStringList witness = m_sim->sqlColumn(
            u"SELECT status || '=' || count(*) FROM saga_instances WHERE status IN ('STARTED', 'IN_PROGRESS', "
            "'COMPENSATING') OR updated_at >= '%1'::timestamptz GROUP BY status"_s.arg(since));
        for (const QString &line : witness)
            QCOMPARE(byStatus.value(line.section(u'=', 0, 0)).toInteger(), line.section(u'=', 1).toLongLong());
        QCOMPARE(byStatus.size(), witness.size());
        QVERIFY(sagas.value(u"total_estimate"_s).isDouble() || sagas.value(u"total_estimate"_s).isNull());
        QVERIFY(!sagas.contains(u"total"_s)); // no exact total: it would read the whole table
        const qint64 total = m_sim->sqlValue(u"SELECT count(*) FROM saga_instances"_s).toLongLong();
        const QJsonObject table = sagas.value(u"table"_s).toObject();
        QCOMPARE(table.value(u"matching_rows"_s).toInteger(), total);
        const QJsonArray rows = table.value(u"rows"_s).toArray();
        QCOMPARE(qint64(rows.size()), std::min<qint64>(200, total));
        // The first row is the most recently updated saga.
        QCOMPARE(rows.at(0).toObject().value(u"id"_s).toString(),
                 m_sim->sqlValue(u"SELECT id FROM saga_instances ORDER BY updated_at DESC, id DESC LIMIT 1"_s));
        QVERIFY(!QImage(m_dir.filePath(u"out.png"_s)).isNull());
        QVERIFY(m_sim->setRate(m_sim->originalRate()));
    }

    void unreachablePostgresFailsWithTheReason()
    {
        QFile good(m_profile);
        QVERIFY(good.open(QIODevice::ReadOnly));
        QString yaml = QString::fromUtf8(good.readAll());
        yaml.replace(QRegularExpression(u"port=\\d+"_s), u"port=1"_s);
        const QString bad = m_dir.filePath(u"unreachable.yaml"_s);
        QFile out(bad);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(yaml.toUtf8());
        out.close();
        const Run r = snapshot({u"--config"_s, bad});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(u"Postgres is Down"_s), qPrintable(r.err));
        QVERIFY2(r.err.contains(u"127.0.0.1"_s) || r.err.contains(u"refused"_s), qPrintable(r.err));
        QCOMPARE(r.json.value(u"ok"_s).toBool(), false);
        QVERIFY(r.json.value(u"error"_s).toString().contains(u"Postgres is Down"_s));
    }

    // Issue 18: a misspelt safety flag refuses the profile; it never runs with the default.
    void misspeltKeyRefusesTheProfile()
    {
        QFile good(m_profile);
        QVERIFY(good.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(good.readAll()).split(u'\n');
        const qsizetype at = lines.indexOf(u"    read_only: false"_s);
        QVERIFY2(at >= 0, "stack/stack env writes read_only: false");
        QStringList typo = lines;
        typo[at] = u"    read_onyl: true"_s;
        const QString bad = m_dir.filePath(u"typo.yaml"_s);
        QFile out(bad);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(typo.join(u'\n').toUtf8());
        out.close();
        const Run r = snapshot({u"--config"_s, bad, u"--page"_s, u"overview"_s});
        QCOMPARE(r.exitCode, 1);
        const QString expected =
            u"%1:%2: profiles.local.read_onyl: unknown key; did you mean `read_only`?"_s.arg(bad).arg(at + 1);
        QVERIFY2(r.err.contains(expected), qPrintable(r.err));
        QCOMPARE(r.json.value(u"ok"_s).toBool(), false);
        QCOMPARE(r.json.value(u"profile"_s).toString(), QString()); // no session was started
    }

    void unknownProfileFailsAndNamesIt()
    {
        const Run r = snapshot({u"--config"_s, m_profile, u"--profile"_s, u"nope"_s});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(u"nope"_s), qPrintable(r.err));
        QVERIFY2(r.err.contains(u"local"_s), "the error should list the profiles there are");
    }
};

QTEST_GUILESS_MAIN(TestSnapshot)
#include "tst_snapshot.moc"
