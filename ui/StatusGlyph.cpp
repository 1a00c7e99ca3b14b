#include "StatusGlyph.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace sagadeck {

QColor stateColor(FeedState state)
{
    switch (state) {
    case FeedState::Live: return QColor(0x1b, 0x7f, 0x3b);
    case FeedState::Connecting: return QColor(0x1f, 0x5f, 0xbf);
    case FeedState::Stale: return QColor(0xb3, 0x6b, 0x00);
    case FeedState::Down: return QColor(0xc0, 0x1c, 0x28);
    case FeedState::Disabled: return QColor(0x6b, 0x6b, 0x6b);
    }
    return Qt::black;
}

QIcon stateIcon(FeedState state, int size)
{
    QPixmap pm(size, size);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    const QColor c = stateColor(state);
    const qreal m = size * 0.12;
    const QRectF r(m, m, size - 2 * m, size - 2 * m);
    QPen pen(c, std::max(1.5, size / 8.0), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    switch (state) {
    case FeedState::Live:
        p.setPen(Qt::NoPen);
        p.setBrush(c);
        p.drawEllipse(r);
        break;
    case FeedState::Connecting:
        pen.setStyle(Qt::DotLine);
        p.setPen(pen);
        p.drawEllipse(r.adjusted(1, 1, -1, -1));
        break;
    case FeedState::Stale: {
        QPainterPath tri;
        tri.moveTo(r.center().x(), r.top());
        tri.lineTo(r.right(), r.bottom());
        tri.lineTo(r.left(), r.bottom());
        tri.closeSubpath();
        p.setPen(Qt::NoPen);
        p.setBrush(c);
        p.drawPath(tri);
        break;
    }
    case FeedState::Down:
        p.setPen(pen);
        p.drawLine(r.topLeft(), r.bottomRight());
        p.drawLine(r.topRight(), r.bottomLeft());
        break;
    case FeedState::Disabled:
        p.setPen(pen);
        p.drawLine(QPointF(r.left(), r.center().y()), QPointF(r.right(), r.center().y()));
        break;
    }
    return QIcon(pm);
}

} // namespace sagadeck
