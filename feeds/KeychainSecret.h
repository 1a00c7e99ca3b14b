#pragma once

#include <QString>

#include <optional>

namespace sagadeck {

// Reads a secret from the desktop keychain (QtKeychain: Secret Service, KWallet, ...),
// blocking the calling thread until it answers or `timeoutMs` passes. Call it only from a
// feed thread, never the GUI thread. Secrets live under service "sagadeck".
// On failure returns nullopt and says why in `error` (never the secret).
std::optional<QString> readKeychainSecret(const QString &key, QString *error, int timeoutMs = 10000);

inline QString keychainService()
{
    return QStringLiteral("sagadeck");
}

} // namespace sagadeck
