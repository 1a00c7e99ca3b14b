#include "TransportSecurity.h"

#include "Profile.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace sagadeck {

QString transportName(TransportSecurity security)
{
    switch (security) {
    case TransportSecurity::Unknown: return u"not known yet"_s;
    case TransportSecurity::LocalSocket: return u"local socket"_s;
    case TransportSecurity::Plaintext: return u"plaintext"_s;
    case TransportSecurity::UnverifiedTls: return u"unverified TLS"_s;
    case TransportSecurity::VerifiedTls: return u"verified TLS"_s;
    }
    return {};
}

QString transportKey(TransportSecurity security)
{
    switch (security) {
    case TransportSecurity::Unknown: return u"unknown"_s;
    case TransportSecurity::LocalSocket: return u"local_socket"_s;
    case TransportSecurity::Plaintext: return u"plaintext"_s;
    case TransportSecurity::UnverifiedTls: return u"unverified_tls"_s;
    case TransportSecurity::VerifiedTls: return u"verified_tls"_s;
    }
    return {};
}

bool transportIsUnsafe(TransportSecurity security)
{
    return security == TransportSecurity::Plaintext || security == TransportSecurity::UnverifiedTls;
}

QString describeTransport(const Transport &transport)
{
    const QString name = transportName(transport.security);
    return transport.detail.isEmpty() ? name : name + u" ("_s + transport.detail + u")"_s;
}

Transport httpTransport(const QUrl &url, bool insecureSkipVerify)
{
    if (url.scheme().compare(u"https"_s, Qt::CaseInsensitive) != 0)
        return {TransportSecurity::Plaintext, url.scheme() + u"://"_s};
    if (insecureSkipVerify)
        return {TransportSecurity::UnverifiedTls, u"certificate checks turned off"_s};
    return {TransportSecurity::VerifiedTls, QString()};
}

Transport kafkaTransport(const KafkaSettings &settings)
{
    const QString protocol = u"security_protocol: "_s + settings.securityProtocol;
    if (!settings.usesTls())
        return {TransportSecurity::Plaintext, protocol};
    if (settings.insecureSkipVerify)
        return {TransportSecurity::UnverifiedTls, protocol + u", insecure_skip_verify: true"_s};
    return {TransportSecurity::VerifiedTls, protocol};
}

Transport postgresTransport(bool sslInUse, bool unixSocket, const QString &sslmode)
{
    if (unixSocket)
        return {TransportSecurity::LocalSocket, QString()};
    const QString mode = u"sslmode="_s + sslmode;
    if (!sslInUse)
        return {TransportSecurity::Plaintext, mode};
    if (sslmode == u"verify-full"_s)
        return {TransportSecurity::VerifiedTls, mode};
    // require/prefer/allow check nothing; verify-ca checks the chain but not the host name.
    return {TransportSecurity::UnverifiedTls, mode};
}

} // namespace sagadeck
