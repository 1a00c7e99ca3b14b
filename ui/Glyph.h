#pragma once

#include <QColor>
#include <QIcon>
#include <QString>

namespace sagadeck {

// The shapes that tell statuses apart without colour (feed health, saga status, lag status
// all draw from this one set, so the same shape means the same thing everywhere).
enum class Glyph
{
    Disc,       // ● fine
    DottedRing, // ◌ waiting
    Ring,       // ○ begun
    Triangle,   // ▲ warning
    Cross,      // ✕ failed / down
    Dash,       // – off
    Check,      // ✓ done
    Play,       // ▶ running
    BackArrow,  // ← undoing
    Square,     // ■ stopped / closed
    Rewind,     // ↺ went backwards
    Question,   // ? unknown
};

QIcon glyphIcon(Glyph glyph, const QColor &color, int size = 16);
// The same shape as a character, for plain text (banners) beside the painted icons.
QString glyphText(Glyph glyph);

// How one status looks: its shape and its colour. Each status style keeps one table of these,
// so that a status's colour and shape are chosen together.
struct StatusLook
{
    Glyph glyph = Glyph::Question;
    QColor color;
};

} // namespace sagadeck
