// Orchestrator REST answers (feeds/OrchestratorJson): one saga, a list of sagas, an error.
#include "FuzzTouch.h"
#include "OrchestratorJson.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using sagadeck::OrchestratorBodyShape;
    const QByteArray raw(reinterpret_cast<const char *>(data), qsizetype(size));
    for (auto shape : {OrchestratorBodyShape::Saga, OrchestratorBodyShape::SagaList}) {
        const sagadeck::OrchestratorBody b = sagadeck::parseOrchestratorBody(raw, shape);
        fuzzTouch(std::size_t(b.error.size() + b.sagas.size() + b.saga.steps.size() + b.saga.payload.size()
                              + (b.isSaga ? 1 : 0)));
    }
    return 0;
}
