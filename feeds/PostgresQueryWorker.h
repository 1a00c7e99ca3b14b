#pragma once

#include "Feed.h"
#include "PostgresConnection.h"
#include "Profile.h"
#include "SagaSql.h"

#include <functional>
#include <optional>

namespace sagadeck {

// What the on-demand Postgres workers (SagaQueryWorker, InvestigationQueryWorker) share: a
// connection of their own, opened on the first request and reopened after a failure, and the
// profile's SQL. Nothing to start or refresh: they answer requests. stop() closes the
// connection. They report no health: that is the PostgresFeed's business.
//
// Threading: lives on its own thread (moveToThread), slots called queued. Requests queued after
// the session asked that thread to stop are dropped (PostgresConnection::readOnDemand).
class PostgresQueryWorker : public Feed
{
    Q_OBJECT
public slots:
    void refresh() override {}

protected:
    explicit PostgresQueryWorker(const PostgresSettings &settings, QObject *parent = nullptr);

    void onStart() override {}
    void onStop() override;
    // Runs `work` in a read-only transaction; the reason on failure.
    std::optional<QString> read(const std::function<void(PostgresConnection::Reader &)> &work);

    SagaSql m_sql;

private:
    PostgresConnection m_conn;
};

} // namespace sagadeck
