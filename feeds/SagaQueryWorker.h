#pragma once

#include "BusinessKey.h"
#include "PostgresQueryWorker.h"
#include "Saga.h"
#include "SagaFilter.h"

#include <QUuid>

namespace sagadeck {

// Answers the Sagas page's questions (table pages, row counts, position anchors, one saga's
// detail) over a connection of its own, so they never wait behind the feed's summary.
//
// Threading: lives on its own thread (moveToThread), slots called queued. Requests carry the
// model's generation; requests for a generation older than the newest one seen are skipped
// unanswered, since the model would drop the answers anyway. The connection is opened on
// the first request and reopened after a failure; health is the PostgresFeed's business.
class SagaQueryWorker : public PostgresQueryWorker
{
    Q_OBJECT
public:
    explicit SagaQueryWorker(const PostgresSettings &settings, QObject *parent = nullptr);

    // Rows between two anchors: a jump is a keyset query plus an OFFSET below this.
    static constexpr int anchorSpacing = 1000;

public slots:
    void fetchPage(const sagadeck::SagaPageRequest &request);
    void fetchCount(quint64 generation, const sagadeck::SagaFilter &filter);
    void fetchAnchors(quint64 generation, const sagadeck::SagaFilter &filter);
    // The saga, its steps and payload; the payload and errors cut at SagaSql::kDetailTextCap
    // unless `whole` ("Load all"); the payload formatted here, off the GUI thread.
    void fetchDetail(quint64 requestId, const QUuid &id, bool whole);

signals:
    void pageReady(quint64 generation, int offset, const QVector<sagadeck::SagaRow> &rows);
    void pageFailed(quint64 generation, int offset, const QString &error);
    void countReady(quint64 generation, qint64 count);
    // How Postgres runs a search (sent before its count): whether it reads the whole table.
    void searchPlanReady(quint64 generation, const sagadeck::SagaSearchPlan &plan);
    void anchorsReady(quint64 generation, int spacing, const QVector<sagadeck::SagaRow> &anchors);
    void detailReady(quint64 requestId, const sagadeck::SagaDetail &detail);
    void detailFailed(quint64 requestId, const QString &error);

private:
    bool current(quint64 generation);

    quint64 m_newestGeneration = 0;
    QString m_instancesTable;
};

} // namespace sagadeck
