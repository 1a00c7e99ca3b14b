#include "OrchestratorJson.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

QDateTime parseTime(const QJsonValue &v)
{
    QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    return t.isValid() ? t.toUTC() : t;
}

} // namespace

OrchestratorBody parseOrchestratorBody(const QByteArray &raw, OrchestratorBodyShape shape)
{
    OrchestratorBody out;
    out.object = QJsonDocument::fromJson(raw).object();
    out.error = out.object.value(u"error"_s).toString();
    if (shape == OrchestratorBodyShape::Saga)
        out.isSaga = parseOrchestratorSaga(out.object, &out.saga);
    if (shape == OrchestratorBodyShape::SagaList) {
        const QJsonArray items = out.object.value(u"items"_s).toArray();
        for (const QJsonValue &v : items) {
            SagaDetail d;
            if (parseOrchestratorSaga(v.toObject(), &d))
                out.sagas.append(d.saga);
        }
    }
    return out;
}

bool parseOrchestratorSaga(const QJsonObject &o, SagaDetail *out)
{
    const QUuid id = QUuid::fromString(o.value(u"id"_s).toString());
    if (id.isNull() || !o.value(u"status"_s).isString())
        return false;
    SagaRow &r = out->saga;
    r.id = id;
    r.type = o.value(u"saga_type"_s).toString();
    r.statusText = o.value(u"status"_s).toString();
    r.status = parseSagaStatus(r.statusText);
    r.currentStep = o.value(u"current_step"_s).toString();
    r.attempt = o.value(u"attempt"_s).toInt(1);
    r.lastError = o.value(u"last_error"_s).toString();
    r.createdAt = parseTime(o.value(u"created_at"_s));
    r.updatedAt = parseTime(o.value(u"updated_at"_s));
    r.createdAtUs = r.createdAt.isValid() ? r.createdAt.toMSecsSinceEpoch() * 1000 : 0;
    r.updatedAtUs = r.updatedAt.isValid() ? r.updatedAt.toMSecsSinceEpoch() * 1000 : 0;
    out->payload = QJsonDocument(o.value(u"payload"_s).toObject()).toJson(QJsonDocument::Compact);
    out->steps.clear();
    const QJsonArray steps = o.value(u"steps"_s).toArray();
    for (const QJsonValue &v : steps) {
        const QJsonObject s = v.toObject();
        SagaStep step;
        step.seq = s.value(u"seq"_s).toInt();
        step.step = s.value(u"step"_s).toString();
        step.action = s.value(u"action"_s).toString();
        step.service = s.value(u"service"_s).toString();
        step.outcome = s.value(u"outcome"_s).toString();
        step.error = s.value(u"error"_s).toString();
        step.startedAt = parseTime(s.value(u"started_at"_s));
        step.finishedAt = parseTime(s.value(u"finished_at"_s));
        out->steps.append(step);
    }
    return true;
}

} // namespace sagadeck
