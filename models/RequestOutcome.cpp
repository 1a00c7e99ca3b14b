#include "RequestOutcome.h"

using namespace Qt::StringLiterals;

namespace sagadeck {

QString requestOutcomeName(RequestOutcome::Kind kind)
{
    switch (kind) {
    case RequestOutcome::Kind::Done: return u"done"_s;
    case RequestOutcome::Kind::Failed: return u"failed"_s;
    case RequestOutcome::Kind::RefusedBeforeSending: return u"refused"_s;
    case RequestOutcome::Kind::Unknown: return u"unknown"_s;
    }
    return QString();
}

} // namespace sagadeck
