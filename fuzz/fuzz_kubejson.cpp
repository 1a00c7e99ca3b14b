// Kubernetes API bodies (feeds/kube/KubeJson): a DeploymentList, and a Status error answer.
// There is no watch-event parser (the client lists), so the list parser is what is fuzzed.
#include "FuzzTouch.h"
#include "KubeJson.h"

#include <cstdint>

using namespace Qt::StringLiterals;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    namespace kj = sagadeck::kubejson;
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    QString error;
    const sagadeck::DeploymentList list = kj::parseDeploymentList(body, &error);
    fuzzTouch(std::size_t(list.size() + error.size()));
    for (const sagadeck::DeploymentInfo &d : list)
        fuzzTouch(std::size_t(d.name.size() + d.conditions.size() + d.labels.size()));
    for (int status : {403, 404, 500}) {
        const kj::ApiError e = kj::describeError(status, body, u"patch"_s, u"deployments"_s, u"api"_s, u"shop"_s,
                                                 u"me"_s);
        fuzzTouch(std::size_t(e.message.size() + e.reason.size()));
    }
    return 0;
}
