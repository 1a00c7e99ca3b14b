#include "PlaybookStyle.h"

#include "Glyph.h"
#include "Theme.h"

namespace sagadeck {

QColor playbookStatusColor(PlaybookStatus status)
{
    const ThemeColors &t = currentTheme();
    switch (status) {
    case PlaybookStatus::Raised: return t.bad;
    case PlaybookStatus::SymptomsMet: return t.warn;
    case PlaybookStatus::Quiet: return t.good;
    case PlaybookStatus::NoData: break;
    }
    return t.neutral;
}

QIcon playbookStatusIcon(PlaybookStatus status, int size)
{
    const QColor c = playbookStatusColor(status);
    switch (status) {
    case PlaybookStatus::Raised: return glyphIcon(Glyph::Cross, c, size);
    case PlaybookStatus::SymptomsMet: return glyphIcon(Glyph::Triangle, c, size);
    case PlaybookStatus::Quiet: return glyphIcon(Glyph::Check, c, size);
    case PlaybookStatus::NoData: break;
    }
    return glyphIcon(Glyph::Question, c, size);
}

QColor symptomColor(SymptomReading::State state)
{
    const ThemeColors &t = currentTheme();
    switch (state) {
    case SymptomReading::State::Met: return t.bad;
    case SymptomReading::State::NotMet: return t.good;
    case SymptomReading::State::Error: return t.warn;
    case SymptomReading::State::NoData:
    case SymptomReading::State::Unevaluated: break;
    }
    return t.neutral;
}

QIcon symptomIcon(SymptomReading::State state, int size)
{
    const QColor c = symptomColor(state);
    switch (state) {
    case SymptomReading::State::Met: return glyphIcon(Glyph::Cross, c, size);
    case SymptomReading::State::NotMet: return glyphIcon(Glyph::Check, c, size);
    case SymptomReading::State::Error: return glyphIcon(Glyph::Triangle, c, size);
    case SymptomReading::State::NoData: return glyphIcon(Glyph::Question, c, size);
    case SymptomReading::State::Unevaluated: break;
    }
    return glyphIcon(Glyph::DottedRing, c, size);
}

} // namespace sagadeck
