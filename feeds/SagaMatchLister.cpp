#include "SagaMatchLister.h"

#include "PgRows.h"

namespace sagadeck {

SagaMatchLister::SagaMatchLister(const PostgresSettings &settings, QObject *parent)
    : PostgresQueryWorker(settings, parent)
{}

void SagaMatchLister::list(quint64 requestId, const SagaFilter &filter, int limit)
{
    qint64 matching = -1;
    QVector<SagaRow> first;
    const auto error = read([&](PostgresConnection::Reader &r) {
        matching = r.run(m_sql.count(filter))[0][0].as<qint64>();
        for (const auto &row : r.run(m_sql.page(filter, limit, 0)))
            first.append(pg::sagaRow(row));
    });
    // The two statements see two moments (read committed): fewer rows than the limit means the
    // second one saw every match, and that is the newer count.
    if (!error && first.size() < limit)
        matching = first.size();
    if (error)
        emit listFailed(requestId, *error);
    else
        emit listed(requestId, matching, first);
}

} // namespace sagadeck
