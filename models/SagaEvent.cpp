#include "SagaEvent.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {
constexpr int kRawLimit = 2000; // a huge payload is cut for display, never parsed twice
}

SagaEvent SagaEvent::parse(int partition, qint64 offset, qint64 timestampMs, const QByteArray &key,
                           const QByteArray &value)
{
    SagaEvent e;
    e.partition = partition;
    e.offset = offset;
    e.timestampMs = timestampMs;
    e.key = QString::fromUtf8(key);
    e.raw = QString::fromUtf8(value.left(kRawLimit));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(value, &error);
    if (error.error != QJsonParseError::NoError) {
        e.problem = u"not JSON: "_s + error.errorString();
        return e;
    }
    if (!doc.isObject()) {
        e.problem = u"not a JSON object"_s;
        return e;
    }
    const QJsonObject o = doc.object();
    e.sagaType = o.value(u"saga_type"_s).toString();
    e.type = o.value(u"type"_s).toString();
    e.step = o.value(u"step"_s).toString();
    e.status = o.value(u"status"_s).toString();
    e.at = o.value(u"at"_s).toString();
    e.sagaId = QUuid::fromString(o.value(u"saga_id"_s).toString());
    if (e.sagaId.isNull())
        e.problem = u"no valid saga_id"_s;
    else if (e.type.isEmpty())
        e.problem = u"no type"_s;
    return e;
}

} // namespace sagadeck
