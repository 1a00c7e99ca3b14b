#include "SagaStatusStyle.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace sagadeck {

QColor sagaStatusColor(SagaStatus status)
{
    switch (status) {
    case SagaStatus::Started: return QColor(0x45, 0x5a, 0x64);
    case SagaStatus::InProgress: return QColor(0x1f, 0x5f, 0xbf);
    case SagaStatus::Compensating: return QColor(0x8a, 0x4b, 0x08);
    case SagaStatus::Completed: return QColor(0x1b, 0x7f, 0x3b);
    case SagaStatus::Failed: return QColor(0xc0, 0x1c, 0x28);
    case SagaStatus::Compensated: return QColor(0x7b, 0x3f, 0x9e);
    case SagaStatus::Unknown: break;
    }
    return QColor(0x55, 0x55, 0x55);
}

QIcon sagaStatusIcon(SagaStatus status, int size)
{
    QPixmap pm(size, size);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    const QColor c = sagaStatusColor(status);
    const qreal m = size * 0.12;
    const QRectF r(m, m, size - 2 * m, size - 2 * m);
    QPen pen(c, std::max(1.5, size / 8.0), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    switch (status) {
    case SagaStatus::Started:   // hollow circle: begun, nothing done yet
        p.setPen(pen);
        p.drawEllipse(r.adjusted(1, 1, -1, -1));
        break;
    case SagaStatus::InProgress: {   // play triangle
        QPainterPath t;
        t.moveTo(r.left() + r.width() * 0.15, r.top());
        t.lineTo(r.right(), r.center().y());
        t.lineTo(r.left() + r.width() * 0.15, r.bottom());
        t.closeSubpath();
        p.fillPath(t, c);
        break;
    }
    case SagaStatus::Compensating: {   // back arrow
        p.setPen(pen);
        p.drawLine(QPointF(r.right(), r.center().y()), QPointF(r.left(), r.center().y()));
        p.drawLine(QPointF(r.left(), r.center().y()), QPointF(r.center().x(), r.top()));
        p.drawLine(QPointF(r.left(), r.center().y()), QPointF(r.center().x(), r.bottom()));
        break;
    }
    case SagaStatus::Completed:   // check mark
        p.setPen(pen);
        p.drawPolyline(QPolygonF{QPointF(r.left(), r.center().y()),
                                 QPointF(r.left() + r.width() * 0.4, r.bottom()),
                                 QPointF(r.right(), r.top())});
        break;
    case SagaStatus::Failed:   // cross
        p.setPen(pen);
        p.drawLine(r.topLeft(), r.bottomRight());
        p.drawLine(r.topRight(), r.bottomLeft());
        break;
    case SagaStatus::Compensated:   // square: rolled back, closed
        p.setPen(Qt::NoPen);
        p.setBrush(c);
        p.drawRect(r.adjusted(1, 1, -1, -1));
        break;
    case SagaStatus::Unknown:   // question: a status this build does not know
        p.setPen(c);
        p.drawText(r, Qt::AlignCenter, QStringLiteral("?"));
        break;
    }
    return QIcon(pm);
}

} // namespace sagadeck
