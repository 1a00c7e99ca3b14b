#include "PlainText.h"

using namespace Qt::StringLiterals;

namespace sagadeck {

QString printableText(const QString &text, qsizetype cap)
{
    qsizetype shown = qMin(text.size(), cap);
    QString out;
    out.reserve(shown + 40);
    for (qsizetype i = 0; i < shown; ++i) {
        const QChar c = text.at(i);
        if (c == u'\n' || c == u'\t')
            out += c;
        else if (c == u'\r')
            continue; // CRLF shows as one break
        else if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format
                 || c.category() == QChar::Separator_Line || c.category() == QChar::Separator_Paragraph)
            out += u'\uFFFD'; // seen, not interpreted (bidi overrides, escapes, NUL)
        else
            out += c;
    }
    // A cut between the halves of a surrogate pair would leave half a character.
    if (!out.isEmpty() && out.back().isHighSurrogate() && shown < text.size()) {
        out.chop(1);
        --shown;
    }
    if (text.size() > shown)
        out += u"… (%1 more characters)"_s.arg(text.size() - shown);
    return out;
}

QString plainTooltip(const QString &text, qsizetype cap)
{
    if (text.isEmpty())
        return {};
    return u"<p style='white-space:pre-wrap'>"_s + printableText(text, cap).toHtmlEscaped() + u"</p>"_s;
}

} // namespace sagadeck
