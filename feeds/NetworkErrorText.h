#pragma once

#include <QString>

class QNetworkReply;

namespace sagadeck {

// What went wrong with a reply that got no HTTP answer, in words an operator can act on. Qt
// reports its own transfer timeout as "Operation canceled", which says nothing.
QString networkErrorText(const QNetworkReply *reply, int transferTimeoutMs);

} // namespace sagadeck
