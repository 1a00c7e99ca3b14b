#pragma once

#include "FeedHealth.h"
#include "Glyph.h"

#include <QColor>
#include <QIcon>

namespace sagadeck {

// Status is never shown by colour alone: each state has its own shape as well
// (Live ●, Connecting ◌, Stale ▲, Down ✕, Disabled –), and callers always add the state name.
QIcon stateIcon(FeedState state, int size = 16);
QColor stateColor(FeedState state);
Glyph stateGlyph(FeedState state); // the shape alone, for text: glyphText(stateGlyph(s))

} // namespace sagadeck
