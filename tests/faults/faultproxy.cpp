// faultproxy: a TCP proxy between the console and one server that misbehaves on command.
//
//   faultproxy --target HOST:PORT [--listen PORT] [--bind ADDRESS]
//
// Prints "listening PORT" once bound, then reads one command per line on stdin and answers
// "ok <command>" (or "error <why>") on stdout:
//   pass            forward both ways (the default); bytes held by blackhole are delivered,
//                   and so is the close of a server that hung up meanwhile
//   latency MS      delay every chunk, both ways, by MS milliseconds
//   drip BPS        deliver the server's bytes to the client at BPS bytes per second
//   blackhole       accept and hold connections, forward nothing (a hung peer or a dropped route)
//   reset           reset every open connection and every new one (RST, not FIN)
//   drop-responses  forward the client's bytes, throw the server's away (an answer lost)
//   drop-answers-to METHOD  like drop-responses, but only on connections once they send an
//                   HTTP request with METHOD (e.g. POST: the action is lost, reads still work)
//   forget          the open connections go silent for good (bytes dropped both ways, never
//                   closed: a NAT or load balancer that lost their state); new ones pass
//   count           print "connections N" (accepted so far)
// Closing stdin ends the proxy. It is a test tool: one process per proxied server.
#include <QCoreApplication>
#include <QHostAddress>
#include <QPointer>
#include <QSocketNotifier>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

enum class Mode
{
    Pass,
    Latency,
    Drip,
    Blackhole,
    Reset,
    DropResponses,
    DropAnswersTo
};

struct Settings
{
    Mode mode = Mode::Pass;
    int latencyMs = 0;
    int dripBytesPerS = 0;
    QByteArray method; // DropAnswersTo
};

