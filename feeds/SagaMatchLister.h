#pragma once

#include "PostgresQueryWorker.h"
#include "Saga.h"
#include "SagaFilter.h"

namespace sagadeck {

// Answers "which sagas does this filter match, and how many?" for a bulk action's preview:
// the exact count and the first `limit` rows in the filter's order, read in one transaction with
// the same SQL as the Sagas table, so the preview and the table agree on every number.
//
// Threading: lives on its own thread (moveToThread), slots called queued; the connection is
// opened on the first request, so a console that never plans a bulk action pays nothing.
class SagaMatchLister : public PostgresQueryWorker
{
    Q_OBJECT
public:
    explicit SagaMatchLister(const PostgresSettings &settings, QObject *parent = nullptr);

public slots:
    void list(quint64 requestId, const sagadeck::SagaFilter &filter, int limit);

signals:
    void listed(quint64 requestId, qint64 matching, const QVector<sagadeck::SagaRow> &first);
    void listFailed(quint64 requestId, const QString &error);
};

} // namespace sagadeck
