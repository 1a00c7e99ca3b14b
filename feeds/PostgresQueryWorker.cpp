#include "PostgresQueryWorker.h"

namespace sagadeck {

PostgresQueryWorker::PostgresQueryWorker(const PostgresSettings &settings, QObject *parent)
    : Feed(FeedKind::Postgres, parent)
    , m_sql(settings.instancesTable, settings.stepsTable, settings.businessKeys)
    , m_conn(settings)
{}

void PostgresQueryWorker::onStop()
{
    m_conn.close();
}

std::optional<QString> PostgresQueryWorker::read(const std::function<void(PostgresConnection::Reader &)> &work)
{
    return m_conn.readOnDemand(work);
}

} // namespace sagadeck
