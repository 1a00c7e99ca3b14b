// One message of the saga-events topic (models/SagaEvent): the bytes are the value, their
// first line (up to 64 bytes) also serves as the key.
#include "FuzzTouch.h"
#include "SagaEvent.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray value(reinterpret_cast<const char *>(data), qsizetype(size));
    const QByteArray key = value.left(value.indexOf('\n')).left(64);
    const sagadeck::SagaEvent e = sagadeck::SagaEvent::parse(3, 42, 1700000000000, key, value);
    fuzzTouch(std::size_t(e.raw.size() + e.problem.size() + e.type.size() + (e.sagaId.isNull() ? 0 : 1)));
    return 0;
}
