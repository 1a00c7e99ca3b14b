#include "LagStatusStyle.h"

#include "Glyph.h"
#include "Theme.h"

namespace sagadeck {

namespace {
// Fixed colours, adjusted to the theme when drawn.
StatusLook lookOf(LagStatus status)
{
    switch (status) {
    case LagStatus::Pending: return {Glyph::DottedRing, QColor(0x6b, 0x6b, 0x6b)};
    case LagStatus::Ok: return {Glyph::Disc, QColor(0x1b, 0x7f, 0x3b)};
    case LagStatus::Warn: return {Glyph::Triangle, QColor(0xb3, 0x6b, 0x00)};
    case LagStatus::Rewind: return {Glyph::Rewind, QColor(0x6f, 0x3f, 0xbf)};
    case LagStatus::Stall: return {Glyph::Square, QColor(0xd0, 0x45, 0x00)};
    case LagStatus::Stop: return {Glyph::Cross, QColor(0xc0, 0x1c, 0x28)};
    }
    return {Glyph::Cross, Qt::black};
}
} // namespace

QColor lagStatusColor(LagStatus status)
{
    return themed(lookOf(status).color);
}

QIcon lagStatusIcon(LagStatus status, int size)
{
    return glyphIcon(lookOf(status).glyph, lagStatusColor(status), size);
}

} // namespace sagadeck
