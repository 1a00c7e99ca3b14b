#pragma once

#include "Saga.h"

#include <pqxx/pqxx>

// Reading libpqxx rows into our value types. Only for .cpp files that already use libpqxx.
namespace sagadeck::pg {

inline QString text(const pqxx::field &f)
{
    return f.is_null() ? QString() : QString::fromUtf8(f.c_str(), int(f.size()));
}

inline qint64 micros(const pqxx::field &f)
{
    return f.is_null() ? 0 : f.as<qint64>();
}

inline QDateTime fromMicros(qint64 us)
{
    return us == 0 ? QDateTime() : QDateTime::fromMSecsSinceEpoch(us / 1000, Qt::UTC);
}

// A row whose first columns are SagaSql::rowColumns().
SagaRow sagaRow(const pqxx::row &r);

} // namespace sagadeck::pg
