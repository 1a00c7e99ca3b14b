#include "ProfileStateStore.h"

#include <QDir>
#include <QFile>
#include <QLockFile>
#include <QSaveFile>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {
constexpr int kLockWaitMs = 2000;
constexpr qint64 kMaxFileBytes = 4 * 1024 * 1024; // thousands of entries; more is not ours
} // namespace

ProfileStateStore::ProfileStateStore(const QString &stateDir, const QString &folder)
    : m_dir(QDir::cleanPath(stateDir + u'/' + folder))
{}

QString ProfileStateStore::pathFor(const QString &profile) const
{
    // Any profile name becomes one safe file name: no '/', no leading dot.
    QString name = QString::fromLatin1(QUrl::toPercentEncoding(profile.isEmpty() ? u"-"_s : profile, "-_"));
    return m_dir + u'/' + name.replace(u'.', u"%2E"_s) + u".json"_s;
}

bool ProfileStateStore::read(const QString &profile, QByteArray *out, QString *error) const
{
    const QString path = pathFor(profile);
    QFile f(path);
    out->clear();
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
    *out = f.readAll();
    return true;
}

bool ProfileStateStore::change(const QString &profile, const Change &apply, QString *error) const
{
    if (!QDir().mkpath(m_dir)) {
        *error = u"cannot create %1"_s.arg(m_dir);
        return false;
    }
    QFile::setPermissions(m_dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    const QString path = pathFor(profile);
    QLockFile lock(path + u".lock"_s);
    if (!lock.tryLock(kLockWaitMs)) {
        *error = u"%1 is locked by another console (tried for %2 s)"_s.arg(path).arg(kLockWaitMs / 1000);
        return false;
    }
    QByteArray current;
    QByteArray next;
    if (!read(profile, &current, error) || !apply(current, &next, error))
        return false;
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly)) {
        *error = u"%1: %2"_s.arg(path, f.errorString());
        return false;
    }
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (f.write(next) != next.size() || !f.commit()) {
        *error = u"%1: %2"_s.arg(path, f.errorString());
        return false;
    }
    return true;
}

} // namespace sagadeck
