#include "SilenceStateFile.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {
QVector<AlertSilence> stillActive(const QVector<AlertSilence> &silences, const QDateTime &now)
{
    QVector<AlertSilence> out;
    std::copy_if(silences.cbegin(), silences.cend(), std::back_inserter(out),
                 [&](const AlertSilence &s) { return s.until > now; });
    return out;
}
} // namespace

SilenceStateFile::SilenceStateFile(const QString &stateDir, QObject *parent)
    : QObject(parent)
    , m_store(stateDir, u"silences"_s)
{
    registerMetaTypes();
}

void SilenceStateFile::registerMetaTypes()
{
    qRegisterMetaType<AlertSilence>();
    qRegisterMetaType<QVector<AlertSilence>>();
}

QString SilenceStateFile::pathFor(const QString &profile) const
{
    return m_store.pathFor(profile);
}

bool SilenceStateFile::parse(const QString &profile, const QByteArray &bytes, QVector<AlertSilence> *out,
                             QString *error) const
{
    if (bytes.isEmpty()) {
        out->clear();
        return true;
    }
    QStringList errors;
    *out = silencesFromJson(bytes, &errors);
    if (!errors.isEmpty() && out->isEmpty()) {
        *error = pathFor(profile) + u": "_s + errors.join(u"; "_s);
        return false;
    }
    return true; // a malformed entry among good ones is dropped; the rest still silence
}

template <typename Change>
void SilenceStateFile::change(quint64 requestId, const QString &profile, Change apply)
{
    QVector<AlertSilence> silences;
    QString error;
    const bool done = m_store.change(
        profile,
        [&](const QByteArray &current, QByteArray *next, QString *why) {
            if (!parse(profile, current, &silences, why))
                return false;
            silences = stillActive(silences, QDateTime::currentDateTimeUtc());
            if (!apply(silences, why))
                return false;
            *next = silencesToJson(silences);
            return true;
        },
        &error);
    emit stored(requestId, profile, silences, done ? QString() : error);
}

void SilenceStateFile::load(const QString &profile)
{
    QVector<AlertSilence> silences;
    QString error;
    QByteArray bytes;
    if (m_store.read(profile, &bytes, &error))
        parse(profile, bytes, &silences, &error);
    emit stored(0, profile, stillActive(silences, QDateTime::currentDateTimeUtc()), error);
}

void SilenceStateFile::add(quint64 requestId, const QString &profile, const AlertSilence &silence)
{
    change(requestId, profile, [&](QVector<AlertSilence> &silences, QString *) {
        // One silence per instance: a new one replaces the one before.
        silences.erase(
            std::remove_if(silences.begin(), silences.end(),
                           [&](const AlertSilence &s) { return s.rule == silence.rule && s.labels == silence.labels; }),
            silences.end());
        silences.append(silence);
        return true;
    });
}

void SilenceStateFile::expire(quint64 requestId, const QString &profile, const QString &id)
{
    change(requestId, profile, [&](QVector<AlertSilence> &silences, QString *error) {
        const auto it = std::find_if(silences.begin(), silences.end(),
                                     [&](const AlertSilence &s) { return s.id == id; });
        if (it == silences.end()) {
            *error = u"the silence has ended already"_s;
            return false;
        }
        silences.erase(it);
        return true;
    });
}

} // namespace sagadeck
