#include "GuardedNetworkAccess.h"

#include <QMetaObject>

#include <atomic>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {
std::atomic<quint64> s_mutatingSent{0};
std::atomic<quint64> s_mutatingRefused{0};
std::atomic<quint64> s_readPostsSent{0};

QUrl endpointOf(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo);
}
} // namespace

GuardedNetworkAccess::GuardedNetworkAccess(bool readOnly, QObject *parent)
    : QNetworkAccessManager(parent)
    , m_readOnly(readOnly)
{}

QByteArray GuardedNetworkAccess::verbOf(Operation op, const QNetworkRequest &request)
{
    switch (op) {
    case HeadOperation: return "HEAD";
    case GetOperation: return "GET";
    case PutOperation: return "PUT";
    case PostOperation: return "POST";
    case DeleteOperation: return "DELETE";
    case CustomOperation: return request.attribute(QNetworkRequest::CustomVerbAttribute).toByteArray();
    case UnknownOperation: break;
    }
    return "UNKNOWN";
}

bool GuardedNetworkAccess::isMutating(Operation op, const QNetworkRequest &request)
{
    // Exact match only: methods are case-sensitive, and "get" or "GET " is not a GET.
    const QByteArray verb = verbOf(op, request);
    return verb != "GET" && verb != "HEAD";
}

void GuardedNetworkAccess::allowReadByFormPost(const QUrl &endpoint)
{
    m_readPostEndpoints << endpointOf(endpoint);
}

bool GuardedNetworkAccess::isAllowedReadPost(Operation op, const QNetworkRequest &request) const
{
    if (verbOf(op, request) != "POST" || !m_readPostEndpoints.contains(endpointOf(request.url())))
        return false;
    // The media type, without parameters such as "; charset=utf-8".
    const QByteArray type = request.rawHeader("Content-Type").split(';').first().trimmed().toLower();
    return type == "application/x-www-form-urlencoded";
}

quint64 GuardedNetworkAccess::readPostsSent()
{
    return s_readPostsSent.load();
}

quint64 GuardedNetworkAccess::mutatingSent()
{
    return s_mutatingSent.load();
}

quint64 GuardedNetworkAccess::mutatingRefused()
{
    return s_mutatingRefused.load();
}

QNetworkReply *GuardedNetworkAccess::createRequest(Operation op, const QNetworkRequest &request,
                                                   QIODevice *outgoingData)
{
    if (isAllowedReadPost(op, request)) {
        ++s_readPostsSent;
    } else if (isMutating(op, request)) {
        if (m_readOnly) {
            ++s_mutatingRefused;
            const QString message = u"read-only profile: %1 %2 was refused before it left the console"_s.arg(
                QString::fromLatin1(verbOf(op, request)), request.url().toDisplayString(QUrl::RemoveUserInfo));
            return new RefusedNetworkReply(op, request, message, this);
        }
        ++s_mutatingSent;
    }
    return QNetworkAccessManager::createRequest(op, request, outgoingData);
}

RefusedNetworkReply::RefusedNetworkReply(QNetworkAccessManager::Operation op, const QNetworkRequest &request,
                                         const QString &message, QObject *parent)
    : QNetworkReply(parent)
{
    setOperation(op);
    setRequest(request);
    setUrl(request.url());
    open(QIODevice::ReadOnly);
    setError(QNetworkReply::ContentOperationNotPermittedError, message);
    setFinished(true);
    // Signals go out on the next event loop turn, like a real reply's would.
    QMetaObject::invokeMethod(
        this,
        [this] {
            emit errorOccurred(QNetworkReply::ContentOperationNotPermittedError);
            emit finished();
        },
        Qt::QueuedConnection);
}

qint64 RefusedNetworkReply::readData(char *, qint64)
{
    return -1;
}

} // namespace sagadeck
