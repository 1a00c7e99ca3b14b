#include "LagStatusStyle.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace sagadeck {

QColor lagStatusColor(LagStatus status)
{
    switch (status) {
    case LagStatus::Pending: return QColor(0x6b, 0x6b, 0x6b);
    case LagStatus::Ok: return QColor(0x1b, 0x7f, 0x3b);
    case LagStatus::Warn: return QColor(0xb3, 0x6b, 0x00);
    case LagStatus::Rewind: return QColor(0x6f, 0x3f, 0xbf);
    case LagStatus::Stall: return QColor(0xd0, 0x45, 0x00);
    case LagStatus::Stop: return QColor(0xc0, 0x1c, 0x28);
    }
    return Qt::black;
}

QIcon lagStatusIcon(LagStatus status, int size)
{
    QPixmap pm(size, size);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    const QColor c = lagStatusColor(status);
    const qreal m = size * 0.12;
    const QRectF r(m, m, size - 2 * m, size - 2 * m);
    QPen pen(c, std::max(1.5, size / 7.0), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    switch (status) {
    case LagStatus::Pending:
        pen.setStyle(Qt::DotLine);
        p.setPen(pen);
        p.drawEllipse(r.adjusted(1, 1, -1, -1));
        break;
    case LagStatus::Ok:
        p.setPen(Qt::NoPen);
        p.setBrush(c);
        p.drawEllipse(r);
        break;
    case LagStatus::Warn: {
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
    case LagStatus::Rewind: {
        p.setPen(pen);
        p.drawArc(r.adjusted(1, 1, -1, -1), 90 * 16, 270 * 16);
        QPainterPath head;
        head.moveTo(r.center().x() - size * 0.25, r.top() + 1);
        head.lineTo(r.center().x() + size * 0.05, r.top() - size * 0.12 + 1);
        head.lineTo(r.center().x() + size * 0.05, r.top() + size * 0.14 + 1);
        head.closeSubpath();
        p.setBrush(c);
        p.drawPath(head);
        break;
    }
    case LagStatus::Stall:
        p.setPen(Qt::NoPen);
        p.setBrush(c);
        p.drawRect(r.adjusted(1, 1, -1, -1));
        break;
    case LagStatus::Stop:
        p.setPen(pen);
        p.drawLine(r.topLeft(), r.bottomRight());
        p.drawLine(r.topRight(), r.bottomLeft());
        break;
    }
    p.end();
    return QIcon(pm);
}

} // namespace sagadeck
