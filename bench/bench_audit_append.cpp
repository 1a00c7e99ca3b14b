// How long one audit record takes to become durable (open O_APPEND, write, fsync, close),
// which decides where AuditLog may run. Usage: bench_audit_append [--records N] [--dir D]
#include "AuditLog.h"
#include "BenchUtil.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace sagadeck;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    int records = 500;
    QString dirArg;
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args.at(i) == u"--records"_s)
            records = args.at(i + 1).toInt();
        if (args.at(i) == u"--dir"_s)
            dirArg = args.at(i + 1);
    }
    QTemporaryDir tmp(dirArg.isEmpty() ? QDir::tempPath() + u"/bench-audit-XXXXXX"_s
                                       : dirArg + u"/bench-audit-XXXXXX"_s);
    AuditLog log(tmp.path() + u"/sagadeck/audit.jsonl"_s);
    QVector<double> ms;
    QString error;
    for (int i = 0; i < records; ++i) {
        AuditRecord r;
        r.kind = i % 2 ? AuditKind::Outcome : AuditKind::Intent;
        r.actionId = ActionId::create();
        r.at = QDateTime::currentDateTimeUtc();
        r.osUser = u"bench"_s;
        r.profile = u"bench"_s;
        r.verb = u"retry"_s;
        r.target = {u"bench"_s, QString(), u"saga"_s, QUuid::createUuid().toString(QUuid::WithoutBraces)};
        r.parameters = {{u"saga_type"_s, u"order-fulfillment"_s}, {u"attempt_before"_s, 1}};
        r.reason = u"benchmark"_s;
        r.result = i % 2 ? AuditResult::Done : AuditResult::None;
        QElapsedTimer t;
        t.start();
        if (!log.append(r, &error)) {
            std::fprintf(stderr, "append failed: %s\n", qPrintable(error));
            return 1;
        }
        ms << t.nsecsElapsed() / 1e6;
    }
    std::printf("%d appends to %s: median %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms\n", records,
                qPrintable(tmp.path()), bench::percentile(ms, 0.5), bench::percentile(ms, 0.95),
                bench::percentile(ms, 0.99), bench::percentile(ms, 1.0));
    return 0;
}
