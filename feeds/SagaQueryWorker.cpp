#include "SagaQueryWorker.h"

#include "PgRows.h"

using namespace Qt::StringLiterals;

namespace sagadeck {

SagaQueryWorker::SagaQueryWorker(const PostgresSettings &settings, QObject *parent)
    : PostgresQueryWorker(settings, parent)
{}

bool SagaQueryWorker::current(quint64 generation)
{
    m_newestGeneration = std::max(m_newestGeneration, generation);
    return generation == m_newestGeneration;
}

void SagaQueryWorker::fetchPage(const SagaPageRequest &request)
{
    if (!current(request.generation))
        return;
    QVector<SagaRow> rows;
    const auto error = read([&](PostgresConnection::Reader &r) {
        for (const auto &row : r.run(m_sql.page(request.filter, request.limit, request.skip, request.after)))
            rows.append(pg::sagaRow(row));
    });
    if (error)
        emit pageFailed(request.generation, request.offset, *error);
    else
        emit pageReady(request.generation, request.offset, rows);
}

void SagaQueryWorker::fetchCount(quint64 generation, const SagaFilter &filter)
{
    if (!current(generation))
        return;
    qint64 count = -1;
    const auto error = read(
        [&](PostgresConnection::Reader &r) { count = r.run(m_sql.count(filter))[0][0].as<qint64>(); });
    if (error)
        emit pageFailed(generation, -1, u"counting failed: "_s + *error);
    else
        emit countReady(generation, count);
}

void SagaQueryWorker::fetchAnchors(quint64 generation, const SagaFilter &filter)
{
    if (!current(generation))
        return;
    QVector<SagaRow> anchors;
    const auto error = read([&](PostgresConnection::Reader &r) {
        for (const auto &row : r.run(m_sql.anchors(filter, anchorSpacing)))
            anchors.append(pg::sagaRow(row));
    });
    // Without anchors, jumps still work (by OFFSET), only slower: no error to show.
    if (!error)
        emit anchorsReady(generation, anchorSpacing, anchors);
}

void SagaQueryWorker::fetchDetail(quint64 requestId, const QUuid &id)
{
    SagaDetail detail;
    bool found = false;
    const auto error = read([&](PostgresConnection::Reader &r) {
        const auto head = r.run(m_sql.detail(id));
        if (head.empty())
            return;
        found = true;
        detail.saga = pg::sagaRow(head[0]);
        detail.payload = pg::text(head[0][8]).toUtf8();
        for (const auto &row : r.run(m_sql.steps(id))) {
            SagaStep s;
            s.seq = row[0].as<int>();
            s.step = pg::text(row[1]);
            s.action = pg::text(row[2]);
            s.service = pg::text(row[3]);
            s.outcome = pg::text(row[4]);
            s.error = pg::text(row[5]);
            s.startedAt = pg::fromMicros(pg::micros(row[6]));
            s.finishedAt = pg::fromMicros(pg::micros(row[7]));
            detail.steps.append(s);
        }
    });
    if (error)
        emit detailFailed(requestId, *error);
    else if (!found)
        emit detailFailed(requestId, u"saga %1 does not exist (any more)"_s.arg(id.toString(QUuid::WithoutBraces)));
    else
        emit detailReady(requestId, detail);
}

} // namespace sagadeck
