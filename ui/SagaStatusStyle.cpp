#include "SagaStatusStyle.h"

#include "Glyph.h"
#include "Theme.h"

namespace sagadeck {

namespace {
// Fixed colours, adjusted to the theme when drawn.
StatusLook lookOf(SagaStatus status)
{
    switch (status) {
    case SagaStatus::Started: return {Glyph::Ring, QColor(0x45, 0x5a, 0x64)};
    case SagaStatus::InProgress: return {Glyph::Play, QColor(0x1f, 0x5f, 0xbf)};
    case SagaStatus::Compensating: return {Glyph::BackArrow, QColor(0x8a, 0x4b, 0x08)};
    case SagaStatus::Completed: return {Glyph::Check, QColor(0x1b, 0x7f, 0x3b)};
    case SagaStatus::Failed: return {Glyph::Cross, QColor(0xc0, 0x1c, 0x28)};
    case SagaStatus::Compensated: return {Glyph::Square, QColor(0x7b, 0x3f, 0x9e)};
    case SagaStatus::Unknown: break;
    }
    return {Glyph::Question, QColor(0x55, 0x55, 0x55)};
}
} // namespace

QColor sagaStatusColor(SagaStatus status)
{
    return themed(lookOf(status).color);
}

QIcon sagaStatusIcon(SagaStatus status, int size)
{
    return glyphIcon(lookOf(status).glyph, sagaStatusColor(status), size);
}

} // namespace sagadeck
