#pragma once

#include <QString>

class QNetworkReply;
class QUrl;

namespace sagadeck {

// Why an HTTP request got no (complete) answer, in words an operator can act on. The one place
// for these texts: HttpTransport builds every transport error of every HTTP client from them.

// Qt's own error, except its transfer timeout, which Qt reports as "Operation canceled", and
// the refusal to send a mutation's body again after its connection closed.
QString networkErrorText(const QNetworkReply *reply, int transferTimeoutMs);
// The request's overall deadline passed before its answer was complete.
QString deadlineErrorText(const QUrl &url, int deadlineMs);
// The answer grew past the body cap; its download was aborted there.
QString bodyTooLargeText(const QUrl &url, qint64 capBytes);
// stop() of the client cut the request off.
QString cancelledText(const QUrl &url);

} // namespace sagadeck
