#pragma once

#include <QString>

class QUrl;

namespace sagadeck {

struct KafkaSettings;

// How safely a feed's bytes travel (issue 16): every feed says it in the status bar tooltip,
// the snapshot JSON and the war-room header, and a production profile warns when any is not
// verified TLS. Unknown until the feed knows (Postgres only once connected).
enum class TransportSecurity
{
    Unknown,
    LocalSocket,   // a Unix-domain socket: no network to protect
    Plaintext,     // readable and changeable by anyone on the path
    UnverifiedTls, // encrypted, but the server's certificate or name is not checked
    VerifiedTls
};

struct Transport
{
    TransportSecurity security = TransportSecurity::Unknown;
    QString detail; // why, in a few words: "sslmode=require", "insecure_skip_verify: true", ...

    friend bool operator==(const Transport &a, const Transport &b)
    {
        return a.security == b.security && a.detail == b.detail;
    }
    friend bool operator!=(const Transport &a, const Transport &b) { return !(a == b); }
};

QString transportName(TransportSecurity security); // "verified TLS", "unverified TLS", "plaintext", ...
QString transportKey(TransportSecurity security);  // the snapshot JSON's value: "verified_tls", ...
// Plaintext over a network, or TLS that does not check who answers.
bool transportIsUnsafe(TransportSecurity security);
// "unverified TLS (sslmode=require)"
QString describeTransport(const Transport &transport);

// http: plaintext; https: verified unless certificate checks are off.
Transport httpTransport(const QUrl &url, bool insecureSkipVerify);
// From security.protocol: librdkafka checks the broker's certificate and host name unless
// the profile turns it off.
Transport kafkaTransport(const KafkaSettings &settings);
// A live Postgres connection: whether TLS is in use (pg_stat_ssl), whether it runs over a Unix
// socket, and the sslmode libpq used (only verify-full checks both certificate and host name).
Transport postgresTransport(bool sslInUse, bool unixSocket, const QString &sslmode);

} // namespace sagadeck
