#include "StatusGlyph.h"

#include "Glyph.h"

namespace sagadeck {

QColor stateColor(FeedState state)
{
    switch (state) {
    case FeedState::Live: return QColor(0x1b, 0x7f, 0x3b);
    case FeedState::Connecting: return QColor(0x1f, 0x5f, 0xbf);
    case FeedState::Stale: return QColor(0xb3, 0x6b, 0x00);
    case FeedState::Down: return QColor(0xc0, 0x1c, 0x28);
    case FeedState::Disabled: return QColor(0x6b, 0x6b, 0x6b);
    }
    return Qt::black;
}

QIcon stateIcon(FeedState state, int size)
{
    switch (state) {
    case FeedState::Live: return glyphIcon(Glyph::Disc, stateColor(state), size);
    case FeedState::Connecting: return glyphIcon(Glyph::DottedRing, stateColor(state), size);
    case FeedState::Stale: return glyphIcon(Glyph::Triangle, stateColor(state), size);
    case FeedState::Down: return glyphIcon(Glyph::Cross, stateColor(state), size);
    case FeedState::Disabled: break;
    }
    return glyphIcon(Glyph::Dash, stateColor(state), size);
}

} // namespace sagadeck
