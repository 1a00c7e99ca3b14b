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
    case LagStatus::Unknown: return {Glyph::Question, QColor(0xa5, 0x1d, 0x5f)};
    case LagStatus::Warn: return {Glyph::Triangle, QColor(0xb3, 0x6b, 0x00)};
    case LagStatus::Rewind: return {Glyph::Rewind, QColor(0x6f, 0x3f, 0xbf)};
    case LagStatus::Stall: return {Glyph::Square, QColor(0xd0, 0x45, 0x00)};
    case LagStatus::Stop: return {Glyph::Cross, QColor(0xc0, 0x1c, 0x28)};
    }
    return {Glyph::Cross, Qt::black};
}

StatusLook lookOf(Replication replication)
{
    switch (replication) {
    case Replication::Ok: return {Glyph::Disc, QColor(0x1b, 0x7f, 0x3b)};
    case Replication::UnderReplicated: return {Glyph::Triangle, QColor(0xb3, 0x6b, 0x00)};
    case Replication::Leaderless: return {Glyph::Cross, QColor(0xc0, 0x1c, 0x28)};
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

QColor replicationColor(Replication replication)
{
    return themed(lookOf(replication).color);
}

QIcon replicationIcon(Replication replication, int size)
{
    return glyphIcon(lookOf(replication).glyph, replicationColor(replication), size);
}

QString replicationGlyphText(Replication replication)
{
    return glyphText(lookOf(replication).glyph);
}

} // namespace sagadeck
