// A kubeconfig file (feeds/kube/KubeConfig, yaml-cpp), then every context selected from it.
// The file name is in a folder that does not exist, so relative certificate paths read nothing.
#include "FuzzTouch.h"
#include "KubeConfig.h"

#include <cstdint>

using namespace Qt::StringLiterals;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray yaml(reinterpret_cast<const char *>(data), qsizetype(size));
    QString error;
    const sagadeck::KubeConfig cfg = sagadeck::KubeConfig::parse(yaml, u"/nonexistent/sagadeck-fuzz/config"_s, &error);
    fuzzTouch(std::size_t(error.size()));
    QStringList names = cfg.contextNames();
    names << QString(); // current-context
    for (const QString &name : std::as_const(names)) {
        const sagadeck::KubeTarget t = cfg.select(name, u"default"_s, &error);
        fuzzTouch(std::size_t(t.server.size() + t.caPem.size() + error.size()));
    }
    return 0;
}
