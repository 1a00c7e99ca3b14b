#include "PgRows.h"

#include "PostgresFeed.h"

namespace sagadeck {

SagaRow sagaRowFromColumns(const QString &id, const QString &type, const QString &status, const QString &step,
                           int attempt, const QString &error, qint64 createdUs, qint64 updatedUs)
{
    SagaRow row;
    row.id = QUuid::fromString(id);
    row.type = type;
    row.statusText = status;
    row.status = parseSagaStatus(status);
    row.currentStep = step;
    row.attempt = attempt;
    row.lastError = error;
    row.createdAtUs = createdUs;
    row.updatedAtUs = updatedUs;
    row.createdAt = pg::fromMicros(createdUs);
    row.updatedAt = pg::fromMicros(updatedUs);
    return row;
}

SagaRow pg::sagaRow(const pqxx::row &r)
{
    return sagaRowFromColumns(text(r[0]), text(r[1]), text(r[2]), text(r[3]), r[4].as<int>(), text(r[5]), micros(r[6]),
                              micros(r[7]));
}

} // namespace sagadeck
