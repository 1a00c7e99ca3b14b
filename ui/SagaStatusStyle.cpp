#include "SagaStatusStyle.h"

#include "Glyph.h"
#include "Theme.h"

namespace sagadeck {

QColor sagaStatusColor(SagaStatus status)
{
    switch (status) {
    case SagaStatus::Started: return themed(QColor(0x45, 0x5a, 0x64));
    case SagaStatus::InProgress: return themed(QColor(0x1f, 0x5f, 0xbf));
    case SagaStatus::Compensating: return themed(QColor(0x8a, 0x4b, 0x08));
    case SagaStatus::Completed: return themed(QColor(0x1b, 0x7f, 0x3b));
    case SagaStatus::Failed: return themed(QColor(0xc0, 0x1c, 0x28));
    case SagaStatus::Compensated: return themed(QColor(0x7b, 0x3f, 0x9e));
    case SagaStatus::Unknown: break;
    }
    return themed(QColor(0x55, 0x55, 0x55));
}

QIcon sagaStatusIcon(SagaStatus status, int size)
{
    const QColor c = sagaStatusColor(status);
    switch (status) {
    case SagaStatus::Started: return glyphIcon(Glyph::Ring, c, size);
    case SagaStatus::InProgress: return glyphIcon(Glyph::Play, c, size);
    case SagaStatus::Compensating: return glyphIcon(Glyph::BackArrow, c, size);
    case SagaStatus::Completed: return glyphIcon(Glyph::Check, c, size);
    case SagaStatus::Failed: return glyphIcon(Glyph::Cross, c, size);
    case SagaStatus::Compensated: return glyphIcon(Glyph::Square, c, size);
    case SagaStatus::Unknown: break;
    }
    return glyphIcon(Glyph::Question, c, size);
}

} // namespace sagadeck
