#include "PlaybookStyle.h"

#include "Glyph.h"
#include "Theme.h"

namespace sagadeck {

namespace {
StatusLook lookOf(PlaybookStatus status)
{
    const ThemeColors &t = currentTheme();
    switch (status) {
    case PlaybookStatus::Raised: return {Glyph::Cross, t.bad};
    case PlaybookStatus::SymptomsMet: return {Glyph::Triangle, t.warn};
    case PlaybookStatus::Quiet: return {Glyph::Check, t.good};
    case PlaybookStatus::NoData: break;
    }
    return {Glyph::Question, t.neutral};
}

StatusLook lookOf(SymptomReading::State state)
{
    const ThemeColors &t = currentTheme();
    switch (state) {
    case SymptomReading::State::Met: return {Glyph::Cross, t.bad};
    case SymptomReading::State::NotMet: return {Glyph::Check, t.good};
    case SymptomReading::State::Error: return {Glyph::Triangle, t.warn};
    case SymptomReading::State::NoData: return {Glyph::Question, t.neutral};
    case SymptomReading::State::Unevaluated: break;
    }
    return {Glyph::DottedRing, t.neutral};
}
} // namespace

QColor playbookStatusColor(PlaybookStatus status)
{
    return lookOf(status).color;
}

QIcon playbookStatusIcon(PlaybookStatus status, int size)
{
    const StatusLook look = lookOf(status);
    return glyphIcon(look.glyph, look.color, size);
}

QColor symptomColor(SymptomReading::State state)
{
    return lookOf(state).color;
}

QIcon symptomIcon(SymptomReading::State state, int size)
{
    const StatusLook look = lookOf(state);
    return glyphIcon(look.glyph, look.color, size);
}

} // namespace sagadeck
