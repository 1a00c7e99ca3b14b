#include "StatusGlyph.h"

#include "Theme.h"

namespace sagadeck {

namespace {
StatusLook lookOf(FeedState state)
{
    const ThemeColors &t = currentTheme();
    switch (state) {
    case FeedState::Live: return {Glyph::Disc, t.good};
    case FeedState::Connecting: return {Glyph::DottedRing, t.info};
    case FeedState::Stale: return {Glyph::Triangle, t.warn};
    case FeedState::Down: return {Glyph::Cross, t.bad};
    case FeedState::Disabled: return {Glyph::Dash, t.neutral};
    }
    return {Glyph::Dash, t.text};
}
} // namespace

Glyph stateGlyph(FeedState state)
{
    return lookOf(state).glyph;
}

QColor stateColor(FeedState state)
{
    return lookOf(state).color;
}

QIcon stateIcon(FeedState state, int size)
{
    const StatusLook look = lookOf(state);
    return glyphIcon(look.glyph, look.color, size);
}

} // namespace sagadeck
