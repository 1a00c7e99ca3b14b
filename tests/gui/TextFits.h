#pragma once

// The text-fits check of the war-room wall (issue 21), for the hand-filled and the stack tests.
#include <QApplication>
#include <QCoreApplication>
#include <QEvent>
#include <QLabel>
#include <QStringList>
#include <QTextLayout>
#include <QWidget>

namespace textfits {

using namespace Qt::StringLiterals;

// Every shown label whose text does not fit its contents rect: a line wider than it (or a
// wrapped text taller than it), or a label that lies outside the window.
inline QStringList textProblems(QWidget *window)
{
    // A label whose text just changed (an age ticking from 9 s to 10 s) gets its room at the next
    // layout pass, before anything is painted: measure after it, as the screen shows it.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    QStringList problems;
    for (QLabel *l : window->findChildren<QLabel *>()) {
        if (!l->isVisibleTo(window) || l->text().isEmpty() || l->textFormat() == Qt::RichText)
            continue;
        const QRect room = l->contentsRect().adjusted(l->margin(), l->margin(), -l->margin(), -l->margin());
        const QFontMetricsF fm(l->font());
        const QString name = l->objectName().isEmpty() ? l->parentWidget()->objectName() : l->objectName();
        const QString what = u"%1 \"%2\" (%3 px, room %4×%5)"_s.arg(name, QString(l->text()).remove(QChar(0x200B)))
                                 .arg(fm.height())
                                 .arg(room.width())
                                 .arg(room.height());
        const QRect onWindow(l->mapTo(window, QPoint(0, 0)), l->size());
        if (!window->rect().contains(onWindow))
            problems << u"outside the window: "_s + what;
        if (!l->wordWrap()) {
            for (const QString &line : l->text().split(u'\n'))
                if (fm.horizontalAdvance(line) > room.width() + 0.5)
                    problems << u"%1 px wide: "_s.arg(fm.horizontalAdvance(line)) + what;
            continue;
        }
        double height = 0;
        for (const QString &paragraph : l->text().split(u'\n')) {
            QTextLayout layout(paragraph, l->font());
            QTextOption option;
            option.setWrapMode(QTextOption::WordWrap);
            layout.setTextOption(option);
            layout.beginLayout();
            for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
                line.setLineWidth(room.width());
                if (line.naturalTextWidth() > room.width() + 0.5)
                    problems << u"a word %1 px wide: "_s.arg(line.naturalTextWidth()) + what;
                height += line.height();
            }
            layout.endLayout();
        }
        if (height > room.height() + 1)
            problems << u"%1 px of wrapped lines: "_s.arg(height) + what;
    }
    return problems;
}

} // namespace textfits
