#pragma once

#include "Saga.h"

#include <QColor>
#include <QIcon>

namespace sagadeck {

// How a saga status looks: a colour and a distinct shape, always shown beside its name, so
// status is never told by colour alone.
QColor sagaStatusColor(SagaStatus status);
QIcon sagaStatusIcon(SagaStatus status, int size = 16);

} // namespace sagadeck
