#pragma once

#include <QColor>
#include <QIcon>

namespace sagadeck {

// The shapes that tell statuses apart without colour (feed health, saga status, lag status
// all draw from this one set, so the same shape means the same thing everywhere).
enum class Glyph {
    Disc,          // ● fine
    DottedRing,    // ◌ waiting
    Ring,          // ○ begun
    Triangle,      // ▲ warning
    Cross,         // ✕ failed / down
    Dash,          // – off
    Check,         // ✓ done
    Play,          // ▶ running
    BackArrow,     // ← undoing
    Square,        // ■ stopped / closed
    Rewind,        // ↺ went backwards
    Question,      // ? unknown
};

QIcon glyphIcon(Glyph glyph, const QColor &color, int size = 16);

} // namespace sagadeck
