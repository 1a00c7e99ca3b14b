#include "StatusTile.h"

#include "Theme.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sagadeck {

StatusTile::StatusTile(const QString &caption, const QIcon &icon, const QColor &accent, QWidget *parent)
    : QPushButton(parent)
    , m_value(new QLabel(u"—"_s, this))
    , m_caption(new QLabel(caption, this))
    , m_detail(new QLabel(this))
    , m_glyph(new QLabel(this))
{
    setObjectName(u"tile_"_s + QString(caption).replace(u' ', u'_').toLower());
    setMinimumSize(130, 78);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setCursor(Qt::PointingHandCursor);
    setAccent(icon, accent);
    for (QLabel *l : {m_value, m_caption, m_detail}) {
        l->setTextFormat(Qt::PlainText);
        l->setAttribute(Qt::WA_TransparentForMouseEvents);
    }
    setHeadingFont(m_value, 1.7);
    QPalette detailPalette = m_detail->palette();
    detailPalette.setColor(QPalette::WindowText, palette().color(QPalette::PlaceholderText));
    m_detail->setPalette(detailPalette);

    m_glyph->setAttribute(Qt::WA_TransparentForMouseEvents);
    auto *head = new QHBoxLayout;
    head->setSpacing(6);
    head->addWidget(m_glyph);
    head->addWidget(m_caption, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    layout->setSpacing(2);
    layout->addLayout(head);
    layout->addWidget(m_value);
    layout->addWidget(m_detail);
    setAccessibleName(caption);
}

void StatusTile::setAccent(const QIcon &icon, const QColor &accent)
{
    m_glyph->setPixmap(icon.pixmap(18, 18));
    const QString sheet = u"sagadeck--StatusTile { text-align: left; border: 1px solid palette(mid);"
                          u" border-left: 5px solid %1; border-radius: 4px; background: palette(base);"
                          u" padding: 0; }"
                          u"sagadeck--StatusTile:hover { background: palette(alternate-base); }"
                          u"sagadeck--StatusTile:focus { border-color: palette(highlight); }"_s.arg(accent.name());
    // Setting a style sheet parses it and re-polishes the tile: only when the accent changed.
    // Pages refresh every tile on each feed's answer, and those land together after an outage.
    if (sheet != styleSheet())
        setStyleSheet(sheet);
}

QString StatusTile::detail() const
{
    return m_detail->text();
}

void StatusTile::setValue(const QString &value)
{
    m_value->setText(value);
    setAccessibleDescription(value);
}

QString StatusTile::value() const
{
    return m_value->text();
}

QString StatusTile::caption() const
{
    return m_caption->text();
}

void StatusTile::setDetail(const QString &detail)
{
    m_detail->setText(detail);
}

} // namespace sagadeck
