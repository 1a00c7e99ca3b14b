#pragma once

#include "ProfileStore.h"

namespace sagadeck {

// Walks the YAML of a profiles file into a ProfileLoadResult: types, ranges, $VAR
// interpolation, inline-secret refusal, and messages with file:line:key. Use it through
// ProfileStore; it is separate only to keep file handling and YAML walking apart.
class ProfileParser
{
public:
    static ProfileLoadResult parse(const QByteArray &yaml, const QString &pathForMessages,
                                   const QProcessEnvironment &env);

    // Every key a profiles file may hold, as the README's profile reference writes them
    // ("read_only", "kafka.sasl_mechanism", "contacts[].reach"), sorted.
    static QStringList knownKeys();
};

} // namespace sagadeck
