#include "SagaCsv.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace sagadeck {

QString csvField(const QString &value)
{
    const bool quote = value.contains(u',') || value.contains(u'"') || value.contains(u'\n') || value.contains(u'\r');
    if (!quote)
        return value;
    return u"\""_s + QString(value).replace(u"\""_s, u"\"\""_s) + u"\""_s;
}

namespace {
QString isoUtc(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}
} // namespace

QString sagasToCsv(const QVector<SagaRow> &rows)
{
    QString out = u"id,saga_type,status,current_step,attempt,last_error,created_at,updated_at\r\n"_s;
    for (const SagaRow &r : rows) {
        const QStringList fields{
            r.id.toString(QUuid::WithoutBraces), r.type,      r.statusText,        r.currentStep,
            QString::number(r.attempt),          r.lastError, isoUtc(r.createdAt), isoUtc(r.updatedAt)};
        QStringList quoted;
        for (const QString &f : fields)
            quoted << csvField(f);
        out += quoted.join(u',') + u"\r\n"_s;
    }
    return out;
}

} // namespace sagadeck
