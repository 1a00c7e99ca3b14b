#include "SagaQueryWorker.h"

#include "PgRows.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace sagadeck {

SagaQueryWorker::SagaQueryWorker(const PostgresSettings &settings, QObject *parent)
    : PostgresQueryWorker(settings, parent)
    , m_instancesTable(settings.instancesTable)
{
    qRegisterMetaType<SagaSearchPlan>(); // searchPlanReady() crosses threads
}

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
    // A search is explained first, so the page can say it reads the whole table even when the
    // count then runs out of time.
    if (!filter.search.trimmed().isEmpty()) {
        SqlStatement explain = m_sql.count(filter);
        explain.text = "EXPLAIN (FORMAT JSON) " + explain.text;
        QByteArray plan;
        const auto explainError = read(
            [&](PostgresConnection::Reader &r) { plan = pg::text(r.run(explain)[0][0]).toUtf8(); });
        SagaSearchPlan answer;
        if (explainError)
            answer.error = *explainError;
        else
            answer = readSearchPlan(plan, m_instancesTable);
        emit searchPlanReady(generation, answer);
    }
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

namespace {
// The payload as the pane shows it, made here so a large one is never parsed on the GUI
// thread: indented JSON, or the text as it is when it is not (or no longer, once cut) JSON.
// A line longer than this is shown on several: a text view lays a line out whole, and one
// line of megabytes holds the GUI thread for seconds.
constexpr qsizetype kShownLineCap = 1000;

QString withLongLinesBroken(const QString &text)
{
    QString out;
    out.reserve(text.size() + text.size() / kShownLineCap + 16);
    qsizetype lineStart = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) == u'\n')
            lineStart = i + 1;
        else if (i - lineStart == kShownLineCap && !text.at(i).isLowSurrogate()) {
            out += u'\n';
            lineStart = i;
        }
        out += text.at(i);
    }
    return out;
}

QString payloadAsShown(const QByteArray &payload)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(payload, &error);
    if (error.error != QJsonParseError::NoError)
        return withLongLinesBroken(QString::fromUtf8(payload));
    return withLongLinesBroken(QString::fromUtf8(doc.toJson(QJsonDocument::Indented)).trimmed());
}
} // namespace

void SagaQueryWorker::fetchDetail(quint64 requestId, const QUuid &id, bool whole)
{
    SagaDetail detail;
    bool found = false;
    const auto error = read([&](PostgresConnection::Reader &r) {
        const auto head = r.run(m_sql.detail(id, whole));
        if (head.empty())
            return;
        found = true;
        detail.saga = pg::sagaRow(head[0]);
        detail.payload = pg::text(head[0][8]).toUtf8();
        detail.payloadBytes = head[0][9].as<qint64>();
        detail.saga.lastError = pg::text(head[0][10]);
        detail.lastErrorChars = head[0][11].as<qint64>();
        // left() cuts exactly when the text is longer than the cap.
        const auto cut = [whole](qint64 chars) { return !whole && chars > SagaSql::kDetailTextCap; };
        detail.complete = detail.payload.size() >= detail.payloadBytes && !cut(detail.lastErrorChars);
        for (const auto &row : r.run(m_sql.steps(id, whole))) {
            SagaStep s;
            s.seq = row[0].as<int>();
            s.step = pg::text(row[1]);
            s.action = pg::text(row[2]);
            s.service = pg::text(row[3]);
            s.outcome = pg::text(row[4]);
            s.error = pg::text(row[5]);
            s.startedAt = pg::fromMicros(pg::micros(row[6]));
            s.finishedAt = pg::fromMicros(pg::micros(row[7]));
            s.errorChars = row[8].as<qint64>();
            detail.complete = detail.complete && !cut(s.errorChars);
            detail.steps.append(s);
        }
    });
    if (found)
        detail.payloadText = payloadAsShown(detail.payload);
    if (error)
        emit detailFailed(requestId, *error);
    else if (!found)
        emit detailFailed(requestId, u"saga %1 does not exist (any more)"_s.arg(id.toString(QUuid::WithoutBraces)));
    else
        emit detailReady(requestId, detail);
}

} // namespace sagadeck
