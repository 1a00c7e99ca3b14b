#include "StatusGlyph.h"

#include "Glyph.h"
#include "Theme.h"

namespace sagadeck {

QColor stateColor(FeedState state)
{
    const ThemeColors &t = currentTheme();
    switch (state) {
    case FeedState::Live: return t.good;
    case FeedState::Connecting: return t.info;
    case FeedState::Stale: return t.warn;
    case FeedState::Down: return t.bad;
    case FeedState::Disabled: return t.neutral;
    }
    return t.text;
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
