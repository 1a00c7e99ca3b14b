#include "SilenceStateFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QSaveFile>
#include <QUrl>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {
constexpr int kLockWaitMs = 2000;
constexpr qint64 kMaxFileBytes = 4 * 1024 * 1024; // thousands of silences; more is not ours

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
    , m_dir(QDir::cleanPath(stateDir + u"/silences"_s))
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
    // Any profile name becomes one safe file name: no '/', no leading dot.
    QString name = QString::fromLatin1(QUrl::toPercentEncoding(profile.isEmpty() ? u"-"_s : profile, "-_"));
    return m_dir + u'/' + name.replace(u'.', u"%2E"_s) + u".json"_s;
}

bool SilenceStateFile::read(const QString &path, QVector<AlertSilence> *out, QString *error) const
{
    QFile f(path);
    if (!f.exists())
        return true;
    if (!f.open(QIODevice::ReadOnly)) {
        *error = u"%1: %2"_s.arg(path, f.errorString());
        return false;
    }
    if (f.size() > kMaxFileBytes) {
        *error = u"%1: larger than %2 bytes"_s.arg(path).arg(kMaxFileBytes);
        return false;
    }
    QStringList errors;
    *out = silencesFromJson(f.readAll(), &errors);
    if (!errors.isEmpty() && out->isEmpty()) {
        *error = path + u": "_s + errors.join(u"; "_s);
        return false;
    }
    return true; // a malformed entry among good ones is dropped; the rest still silence
}

bool SilenceStateFile::write(const QString &path, const QVector<AlertSilence> &silences, QString *error) const
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly)) {
        *error = u"%1: %2"_s.arg(path, f.errorString());
        return false;
    }
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const QByteArray bytes = silencesToJson(silences);
    if (f.write(bytes) != bytes.size() || !f.commit()) {
        *error = u"%1: %2"_s.arg(path, f.errorString());
        return false;
    }
    return true;
}

template <typename Change>
void SilenceStateFile::change(quint64 requestId, const QString &profile, Change apply)
{
    const QString path = pathFor(profile);
    QString error;
    QVector<AlertSilence> silences;
    if (!QDir().mkpath(m_dir)) {
        emit stored(requestId, profile, {}, u"cannot create %1"_s.arg(m_dir));
        return;
    }
    QFile::setPermissions(m_dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    QLockFile lock(path + u".lock"_s);
    if (!lock.tryLock(kLockWaitMs)) {
        emit stored(requestId, profile, {}, u"%1 is locked by another console (tried for %2 s)"_s.arg(path).arg(2));
        return;
    }
    if (!read(path, &silences, &error)) {
        emit stored(requestId, profile, {}, error);
        return;
    }
    silences = stillActive(silences, QDateTime::currentDateTimeUtc());
    if (!apply(silences, &error) || !write(path, silences, &error)) {
        emit stored(requestId, profile, silences, error);
        return;
    }
    emit stored(requestId, profile, silences, QString());
}

void SilenceStateFile::load(const QString &profile)
{
    QVector<AlertSilence> silences;
    QString error;
    read(pathFor(profile), &silences, &error);
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
