#include "AuditLog.h"
#include "AuditLogReader.h"
#include "AuditRecord.h"
#include "StatePaths.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Qt::StringLiterals;
using namespace sagadeck;

namespace {

mode_t modeOf(const QString &path)
{
    struct stat st
    {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return 07777;
    return st.st_mode & 0777;
}

AuditRecord sample(AuditKind kind)
{
    AuditRecord r;
    r.kind = kind;
    r.actionId = ActionId::create();
    r.batchId = u"batch-1"_s;
    r.at = QDateTime(QDate(2026, 5, 1), QTime(12, 30, 45, 123), Qt::UTC);
    r.osUser = u"alice"_s;
    r.profile = u"prod"_s;
    r.identity = u"alice@example"_s;
    r.verb = u"retry"_s;
    r.target = {u"prod"_s, u"microservices"_s, u"saga"_s, u"0b0f4a4e-0000-4000-8000-000000000001"_s};
    r.parameters = {{u"saga_type"_s, u"order-fulfillment"_s},
                    {u"api_token"_s, u"s3cr3t-value"_s},
                    {u"nested"_s, QJsonObject{{u"Password"_s, u"hunter2"_s}, {u"replicas"_s, 3}}},
                    {u"list"_s, QJsonArray{QJsonObject{{u"clientSecret"_s, u"x"_s}}}}};
    r.reason = u"INC-42 payment provider back"_s;
    if (kind == AuditKind::Outcome) {
        r.result = AuditResult::Done;
        r.message = u"done: attempt 1 → 2"_s;
        r.serverRequestId = u"req-9"_s;
        r.durationMs = 812;
    }
    return r;
}

} // namespace

class TestAuditLog : public QObject
{
    Q_OBJECT
private slots:
    void recordJsonHasEveryFieldAndRedactsSecrets()
    {
        const AuditRecord r = sample(AuditKind::Outcome);
        const QJsonObject o = r.toJson();
        QCOMPARE(o.value(u"kind"_s).toString(), u"outcome"_s);
        QCOMPARE(o.value(u"action_id"_s).toString(), r.actionId.toString());
        QCOMPARE(o.value(u"batch_id"_s).toString(), u"batch-1"_s);
        QCOMPARE(o.value(u"time"_s).toString(), u"2026-05-01T12:30:45.123Z"_s);
        QCOMPARE(o.value(u"os_user"_s).toString(), u"alice"_s);
        QCOMPARE(o.value(u"profile"_s).toString(), u"prod"_s);
        QCOMPARE(o.value(u"identity"_s).toString(), u"alice@example"_s);
        QCOMPARE(o.value(u"verb"_s).toString(), u"retry"_s);
        const QJsonObject t = o.value(u"target"_s).toObject();
        QCOMPARE(t.value(u"namespace"_s).toString(), u"microservices"_s);
        QCOMPARE(t.value(u"kind"_s).toString(), u"saga"_s);
        QCOMPARE(t.value(u"name"_s).toString(), r.target.name);
        QCOMPARE(o.value(u"reason"_s).toString(), r.reason);
        QCOMPARE(o.value(u"result"_s).toString(), u"done"_s);
        QCOMPARE(o.value(u"server_request_id"_s).toString(), u"req-9"_s);
        QCOMPARE(o.value(u"duration_ms"_s).toInt(), 812);
        const QJsonObject p = o.value(u"parameters"_s).toObject();
        QCOMPARE(p.value(u"saga_type"_s).toString(), u"order-fulfillment"_s);
        QCOMPARE(p.value(u"api_token"_s).toString(), u"<redacted>"_s);
        QCOMPARE(p.value(u"nested"_s).toObject().value(u"Password"_s).toString(), u"<redacted>"_s);
        QCOMPARE(p.value(u"nested"_s).toObject().value(u"replicas"_s).toInt(), 3);
        QCOMPARE(p.value(u"list"_s).toArray().at(0).toObject().value(u"clientSecret"_s).toString(), u"<redacted>"_s);
        const QByteArray text = QJsonDocument(o).toJson(QJsonDocument::Compact);
        QVERIFY(!text.contains("s3cr3t"));
        QVERIFY(!text.contains("hunter2"));
    }

    void intentHasNoOutcomeFields()
    {
        const QJsonObject o = sample(AuditKind::Intent).toJson();
        QCOMPARE(o.value(u"kind"_s).toString(), u"intent"_s);
        QVERIFY(!o.contains(u"result"_s));
        QVERIFY(!o.contains(u"duration_ms"_s));
    }

