#pragma once

#include "Profile.h"
#include "SagaSql.h"
#include "TransportSecurity.h"

#include <QString>

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace pqxx {
class result;
class transaction_base;
} // namespace pqxx

namespace sagadeck {

// One libpqxx connection as the console uses it: our session settings (statement timeout,
// keepalives, application name), automatic reactivation off, every statement prepared once,
// and errors turned into one line a person can read. Not thread-safe: one owning thread.
class PostgresConnection
{
public:
    // Runs statements inside one read-only transaction.
    class Reader
    {
    public:
        pqxx::result run(const SqlStatement &statement);

    private:
        friend class PostgresConnection;
        Reader(PostgresConnection &c, pqxx::transaction_base &tx)
            : m_conn(c)
            , m_tx(tx)
        {}
        PostgresConnection &m_conn;
        pqxx::transaction_base &m_tx;
    };

    struct Failure
    {
        QString reason;
        bool connectionLost = false; // the connection is gone and was closed
    };

    explicit PostgresConnection(const PostgresSettings &settings);
    ~PostgresConnection();

    // Connects (again); returns the reason on failure.
    std::optional<QString> open();
    void close();
    bool isOpen() const;

    // LISTEN on `channel`; `onPayload` runs inside consumeNotifications().
    void listen(const std::string &channel, std::function<void(const std::string &)> onPayload);
    int socket() const;
    std::optional<Failure> consumeNotifications();

    std::optional<Failure> read(const std::function<void(Reader &)> &work);
    // For the on-demand query workers: connects first if need be, and does nothing once the
    // calling thread is asked to stop (requests queued before a session ended are dropped,
    // so its thread ends promptly). Returns the reason on failure.
    std::optional<QString> readOnDemand(const std::function<void(Reader &)> &work);

    const PostgresSettings &settings() const { return m_settings; }
    // How the open connection travels (TLS in use per pg_stat_ssl, and the sslmode); Unknown
    // while closed.
    Transport transport() const { return m_transport; }
    // The keychain entry (service "sagadeck") that holds the password when the profile says
    // password_keychain: true.
    QString keychainKey() const;

private:
    struct Session;
    // The profile's conninfo, or its service as a conninfo.
    QString profileConninfo() const;

    PostgresSettings m_settings;
    std::unique_ptr<Session> m_session;
    Transport m_transport;
};

// One line of a libpq/libpqxx message (they end in newlines and may quote our SQL).
QString firstLineOf(const char *what);

} // namespace sagadeck
