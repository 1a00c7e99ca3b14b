#include "LagStatusStyle.h"

#include "Glyph.h"
#include "Theme.h"

namespace sagadeck {

QColor lagStatusColor(LagStatus status)
{
    switch (status) {
    case LagStatus::Pending: return themed(QColor(0x6b, 0x6b, 0x6b));
    case LagStatus::Ok: return themed(QColor(0x1b, 0x7f, 0x3b));
    case LagStatus::Warn: return themed(QColor(0xb3, 0x6b, 0x00));
    case LagStatus::Rewind: return themed(QColor(0x6f, 0x3f, 0xbf));
    case LagStatus::Stall: return themed(QColor(0xd0, 0x45, 0x00));
    case LagStatus::Stop: return themed(QColor(0xc0, 0x1c, 0x28));
    }
    return themed(Qt::black);
}

QIcon lagStatusIcon(LagStatus status, int size)
{
    const QColor c = lagStatusColor(status);
    switch (status) {
    case LagStatus::Pending: return glyphIcon(Glyph::DottedRing, c, size);
    case LagStatus::Ok: return glyphIcon(Glyph::Disc, c, size);
    case LagStatus::Warn: return glyphIcon(Glyph::Triangle, c, size);
    case LagStatus::Rewind: return glyphIcon(Glyph::Rewind, c, size);
    case LagStatus::Stall: return glyphIcon(Glyph::Square, c, size);
    case LagStatus::Stop: break;
    }
    return glyphIcon(Glyph::Cross, c, size);
}

} // namespace sagadeck
