#include "Glyph.h"

#include <QHash>

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace sagadeck {

static QIcon paintGlyph(Glyph glyph, const QColor &c, int size);

QIcon glyphIcon(Glyph glyph, const QColor &c, int size)
{
    // Pages ask for the same few icons every second: paint each once.
    static QHash<QString, QIcon> cache;
    const QString key = QStringLiteral("%1/%2/%3").arg(int(glyph)).arg(c.rgba()).arg(size);
    if (const auto it = cache.constFind(key); it != cache.constEnd())
        return *it;
    QIcon icon = paintGlyph(glyph, c, size);
    cache.insert(key, icon);
    return icon;
}

QString glyphText(Glyph glyph)
{
    switch (glyph) {
    case Glyph::Disc: return QStringLiteral("●");
    case Glyph::DottedRing: return QStringLiteral("◌");
    case Glyph::Ring: return QStringLiteral("○");
    case Glyph::Triangle: return QStringLiteral("▲");
    case Glyph::Cross: return QStringLiteral("✕");
    case Glyph::Dash: return QStringLiteral("–");
    case Glyph::Check: return QStringLiteral("✓");
    case Glyph::Play: return QStringLiteral("▶");
    case Glyph::BackArrow: return QStringLiteral("←");
    case Glyph::Square: return QStringLiteral("■");
    case Glyph::Rewind: return QStringLiteral("↺");
    case Glyph::Question: break;
    }
    return QStringLiteral("?");
}

static QIcon paintGlyph(Glyph glyph, const QColor &c, int size)
{
    QPixmap pm(size, size);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    const qreal m = size * 0.12;
    const QRectF r(m, m, size - 2 * m, size - 2 * m);
    QPen pen(c, std::max(1.5, size / 8.0), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    const auto fill = [&](const QPainterPath &path) {
        p.setPen(Qt::NoPen);
        p.setBrush(c);
        p.drawPath(path);
    };
    switch (glyph) {
    case Glyph::Disc: {
        QPainterPath path;
        path.addEllipse(r);
        fill(path);
        break;
    }
    case Glyph::DottedRing:
        pen.setStyle(Qt::DotLine);
        p.setPen(pen);
        p.drawEllipse(r.adjusted(1, 1, -1, -1));
        break;
    case Glyph::Ring:
        p.setPen(pen);
        p.drawEllipse(r.adjusted(1, 1, -1, -1));
        break;
    case Glyph::Triangle: {
        QPainterPath path;
        path.moveTo(r.center().x(), r.top());
        path.lineTo(r.right(), r.bottom());
        path.lineTo(r.left(), r.bottom());
        path.closeSubpath();
        fill(path);
        break;
    }
    case Glyph::Cross:
        p.setPen(pen);
        p.drawLine(r.topLeft(), r.bottomRight());
        p.drawLine(r.topRight(), r.bottomLeft());
        break;
    case Glyph::Dash:
        p.setPen(pen);
        p.drawLine(QPointF(r.left(), r.center().y()), QPointF(r.right(), r.center().y()));
        break;
    case Glyph::Check:
        p.setPen(pen);
        p.drawPolyline(QPolygonF{QPointF(r.left(), r.center().y()), QPointF(r.left() + r.width() * 0.4, r.bottom()),
                                 QPointF(r.right(), r.top())});
        break;
    case Glyph::Play: {
        QPainterPath path;
        path.moveTo(r.left() + r.width() * 0.15, r.top());
        path.lineTo(r.right(), r.center().y());
        path.lineTo(r.left() + r.width() * 0.15, r.bottom());
        path.closeSubpath();
        fill(path);
        break;
    }
    case Glyph::BackArrow:
        p.setPen(pen);
        p.drawLine(QPointF(r.right(), r.center().y()), QPointF(r.left(), r.center().y()));
        p.drawLine(QPointF(r.left(), r.center().y()), QPointF(r.center().x(), r.top()));
        p.drawLine(QPointF(r.left(), r.center().y()), QPointF(r.center().x(), r.bottom()));
        break;
    case Glyph::Square: {
        QPainterPath path;
        path.addRect(r.adjusted(1, 1, -1, -1));
        fill(path);
        break;
    }
    case Glyph::Rewind: {
        p.setPen(pen);
        p.drawArc(r.adjusted(1, 1, -1, -1), 90 * 16, 270 * 16);
        QPainterPath head;
        head.moveTo(r.center().x() - size * 0.25, r.top() + 1);
        head.lineTo(r.center().x() + size * 0.05, r.top() - size * 0.12 + 1);
        head.lineTo(r.center().x() + size * 0.05, r.top() + size * 0.14 + 1);
        head.closeSubpath();
        fill(head);
        break;
    }
    case Glyph::Question:
        p.setPen(c);
        p.drawText(r, Qt::AlignCenter, QStringLiteral("?"));
        break;
    }
    p.end();
    return QIcon(pm);
}

} // namespace sagadeck
