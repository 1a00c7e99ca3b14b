#pragma once

#include "PromTypes.h"

#include <QByteArray>

namespace sagadeck {

// Turns a Prometheus API response body into a PromAnswer (the request is left to the caller).
// Success: {"status":"success","data":{"resultType":...,"result":[...]},"warnings":[...]}.
// Error:   {"status":"error","errorType":"bad_data","error":"..."} becomes a readable message.
// Anything else (not JSON, wrong shape, HTML from a proxy) is an error of type "malformed";
// nothing is guessed. `httpStatus` only colours the message when the body says nothing.
PromAnswer parsePromEnvelope(const QByteArray &body, int httpStatus = 200);

// Sample values arrive as strings ("1.5", "NaN", "+Inf"): parsed exactly, false if not a number.
bool parsePromValue(const QString &text, double *out);

} // namespace sagadeck
