// The connection profiles file (app/ProfileParser, yaml-cpp), parsed from bytes with a small
// fixed environment for $VAR expansion, then every profile selected.
#include "FuzzTouch.h"
#include "ProfileStore.h"

#include <cstdint>

using namespace Qt::StringLiterals;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const QProcessEnvironment env = [] {
        QProcessEnvironment e;
        e.insert(u"HOME"_s, u"/nonexistent/sagadeck-fuzz"_s);
        e.insert(u"PGHOST"_s, u"127.0.0.1"_s);
        e.insert(u"EMPTY"_s, QString());
        return e;
    }();
    const QByteArray yaml(reinterpret_cast<const char *>(data), qsizetype(size));
    const sagadeck::ProfileLoadResult r = sagadeck::ProfileStore::parse(yaml, u"fuzz.yaml"_s, env);
    fuzzTouch(std::size_t(r.profiles.size() + r.errors.size() + r.fileErrors.size()));
    QStringList names = r.profileNames();
    names << QString(); // current, or the only one
    for (const QString &name : std::as_const(names)) {
        QString error;
        const auto p = sagadeck::ProfileStore::select(r, name, &error);
        fuzzTouch(std::size_t(error.size() + (p ? p->name.size() : 0)));
    }
    return 0;
}
