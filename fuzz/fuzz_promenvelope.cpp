// Prometheus HTTP API answers (models/PromEnvelope): query, query_range and alerts bodies.
#include "FuzzTouch.h"
#include "PromEnvelope.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    for (int status : {200, 503}) {
        const sagadeck::PromAnswer a = sagadeck::parsePromEnvelope(body, status);
        fuzzTouch(std::size_t(a.series.size() + a.alerts.size() + a.error.size()));
        for (const sagadeck::PromSeries &s : a.series)
            fuzzTouch(std::size_t(s.displayName().size() + s.points.size()));
    }
    return 0;
}
