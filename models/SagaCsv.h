#pragma once

#include "Saga.h"

#include <QString>
#include <QVector>

namespace sagadeck {

// Saga rows as CSV per RFC 4180: a header line, CRLF line ends, fields quoted when they hold a
// comma, quote or line break (quotes doubled), times in UTC ISO-8601 with milliseconds.
QString sagasToCsv(const QVector<SagaRow> &rows);
QString csvField(const QString &value);

} // namespace sagadeck
