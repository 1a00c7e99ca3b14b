#include "PostgresConnection.h"

#include "KeychainSecret.h"
#include "PostgresConninfo.h"

#include <QThread>

#include <pqxx/pqxx>

#include <set>

using namespace Qt::StringLiterals;

namespace sagadeck {

namespace {

class Listener : public pqxx::notification_receiver
{
public:
    Listener(pqxx::connection &c, const std::string &channel, std::function<void(const std::string &)> onPayload)
        : pqxx::notification_receiver(c, channel)
        , m_onPayload(std::move(onPayload))
    {}
    void operator()(const std::string &payload, int) override { m_onPayload(payload); }

private:
    std::function<void(const std::string &)> m_onPayload;
};

} // namespace

QString firstLineOf(const char *what)
{
    return QString::fromUtf8(what).trimmed().section(u'\n', 0, 0);
}

struct PostgresConnection::Session
{
    explicit Session(const std::string &conninfo)
        : conn(conninfo)
    {}
    pqxx::connection conn;
    std::unique_ptr<Listener> listener; // destroyed before conn (declared after it)
    std::set<std::string> prepared;
};

PostgresConnection::PostgresConnection(const PostgresSettings &settings)
    : m_settings(settings)
{}

PostgresConnection::~PostgresConnection() = default;

QString PostgresConnection::profileConninfo() const
{
    return m_settings.service.isEmpty() ? m_settings.conninfo : u"service="_s + conninfoQuoted(m_settings.service);
}

QString PostgresConnection::keychainKey() const
{
    // What the password is for: the service name or the conninfo (which holds no password).
    return u"postgres:"_s + (m_settings.service.isEmpty() ? m_settings.conninfo : m_settings.service);
}

std::optional<QString> PostgresConnection::open()
{
    close();
    QString password;
    const QByteArray env = m_settings.passwordEnv.toUtf8();
    if (!env.isEmpty() && qEnvironmentVariableIsSet(env.constData()))
        password = qEnvironmentVariable(env.constData());
    if (m_settings.passwordFromKeychain) {
        QString error;
        const auto secret = readKeychainSecret(keychainKey(), &error);
        if (!secret)
            return error;
        password = *secret;
    }
    // A dead peer must not hold a query forever: keepalives and a TCP user timeout let the
    // kernel notice; application_name lets a DBA see who we are in pg_stat_activity. A site's
    // own value of any of them wins.
    static const QList<QPair<QString, QString>> sessionDefaults = {
        {u"application_name"_s, u"sagadeck"_s}, {u"connect_timeout"_s, u"5"_s},     {u"keepalives"_s, u"1"_s},
        {u"keepalives_idle"_s, u"10"_s},        {u"keepalives_interval"_s, u"5"_s}, {u"keepalives_count"_s, u"3"_s},
        {u"tcp_user_timeout"_s, u"15000"_s},
    };
    const ConninfoBuild conninfo = buildConninfo(profileConninfo(), sessionDefaults, password);
    if (!conninfo.error.isEmpty())
        return u"the profile's Postgres conninfo cannot be read: "_s + conninfo.error;
    try {
        m_session = std::make_unique<Session>(conninfo.conninfo.toStdString());
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
        // docs/architecture.md: we rebuild the connection ourselves; a silent reconnect would lose
        // the session settings and LISTEN without anyone noticing.
        m_session->conn.inhibit_reactivation(true);
#pragma GCC diagnostic pop
        pqxx::nontransaction setup(m_session->conn);
        setup.exec0("SET statement_timeout = " + std::to_string(m_settings.statementTimeoutMs));
        // The server's own view: whether this session runs over TLS, or over a Unix socket.
        const pqxx::row tls = setup.exec1("SELECT coalesce(ssl, false), inet_server_addr() IS NULL FROM pg_stat_ssl "
                                          "WHERE pid = pg_backend_pid()");
        m_transport = postgresTransport(tls[0].as<bool>(), tls[1].as<bool>(), conninfo.sslmode);
    } catch (const std::exception &e) {
        m_session.reset();
        return withoutSecret(firstLineOf(e.what()), password);
    }
    return std::nullopt;
}

void PostgresConnection::close()
{
    m_session.reset();
    m_transport = {};
}

bool PostgresConnection::isOpen() const
{
    return m_session != nullptr;
}

void PostgresConnection::listen(const std::string &channel, std::function<void(const std::string &)> onPayload)
{
    if (m_session)
        m_session->listener = std::make_unique<Listener>(m_session->conn, channel, std::move(onPayload));
}

int PostgresConnection::socket() const
{
    return m_session ? m_session->conn.sock() : -1;
}

std::optional<PostgresConnection::Failure> PostgresConnection::consumeNotifications()
{
    if (!m_session)
        return Failure{u"not connected"_s, true};
    try {
        m_session->conn.get_notifs();
    } catch (const pqxx::broken_connection &e) {
        close();
        return Failure{firstLineOf(e.what()), true};
    }
    return std::nullopt;
}

pqxx::result PostgresConnection::Reader::run(const SqlStatement &statement)
{
    // Every statement is prepared once per connection, named after its text.
    const std::string name = "sagadeck_" + std::to_string(std::hash<std::string>{}(statement.text));
    if (m_conn.m_session->prepared.insert(name).second)
        m_conn.m_session->conn.prepare(name, statement.text);
    return m_tx.exec_prepared(name, pqxx::prepare::make_dynamic_params(statement.params));
}

std::optional<PostgresConnection::Failure> PostgresConnection::read(const std::function<void(Reader &)> &work)
{
    if (!m_session)
        return Failure{u"not connected"_s, true};
    try {
        pqxx::read_transaction tx(m_session->conn);
        Reader reader(*this, tx);
        work(reader);
        return std::nullopt;
    } catch (const pqxx::broken_connection &e) {
        close();
        return Failure{firstLineOf(e.what()), true};
    } catch (const pqxx::sql_error &e) {
        const QString reason = firstLineOf(e.what());
        if (reason.contains(u"statement timeout"_s))
            return Failure{
                u"query took longer than the statement timeout (%1 ms)"_s.arg(m_settings.statementTimeoutMs)};
        return Failure{reason};
    } catch (const std::exception &e) {
        return Failure{firstLineOf(e.what())};
    }
}

std::optional<QString> PostgresConnection::readOnDemand(const std::function<void(Reader &)> &work)
{
    if (QThread::currentThread()->isInterruptionRequested())
        return u"stopping: the session has ended"_s;
    if (!isOpen())
        if (const auto error = open())
            return u"cannot connect to Postgres: "_s + *error;
    if (const auto failure = read(work))
        return failure->reason;
    return std::nullopt;
}

} // namespace sagadeck
