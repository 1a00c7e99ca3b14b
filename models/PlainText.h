#pragma once
// Outside text (saga errors, event values, other sessions' queries, audit and Kubernetes
// messages) made safe for a tooltip or a rich-text label: Qt renders a tooltip as rich text
// whenever Qt::mightBeRichText() says so, so markup in the text would be laid out, and an
// <img> would be loaded, on the GUI thread. plainTooltip() escapes it and wraps it so Qt
// shows exactly the characters the system holds, capped to what a tooltip can show.
#include <QString>

namespace sagadeck {

// The most characters of outside text a tooltip shows; the rest is counted, not shown.
inline constexpr qsizetype kTooltipTextCap = 2000;

// `text` without control characters other than newline and tab (a NUL or an escape sequence
// has no business in a label), cut to `cap` characters with "… (N more characters)".
QString printableText(const QString &text, qsizetype cap = kTooltipTextCap);

// Rich text that renders to printableText(text, cap) literally: HTML-escaped, line breaks
// and spaces kept (white-space: pre-wrap). An empty text gives an empty string (no tooltip).
QString plainTooltip(const QString &text, qsizetype cap = kTooltipTextCap);

} // namespace sagadeck
