#include "KeychainSecret.h"

#include <QEventLoop>
#include <QTimer>

#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

namespace sagadeck {

std::optional<QString> readKeychainSecret(const QString &key, QString *error, int timeoutMs)
{
    QKeychain::ReadPasswordJob job(keychainService());
    job.setAutoDelete(false);
    job.setKey(key);
    QEventLoop loop;
    bool finished = false;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, [&] {
        finished = true;
        loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    job.start();
    if (!finished)
        loop.exec();
    if (!finished) {
        *error = u"the keychain did not answer within %1 s"_s.arg(timeoutMs / 1000);
        return std::nullopt;
    }
    if (job.error() != QKeychain::NoError) {
        *error = job.error() == QKeychain::EntryNotFound
            ? u"no secret for '%1' in the keychain (service %2)"_s.arg(key, keychainService())
            : u"keychain: "_s + job.errorString();
        return std::nullopt;
    }
    return job.textData();
}

} // namespace sagadeck