    void recordRoundTrips()
    {
        const AuditRecord r = sample(AuditKind::Outcome);
        QString error;
        const auto back = AuditRecord::fromJson(r.toJson(), &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->actionId, r.actionId);
        QCOMPARE(back->at, r.at);
        QCOMPARE(back->result, AuditResult::Done);
        QCOMPARE(back->target.name, r.target.name);
        QCOMPARE(back->durationMs, 812);
    }

    void readerSkipsAndReportsMalformedLinesKeepingTheRest()
    {
        const QByteArray good1 = QJsonDocument(sample(AuditKind::Intent).toJson()).toJson(QJsonDocument::Compact);
        const QByteArray good2 = QJsonDocument(sample(AuditKind::Outcome).toJson()).toJson(QJsonDocument::Compact);
        QJsonObject noKind = sample(AuditKind::Intent).toJson();
        noKind.remove(u"kind"_s);
        const QByteArray text = good1 + "\n{not json\n\n" + QJsonDocument(noKind).toJson(QJsonDocument::Compact) + "\n"
            + good2 + "\n{\"kind\":\"intent\",\"act";
        const AuditReadResult r = AuditLogReader::parse(text, u"audit.jsonl"_s);
        QCOMPARE(r.records.size(), 2);
        QCOMPARE(r.records.at(0).kind, AuditKind::Intent);
        QCOMPARE(r.records.at(1).kind, AuditKind::Outcome);
        QCOMPARE(r.lines, 5);
        QCOMPARE(r.problems.size(), 3);
        QVERIFY2(r.problems.at(0).startsWith(u"audit.jsonl:2: skipped"_s), qPrintable(r.problems.at(0)));
        QVERIFY2(r.problems.at(1).startsWith(u"audit.jsonl:4: skipped: \"kind\""_s), qPrintable(r.problems.at(1)));
        QVERIFY2(r.problems.at(2).contains(u"audit.jsonl:6:"_s) && r.problems.at(2).contains(u"incomplete"_s),
                 qPrintable(r.problems.at(2)));
    }

    void appendCreatesPrivateFolderAndFileAndReadsBack()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        QProcessEnvironment env;
        env.insert(u"XDG_STATE_HOME"_s, tmp.path() + u"/state"_s);
        const StatePaths paths(env);
        AuditLog log(paths.auditLogPath());
        QString error;
        const AuditRecord a = sample(AuditKind::Intent);
        const AuditRecord b = sample(AuditKind::Outcome);
        QVERIFY2(log.append(a, &error), qPrintable(error));
        QVERIFY2(log.append(b, &error), qPrintable(error));
        QCOMPARE(modeOf(paths.stateDir()), mode_t(0700));
        QCOMPARE(modeOf(tmp.path() + u"/state"_s), mode_t(0700));
        QCOMPARE(modeOf(paths.auditLogPath()), mode_t(0600));
        QVERIFY(log.warnings().isEmpty());
        const AuditReadResult r = AuditLogReader::read(paths.auditLogPath());
        QVERIFY(r.ok());
        QVERIFY(r.problems.isEmpty());
        QCOMPARE(r.records.size(), 2);
        QCOMPARE(r.records.at(0).actionId, a.actionId);
        QCOMPARE(r.records.at(1).actionId, b.actionId);
    }

    void widerPermissionsAreNarrowedAndReported()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.path() + u"/sagadeck"_s;
        QVERIFY(QDir().mkpath(dir));
        QVERIFY(::chmod(QFile::encodeName(dir).constData(), 0755) == 0);
        const QString path = dir + u"/audit.jsonl"_s;
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
        }
        QVERIFY(::chmod(QFile::encodeName(path).constData(), 0644) == 0);
        AuditLog log(path);
        QString error;
        QVERIFY2(log.append(sample(AuditKind::Intent), &error), qPrintable(error));
        QCOMPARE(modeOf(path), mode_t(0600));
        QCOMPARE(modeOf(dir), mode_t(0700));
        QCOMPARE(log.warnings().size(), 2);
        QVERIFY(log.warnings().at(0).contains(u"0755"_s));
        QVERIFY(log.warnings().at(1).contains(u"0644"_s));
    }

    void refusesASymlinkAndSaysWhy()
    {
        QTemporaryDir tmp;
        const QString real = tmp.path() + u"/elsewhere.txt"_s;
        const QString path = tmp.path() + u"/audit.jsonl"_s;
        QVERIFY(QFile::link(real, path));
        AuditLog log(path);
        QString error;
        QVERIFY(!log.append(sample(AuditKind::Intent), &error));
        QVERIFY2(error.contains(path), qPrintable(error));
        QVERIFY(!QFile::exists(real));
    }
};

QTEST_GUILESS_MAIN(TestAuditLog)
#include "tst_audit_log.moc"
