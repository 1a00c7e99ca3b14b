#include "NetworkErrorText.h"

#include <QNetworkReply>

using namespace Qt::StringLiterals;

namespace sagadeck {

QString networkErrorText(const QNetworkReply *reply, int transferTimeoutMs)
{
    if (reply->error() == QNetworkReply::OperationCanceledError)
        return u"no data from %1 for %2 ms (transfer timeout): the server or the network may be hung"_s
            .arg(reply->url().authority()).arg(transferTimeoutMs);
    return reply->errorString();
}

} // namespace sagadeck
