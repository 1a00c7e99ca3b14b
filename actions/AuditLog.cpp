#include "AuditLog.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

QString errnoText()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

QString octal(mode_t mode)
{
    return u"0%1"_s.arg(uint(mode & 0777), 3, 8, QChar(u'0'));
}

// Creates every missing folder of `dir` with mode 0700 (like mkdir -p -m 0700).
bool makePrivateDirs(const QString &dir, QString *error)
{
    QString built;
    const QStringList parts = QDir::cleanPath(dir).split(u'/', Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        built += u'/' + part;
        const QByteArray p = QFile::encodeName(built);
        if (::mkdir(p.constData(), 0700) != 0 && errno != EEXIST) {
            *error = u"cannot create %1: %2"_s.arg(built, errnoText());
            return false;
        }
    }
    return true;
}

} // namespace

AuditLog::AuditLog(const QString &path)
    : m_path(path)
{}

bool AuditLog::prepareDirectory(QString *error)
{
    const QString dir = QFileInfo(m_path).absolutePath();
    if (!makePrivateDirs(dir, error))
        return false;
    struct stat st
    {};
    const QByteArray d = QFile::encodeName(dir);
    if (::stat(d.constData(), &st) != 0) {
        *error = u"cannot inspect %1: %2"_s.arg(dir, errnoText());
        return false;
    }
    if ((st.st_mode & 077) != 0 && st.st_uid == ::geteuid()) {
        if (::chmod(d.constData(), 0700) != 0) {
            *error = u"%1 is %2 (others may read the audit log) and cannot be narrowed: %3"_s.arg(
                dir, octal(st.st_mode), errnoText());
            return false;
        }
        m_warnings << u"narrowed the audit folder %1 from %2 to 0700"_s.arg(dir, octal(st.st_mode));
    }
    return true;
}

bool AuditLog::append(const AuditRecord &record, QString *error)
{
    if (!prepareDirectory(error))
        return false;
    const QByteArray path = QFile::encodeName(m_path);
    const int fd = ::open(path.constData(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        *error = u"cannot open the audit log %1: %2"_s.arg(m_path, errnoText());
        return false;
    }
    auto failClose = [&](const QString &why) {
        *error = why;
        ::close(fd);
        return false;
    };
    struct stat st
    {};
    if (::fstat(fd, &st) != 0)
        return failClose(u"cannot inspect the audit log %1: %2"_s.arg(m_path, errnoText()));
    if (!S_ISREG(st.st_mode))
        return failClose(u"the audit log %1 is not a regular file"_s.arg(m_path));
    if (st.st_uid != ::geteuid())
        return failClose(u"the audit log %1 belongs to another user (uid %2)"_s.arg(m_path).arg(st.st_uid));
    if ((st.st_mode & 077) != 0) {
        if (::fchmod(fd, 0600) != 0)
            return failClose(u"the audit log %1 is %2 and cannot be narrowed to 0600: %3"_s.arg(
                m_path, octal(st.st_mode), errnoText()));
        m_warnings << u"narrowed the audit log %1 from %2 to 0600"_s.arg(m_path, octal(st.st_mode));
    }
    const QByteArray line = QJsonDocument(record.toJson()).toJson(QJsonDocument::Compact) + '\n';
    // One write per record: O_APPEND makes it land whole at the end even with other writers.
    const ssize_t written = ::write(fd, line.constData(), size_t(line.size()));
    if (written != ssize_t(line.size()))
        return failClose(
            u"could not write the audit log %1: %2"_s.arg(m_path, written < 0 ? errnoText() : u"short write"_s));
    if (::fsync(fd) != 0)
        return failClose(u"could not sync the audit log %1 to disk: %2"_s.arg(m_path, errnoText()));
    if (::close(fd) != 0) {
        *error = u"could not close the audit log %1: %2"_s.arg(m_path, errnoText());
        return false;
    }
    if (st.st_size == 0) {
        // A new file: make its directory entry durable too.
        const QByteArray dir = QFile::encodeName(QFileInfo(m_path).absolutePath());
        const int dfd = ::open(dir.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd >= 0) {
            ::fsync(dfd);
            ::close(dfd);
        }
    }
    return true;
}

} // namespace sagadeck
