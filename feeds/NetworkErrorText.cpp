#include "NetworkErrorText.h"

#include <QNetworkReply>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {
// host[:port], never the user info (a password in a URL stays out of every message).
QString where(const QUrl &url)
{
    return url.port() < 0 ? url.host() : u"%1:%2"_s.arg(url.host()).arg(url.port());
}
} // namespace

QString networkErrorText(const QNetworkReply *reply, int transferTimeoutMs)
{
    if (reply->error() == QNetworkReply::OperationCanceledError)
        return u"no data from %1 for %2 ms (transfer timeout): the server or the network may be hung"_s
            .arg(where(reply->url()))
            .arg(transferTimeoutMs);
    // Qt would have sent it again on a new connection, but a mutation's body is read only once.
    if (reply->error() == QNetworkReply::ContentReSendError)
        return u"the connection to %1 closed before an answer came (a mutation is not sent again)"_s.arg(
            where(reply->url()));
    return reply->errorString();
}

QString deadlineErrorText(const QUrl &url, int deadlineMs)
{
    return u"no answer from %1 within the %2 ms deadline"_s.arg(where(url)).arg(deadlineMs);
}

QString bodyTooLargeText(const QUrl &url, qint64 capBytes)
{
    return u"the answer from %1 passed the %2 MiB limit: its download was aborted"_s.arg(where(url))
        .arg(double(capBytes) / (1024 * 1024), 0, 'g', 4);
}

QString cancelledText(const QUrl &url)
{
    return u"the request to %1 was cancelled: the client stopped"_s.arg(where(url));
}

} // namespace sagadeck