void say(const QByteArray &line)
{
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

// RST instead of FIN: linger 0, then close.
void resetSocket(QTcpSocket *s)
{
    if (s->socketDescriptor() >= 0) {
        linger l{1, 0};
        ::setsockopt(int(s->socketDescriptor()), SOL_SOCKET, SO_LINGER, &l, sizeof l);
    }
    s->abort();
}

// One client connection and its connection to the server.
class Pipe : public QObject
{
    Q_OBJECT
public:
    Pipe(QTcpSocket *client, const QString &host, quint16 port, const Settings *settings, QObject *parent)
        : QObject(parent)
        , m_client(client)
        , m_server(new QTcpSocket(this))
        , m_settings(settings)
    {
        client->setParent(this);
        m_drip.setInterval(100);
        connect(&m_drip, &QTimer::timeout, this, &Pipe::dripSome);
        connect(m_client, &QTcpSocket::readyRead, this, [this] { fromClient(); });
        connect(m_server, &QTcpSocket::readyRead, this, [this] { fromServer(); });
        connect(m_server, &QTcpSocket::connected, this, [this] { flushHeld(); });
        connect(m_client, &QTcpSocket::disconnected, this, [this] {
            m_server->disconnectFromHost();
            finish();
        });
        connect(m_server, &QTcpSocket::disconnected, this, [this] {
            m_serverGone = true;
            if (m_forgotten)
                return; // a lost route carries no FIN either
            // The server's FIN travels like its bytes: held in a black hole, and after what is
            // still queued for the client otherwise.
            if (m_settings->mode != Mode::Blackhole && m_toClient.isEmpty() && m_heldToClient.isEmpty())
                m_client->disconnectFromHost();
            finish();
        });
        m_server->connectToHost(host, port);
    }

    void forget() { m_forgotten = true; }

    void resetNow()
    {
        resetSocket(m_client);
        m_server->abort();
        deleteLater();
    }

    // Leaving blackhole: deliver what was held, as a healed route would.
    void flushHeld()
    {
        if (m_settings->mode == Mode::Blackhole)
            return;
        if (m_server->state() == QAbstractSocket::ConnectedState && !m_heldToServer.isEmpty())
            m_server->write(std::exchange(m_heldToServer, {}));
        if (!m_heldToClient.isEmpty())
            deliverToClient(std::exchange(m_heldToClient, {}));
        // A server that closed while the route was down: its FIN arrives now, after its last
        // bytes (a long black hole outlives idle connections; a client must see them end).
        if (m_serverGone) {
            m_heldToServer.clear();
            if (m_toClient.isEmpty())
                m_client->disconnectFromHost();
            finish();
        }
    }

private:
    void fromClient()
    {
        const QByteArray data = m_client->readAll();
        if (m_forgotten)
            return;
        if (m_settings->mode == Mode::DropAnswersTo && data.startsWith(QByteArray(m_settings->method + ' ')))
            m_losingAnswers = true;
        if (m_serverGone && m_settings->mode != Mode::Blackhole)
            return; // the server closed and its FIN is on the way: nobody reads this
        if (m_settings->mode == Mode::Blackhole || m_server->state() != QAbstractSocket::ConnectedState) {
            m_heldToServer += data;
            return;
        }
        later([this, data] {
            if (m_server)
                m_server->write(data);
        });
    }

    void fromServer()
    {
        const QByteArray data = m_server->readAll();
        if (m_forgotten)
            return;
        if (m_losingAnswers && m_settings->mode == Mode::DropAnswersTo)
            return;
        switch (m_settings->mode) {
        case Mode::Blackhole: m_heldToClient += data; return;
        case Mode::DropResponses: return;
        default: deliverToClient(data);
        }
    }

    void deliverToClient(const QByteArray &data)
    {
        if (m_settings->mode == Mode::Drip) {
            m_toClient += data;
            if (!m_drip.isActive())
                m_drip.start();
            return;
        }
        later([this, data] {
            if (m_client)
                m_client->write(data);
        });
    }

    void dripSome()
    {
        const int perTick = std::max(1, m_settings->dripBytesPerS / 10);
        m_client->write(m_toClient.left(perTick));
        m_toClient.remove(0, perTick);
        if (m_toClient.isEmpty()) {
            m_drip.stop();
            if (m_server->state() == QAbstractSocket::UnconnectedState)
                m_client->disconnectFromHost();
        }
    }

    template <typename F>
    void later(F f)
    {
        if (m_settings->mode == Mode::Latency && m_settings->latencyMs > 0)
            QTimer::singleShot(m_settings->latencyMs, this, f);
        else
            f();
    }

    void finish()
    {
        if (m_client->state() == QAbstractSocket::UnconnectedState
            && m_server->state() == QAbstractSocket::UnconnectedState && m_toClient.isEmpty())
            deleteLater();
    }

    QPointer<QTcpSocket> m_client;
    QPointer<QTcpSocket> m_server;
    const Settings *m_settings;
    QByteArray m_heldToServer, m_heldToClient, m_toClient;
    QTimer m_drip;
    bool m_losingAnswers = false;
    bool m_serverGone = false;
    bool m_forgotten = false;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    QString target;
    quint16 listenPort = 0;
    QHostAddress bind = QHostAddress::LocalHost;
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args.at(i) == u"--target"_s)
            target = args.at(i + 1);
        else if (args.at(i) == u"--listen"_s)
            listenPort = quint16(args.at(i + 1).toUInt());
        else if (args.at(i) == u"--bind"_s)
            bind = QHostAddress(args.at(i + 1));
    }
    const qsizetype colon = target.lastIndexOf(u':');
    if (colon <= 0) {
        std::fprintf(stderr, "usage: faultproxy --target HOST:PORT [--listen PORT]\n");
        return 2;
    }
    const QString host = target.left(colon);
    const quint16 port = quint16(target.mid(colon + 1).toUInt());

    Settings settings;
    int accepted = 0;
    QTcpServer server;
    if (!server.listen(bind, listenPort)) {
        std::fprintf(stderr, "faultproxy: cannot listen: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    QObject::connect(&server, &QTcpServer::newConnection, &server, [&] {
        while (QTcpSocket *client = server.nextPendingConnection()) {
            ++accepted;
            if (settings.mode == Mode::Reset) {
                resetSocket(client);
                client->deleteLater();
                continue;
            }
            new Pipe(client, host, port, &settings, &server);
        }
    });
    say("listening " + QByteArray::number(server.serverPort()));

    auto pipes = [&server] { return server.findChildren<Pipe *>(QString(), Qt::FindDirectChildrenOnly); };
    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QByteArray pending;
    QObject::connect(&input, &QSocketNotifier::activated, &app, [&] {
        char buf[512];
        const ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
        if (n <= 0) {
            app.quit();
            return;
        }
        pending.append(buf, n);
        qsizetype nl;
        while ((nl = pending.indexOf('\n')) >= 0) {
            const QList<QByteArray> words = pending.left(nl).trimmed().split(' ');
            pending.remove(0, nl + 1);
            const QByteArray cmd = words.value(0);
            const int arg = words.value(1).toInt();
            if (cmd == "pass") {
                settings = {};
                for (Pipe *p : pipes())
                    p->flushHeld();
            } else if (cmd == "latency" && arg > 0) {
                settings = {Mode::Latency, arg, 0, {}};
            } else if (cmd == "drip" && arg > 0) {
                settings = {Mode::Drip, 0, arg, {}};
            } else if (cmd == "blackhole") {
                settings = {Mode::Blackhole, 0, 0, {}};
            } else if (cmd == "reset") {
                settings = {Mode::Reset, 0, 0, {}};
                for (Pipe *p : pipes())
                    p->resetNow();
            } else if (cmd == "forget") {
                for (Pipe *p : pipes())
                    p->forget();
            } else if (cmd == "drop-responses") {
                settings = {Mode::DropResponses, 0, 0, {}};
            } else if (cmd == "drop-answers-to" && !words.value(1).isEmpty()) {
                settings = {Mode::DropAnswersTo, 0, 0, words.value(1)};
            } else if (cmd == "count") {
                say("connections " + QByteArray::number(accepted));
                continue;
            } else {
                say("error unknown command '" + cmd + "'");
                continue;
            }
            say("ok " + words.join(' '));
        }
    });
    return app.exec();
}

#include "faultproxy.moc"
